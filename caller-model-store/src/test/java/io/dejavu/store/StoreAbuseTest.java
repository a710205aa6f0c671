package io.dejavu.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dejavu.testing.Await;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The store's side of issue 18, replayed against a real store on a random port: strangers' bodies
 * and slow uploads must not cost the store reads or the threads downloads need.
 */
class StoreAbuseTest {
    private static final long FLOOD_LIMIT = 1L << 30;
    private StoreFixture store;
    private final List<Socket> sockets = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        // No minimum rate here: these uploads stall on purpose and must hold their slots.
        store = new StoreFixture(b -> b.uploadLimits(3, 2).minUploadBytesPerSecond(0));
        assertEquals(
                201,
                store.upload("alice", TestModels.random("alice", 1).toZip()).statusCode());
    }

    @AfterEach
    void stop() throws IOException {
        for (Socket s : sockets) {
            s.close();
        }
        store.close();
    }

    @Test
    void anUnauthenticatedChunkedBodyIsRefusedWithoutBeingRead() throws Exception {
        Socket s = connect("127.0.0.1");
        OutputStream out = s.getOutputStream();
        out.write(head("POST", null, "Transfer-Encoding: chunked"));
        AtomicLong sent = new AtomicLong();
        // The attack: an unbounded chunked body sent as fast as loopback takes it.
        CompletableFuture<Void> flood = CompletableFuture.runAsync(() -> {
            byte[] chunk = new byte[64 * 1024];
            byte[] size = "10000\r\n".getBytes(StandardCharsets.US_ASCII);
            byte[] end = "\r\n".getBytes(StandardCharsets.US_ASCII);
            try {
                while (sent.get() < FLOOD_LIMIT) {
                    out.write(size);
                    out.write(chunk);
                    out.write(end);
                    sent.addAndGet(chunk.length);
                }
            } catch (IOException closedByStore) {
                return;
            }
            throw new AssertionError("the store read all " + sent.get() + " bytes of an anonymous body");
        });
        String response;
        try {
            response = readToEnd(s);
        } catch (IOException resetByStore) {
            response = "(reset before the answer was read: " + resetByStore.getMessage() + ")";
        }

        flood.get(60, TimeUnit.SECONDS);
        assertTrue(response.startsWith("HTTP/1.1 401") || response.startsWith("(reset"), response);
        assertTrue(sent.get() < FLOOD_LIMIT, sent.get() + " bytes sent");
    }

    @Test
    void uploadsBeyondTheLimitsAreTurnedAwayAtOnceWhileATicketDownloadStillWorks() throws Exception {
        Socket first = slowUpload("127.0.0.1");
        Socket second = slowUpload("127.0.0.1");
        Await.until(
                "two uploads reading",
                Duration.ofSeconds(10),
                () -> store.server.stats().uploadsReading() == 2);
        Socket third = slowUpload("127.0.0.1");
        assertTrue(readToEnd(third).startsWith("HTTP/1.1 429"), "a third upload from one client");
        Socket other = slowUpload("127.0.0.2");
        Await.until(
                "three uploads reading",
                Duration.ofSeconds(10),
                () -> store.server.stats().uploadsReading() == 3);
        Socket fourth = slowUpload("127.0.0.3");
        assertTrue(readToEnd(fourth).startsWith("HTTP/1.1 503"), "a fourth upload in all");

        var download = store.send(store.ticketRequest(
                "GET", StoreProtocol.modelPath("alice"), StoreFixture.ticket("bob", "alice"), "bob", StoreFixture.KEY));

        assertEquals(200, download.statusCode());
        assertEquals(2, store.server.stats().uploadsTurnedAway());
        for (Socket s : List.of(first, second, other)) {
            s.close();
        }
        Await.until(
                "slots given back",
                Duration.ofSeconds(30),
                () -> store.server.stats().uploadsReading() == 0);
    }

    @Test
    void anUploadSlowerThanTheMinimumRateIsCut() throws Exception {
        try (StoreFixture strict = new StoreFixture(b -> b.minUploadBytesPerSecond(1024 * 1024))) {
            Socket s = connect("127.0.0.1", strict);
            OutputStream out = s.getOutputStream();
            out.write(head("POST", StoreFixture.ADMIN, "Content-Length: 100000", strict));
            out.write(new byte[10]);
            out.flush();
            Await.until(
                    "upload reading",
                    Duration.ofSeconds(10),
                    () -> strict.server.stats().uploadsReading() == 1);
            // From here every byte arrives far below 1 MiB/s; the store cuts the body instead of waiting.
            try {
                for (int i = 0; i < 100 && strict.server.stats().uploadsReading() == 1; i++) {
                    out.write(1);
                    out.flush();
                    Thread.sleep(50);
                }
            } catch (IOException closedByStore) {
                // expected once the store has given up on the body
            }
            Await.until(
                    "slow upload cut",
                    Duration.ofSeconds(30),
                    () -> strict.server.stats().uploadsReading() == 0);
            assertEquals(0, strict.server.stats().published());
        }
    }

    private Socket slowUpload(String from) throws IOException {
        Socket s = connect(from);
        s.getOutputStream().write(head("POST", StoreFixture.ADMIN, "Content-Length: 100000"));
        s.getOutputStream().write(new byte[10]);
        s.getOutputStream().flush();
        return s;
    }

    private Socket connect(String from) throws IOException {
        return connect(from, store);
    }

    private Socket connect(String from, StoreFixture target) throws IOException {
        Socket s = new Socket();
        s.bind(new InetSocketAddress(InetAddress.getByName(from), 0));
        s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), target.uri.getPort()));
        s.setSoTimeout(30_000);
        sockets.add(s);
        return s;
    }

    private byte[] head(String method, String admin, String bodyHeader) {
        return head(method, admin, bodyHeader, store);
    }

    private static byte[] head(String method, String admin, String bodyHeader, StoreFixture target) {
        String h = method + " " + StoreProtocol.versionsPath("alice") + " HTTP/1.1\r\n"
                + "Host: 127.0.0.1:" + target.uri.getPort() + "\r\n"
                + (admin == null ? "" : "Authorization: Bearer " + admin + "\r\n")
                + "Content-Type: " + StoreProtocol.BUNDLE_MEDIA_TYPE + "\r\n"
                + bodyHeader + "\r\n\r\n";
        return h.getBytes(StandardCharsets.US_ASCII);
    }

    private static String readToEnd(Socket s) throws IOException {
        InputStream in = s.getInputStream();
        return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
    }
}

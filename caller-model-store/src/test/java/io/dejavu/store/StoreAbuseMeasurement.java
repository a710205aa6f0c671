package io.dejavu.store;

import io.dejavu.protocol.ticket.TicketKey;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Replays issue 18's "slow uploads starve downloads" attack against an in-process store on loopback
 * and prints the ticket-download latencies that docs/SECURITY.md quotes. Not a test (it asserts
 * nothing and takes about a minute); run it with the test class path:
 *
 * <pre>
 * mvn -o -q -pl caller-model-store -am test-compile dependency:build-classpath \
 *     -Dmdep.outputFile=target/test-cp.txt -Dmdep.includeScope=test
 * java -cp caller-model-store/target/test-classes:caller-model-store/target/classes:$(cat caller-model-store/target/test-cp.txt) \
 *     io.dejavu.store.StoreAbuseMeasurement [slow uploads] [downloads] [min upload B/s]
 * java ... io.dejavu.store.StoreAbuseMeasurement tickets [runs]     # ticket refusal after hang-up and revocation
 * </pre>
 *
 * Each slow upload comes from its own loopback address (127.0.0.10 up), so the per-client limit
 * does not help and only the total limit and the minimum data rate protect the downloads; it
 * sends its headers and then a byte every 200 ms, and opens a new one whenever the store refuses
 * or cuts it.
 */
public final class StoreAbuseMeasurement {
    private StoreAbuseMeasurement() {}

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("tickets")) {
            ticketsAfterTheCall(args.length > 1 ? Integer.parseInt(args[1]) : 10);
            return;
        }
        int slow = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        int downloads = args.length > 1 ? Integer.parseInt(args[1]) : 300;
        long minRate = args.length > 2 ? Long.parseLong(args[2]) : 16 * 1024;
        try (StoreFixture store = new StoreFixture(b -> b.minUploadBytesPerSecond(minRate))) {
            if (store.upload("alice", TestModels.random("alice", 1).toZip()).statusCode() != 201) {
                throw new IllegalStateException("seeding alice failed");
            }
            double[] quiet = download(store, downloads);
            AtomicBoolean running = new AtomicBoolean(true);
            AtomicLong attempts = new AtomicLong();
            List<Thread> attackers = new ArrayList<>();
            for (int i = 0; i < slow; i++) {
                String from = "127.0.0." + (10 + i);
                Thread t = new Thread(
                        () -> {
                            while (running.get()) {
                                attempts.incrementAndGet();
                                slowUpload(store.uri, from, running);
                            }
                        },
                        "slow-upload-" + i);
                t.setDaemon(true);
                t.start();
                attackers.add(t);
            }
            Thread.sleep(2000); // let the attack settle: slots taken, refusals flowing
            double[] loaded = download(store, downloads);
            var stats = store.server.stats();
            running.set(false);
            for (Thread t : attackers) {
                t.join(5000);
            }
            System.out.printf(
                    Locale.ROOT,
                    "%d slow uploads (min rate %d B/s), %d ticket downloads each phase%n",
                    slow,
                    minRate,
                    downloads);
            print("no attack", quiet);
            print("under attack", loaded);
            System.out.printf(
                    Locale.ROOT,
                    "upload attempts %d, turned away at once %d, reading at the end %d%n",
                    attempts.get(),
                    stats.uploadsTurnedAway(),
                    stats.uploadsReading());
        }
    }

    /**
     * Time from hang-up (Alice's client sends it) and from revocation (in the user database) to the first refused download of Bob's ticket, polling as
     * fast as one client can.
     */
    private static void ticketsAfterTheCall(int runs) throws Exception {
        try (CallSetup calls = new CallSetup();
                StoreFixture store = new StoreFixture(b -> b.signaling(calls.httpBase()))) {
            store.upload("alice", TestModels.random("alice", 1).toZip());
            double[] hangUp = new double[runs];
            for (int i = 0; i < runs; i++) {
                var accepted = calls.call();
                requireStatus(
                        200,
                        TicketEndsWithCallTest.download(store, accepted.ticket(), calls.bob.ticketKey())
                                .statusCode());
                long t0 = System.nanoTime();
                calls.alice.hangUp(accepted.callId());
                hangUp[i] = untilRefused(store, accepted.ticket(), calls.bob.ticketKey(), t0);
                calls.bobHeardEnd();
            }
            print("after hang-up", sorted(hangUp));
        }
        double[] revoked = new double[runs];
        for (int i = 0; i < runs; i++) {
            try (CallSetup calls = new CallSetup();
                    StoreFixture store = new StoreFixture(b -> b.signaling(calls.httpBase()))) {
                store.upload("alice", TestModels.random("alice", 1).toZip());
                var accepted = calls.call();
                requireStatus(
                        200,
                        TicketEndsWithCallTest.download(store, accepted.ticket(), calls.bob.ticketKey())
                                .statusCode());
                long t0 = System.nanoTime();
                calls.signaling.users().revoke("bob");
                revoked[i] = untilRefused(store, accepted.ticket(), calls.bob.ticketKey(), t0);
            }
        }
        print("after revocation", sorted(revoked));
    }

    private static double untilRefused(StoreFixture store, String ticket, TicketKey key, long t0) throws Exception {
        while (TicketEndsWithCallTest.download(store, ticket, key).statusCode() == 200) {
            if (System.nanoTime() - t0 > 30_000_000_000L) {
                throw new IllegalStateException("ticket still works 30 s after the call ended");
            }
        }
        return (System.nanoTime() - t0) / 1e6;
    }

    private static void requireStatus(int expected, int actual) {
        if (expected != actual) {
            throw new IllegalStateException("expected " + expected + ", got " + actual);
        }
    }

    private static double[] sorted(double[] ms) {
        Arrays.sort(ms);
        return ms;
    }

    private static double[] download(StoreFixture store, int n) throws Exception {
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(60)).build();
        String ticket = StoreFixture.ticket("bob", "alice");
        String path = StoreProtocol.modelPath("alice");
        double[] ms = new double[n];
        for (int i = 0; i < n; i++) {
            long t0 = System.nanoTime();
            // A proof is good for one request: each download signs its own, as the client does.
            HttpRequest req = HttpRequest.newBuilder(URI.create(store.uri + path))
                    .header("Authorization", "Ticket " + ticket)
                    .header(StoreProtocol.HEADER_REQUESTER, "bob")
                    .header(
                            StoreProtocol.HEADER_TICKET_PROOF,
                            StoreFixture.KEY.prove("GET", path, ticket, java.time.Instant.now()))
                    .timeout(Duration.ofSeconds(120))
                    .build();
            HttpResponse<byte[]> resp = http.send(req, HttpResponse.BodyHandlers.ofByteArray());
            ms[i] = (System.nanoTime() - t0) / 1e6;
            if (resp.statusCode() != 200) {
                throw new IllegalStateException("download answered " + resp.statusCode());
            }
        }
        Arrays.sort(ms);
        return ms;
    }

    private static void print(String phase, double[] ms) {
        System.out.printf(
                Locale.ROOT,
                "%-14s p50 %7.1f ms  p99 %7.1f ms  max %7.1f ms%n",
                phase,
                ms[ms.length / 2],
                ms[(int) Math.ceil(ms.length * 0.99) - 1],
                ms[ms.length - 1]);
    }

    /** One upload that trickles until the store refuses or cuts it (or the run ends). */
    private static void slowUpload(URI store, String from, AtomicBoolean running) {
        try (Socket s = new Socket()) {
            s.bind(new InetSocketAddress(InetAddress.getByName(from), 0));
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), store.getPort()));
            s.setSoTimeout(200);
            OutputStream out = s.getOutputStream();
            InputStream in = s.getInputStream();
            out.write(("POST " + StoreProtocol.versionsPath("alice") + " HTTP/1.1\r\nHost: x\r\n"
                            + "Authorization: Bearer " + StoreFixture.ADMIN + "\r\n"
                            + "Content-Type: application/zip\r\nContent-Length: 1000000\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            while (running.get()) {
                out.write('P');
                out.flush();
                try {
                    if (in.read() < 0) {
                        return; // closed by the store
                    }
                    in.readAllBytes(); // an answer (429/503/408): the store is done with us
                    return;
                } catch (java.net.SocketTimeoutException stillReading) {
                    // the store is still waiting for our body: trickle on
                }
            }
        } catch (IOException refusedOrCut) {
            sleepQuietly(50);
        }
    }

    private static void sleepQuietly(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

package io.dejavu.call;

import io.dejavu.testing.Await;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A real coturn ({@code turnserver}, Debian package {@code coturn}) for one test: a temporary config on
 * 127.0.0.1, a free port, the shared-secret scheme ({@code use-auth-secret}, {@code static-auth-secret}), loopback
 * peers allowed (both callers are on this machine), its log in the test's directory. Ready once it answers a STUN
 * binding request; {@link #close()} stops it.
 */
final class Coturn implements AutoCloseable {
    private final Process process;
    private final int port;
    private final Path log;

    private Coturn(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** Starts coturn with {@code secret} as its {@code static-auth-secret}, files under {@code dir}. */
    static Coturn start(Path dir, String secret) throws IOException {
        Files.createDirectories(dir);
        int port = freePort();
        int relayFrom = ThreadLocalRandom.current().nextInt(20_000, 60_000);
        Path config = dir.resolve("turnserver.conf");
        Path log = dir.resolve("turnserver.log");
        List<String> lines = new java.util.ArrayList<>(List.of(
                "listening-ip=127.0.0.1",
                "relay-ip=127.0.0.1",
                "listening-port=" + port,
                "min-port=" + relayFrom,
                "max-port=" + (relayFrom + 200),
                "realm=dejavu.test",
                "use-auth-secret",
                "static-auth-secret=" + secret,
                "fingerprint",
                // both peers of the test live on 127.0.0.1; coturn refuses loopback peers unless told
                "allow-loopback-peers",
                "no-multicast-peers",
                "no-rfc5780",
                "no-tls",
                "no-dtls",
                "no-cli",
                "no-tcp-relay",
                "userdb=" + dir.resolve("turndb"),
                "pidfile=" + dir.resolve("turnserver.pid"),
                // a file of its own: coturn flushes it per line, unlike a redirected stdout
                "log-file=" + log,
                "simple-log",
                "verbose"));
        Files.write(config, lines, StandardCharsets.UTF_8);
        Process p;
        try {
            p = new ProcessBuilder("turnserver", "-c", config.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("turnserver.out").toFile())
                    .start();
        } catch (IOException e) {
            throw new IOException(
                    "cannot start turnserver (Debian package coturn; .ci/run installs it): " + e.getMessage(), e);
        }
        Coturn coturn = new Coturn(p, port, log);
        try {
            Await.until("coturn answers STUN on port " + port, Duration.ofSeconds(15), () -> {
                if (!p.isAlive()) {
                    throw new IllegalStateException("turnserver exited with " + p.exitValue() + ": " + coturn.log());
                }
                return coturn.answersStun();
            });
        } catch (RuntimeException | Error e) {
            coturn.close();
            throw e;
        }
        return coturn;
    }

    /** The UDP TURN URL to hand out. */
    String url() {
        return "turn:127.0.0.1:" + port + "?transport=udp";
    }

    /** Everything coturn logged so far. */
    String log() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private boolean answersStun() {
        byte[] request = ByteBuffer.allocate(20)
                .putShort((short) 0x0001) // Binding request
                .putShort((short) 0)
                .putInt(0x2112A442) // magic cookie
                .put(randomBytes(12))
                .array();
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            socket.setSoTimeout(200);
            socket.send(new DatagramPacket(request, request.length, InetAddress.getLoopbackAddress(), port));
            byte[] answer = new byte[512];
            DatagramPacket in = new DatagramPacket(answer, answer.length);
            socket.receive(in);
            return in.getLength() >= 20 && answer[0] == 0x01 && answer[1] == 0x01; // Binding success response
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return false;
        }
    }

    private static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        new SecureRandom().nextBytes(b);
        return b;
    }

    /** A port free for both UDP and TCP on 127.0.0.1 just now (coturn listens on both). */
    private static int freePort() throws IOException {
        for (int i = 0; i < 20; i++) {
            try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
                int port = udp.getLocalPort();
                try (ServerSocket tcp = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                    return port;
                } catch (IOException taken) {
                    // that port is busy over TCP; try another
                }
            }
        }
        throw new IOException("no port free for both UDP and TCP on 127.0.0.1 after 20 tries");
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}

package io.dejavu.signaling;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A private {@code redis-server} (Debian package {@code redis-server}) on a free loopback port with a temporary
 * directory and no persistence, for the cluster bench and tests; closing stops it and removes the directory.
 */
public final class RedisServerProcess implements AutoCloseable {
    private static final long START_TIMEOUT_MS = 15_000;

    private final Process process;
    private final Path dir;
    private final int port;

    private RedisServerProcess(Process process, Path dir, int port) {
        this.process = process;
        this.dir = dir;
        this.port = port;
    }

    /**
     * Starts one and waits until it answers PING.
     *
     * @throws SignalingServerException if {@code redis-server} is not installed or does not come up
     */
    public static RedisServerProcess start() throws SignalingServerException {
        Path dir;
        try {
            dir = Files.createTempDirectory("dejavu-redis-");
        } catch (IOException e) {
            throw new SignalingServerException("cannot create a directory for redis-server: " + e.getMessage(), e);
        }
        SignalingServerException last = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            int port = freePort();
            Process p;
            try {
                p = new ProcessBuilder(List.of(
                                "redis-server",
                                "--port",
                                String.valueOf(port),
                                "--bind",
                                "127.0.0.1",
                                "--dir",
                                dir.toString(),
                                "--save",
                                "",
                                "--appendonly",
                                "no",
                                "--maxclients",
                                "10000",
                                "--loglevel",
                                "warning"))
                        .redirectErrorStream(true)
                        .redirectOutput(dir.resolve("redis.log").toFile())
                        .start();
            } catch (IOException e) {
                deleteQuietly(dir);
                throw new SignalingServerException(
                        "cannot run redis-server (install the Debian package redis-server): " + e.getMessage(), e);
            }
            RedisServerProcess redis = new RedisServerProcess(p, dir, port);
            if (redis.awaitPing()) {
                return redis;
            }
            p.destroyForcibly();
            last = new SignalingServerException(
                    "redis-server did not answer on port " + port + " within " + START_TIMEOUT_MS + " ms", null);
        }
        deleteQuietly(dir);
        throw last;
    }

    private boolean awaitPing() {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(START_TIMEOUT_MS);
        while (System.nanoTime() < deadline && process.isAlive()) {
            if (ping()) {
                return true;
            }
            try {
                process.waitFor(50, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }

    private boolean ping() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 500);
            s.setSoTimeout(1000);
            OutputStream out = s.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            byte[] b = new byte[7];
            int n = in.readNBytes(b, 0, 7);
            return n == 7 && new String(b, StandardCharsets.US_ASCII).equals("+PONG\r\n");
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() throws SignalingServerException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new SignalingServerException("cannot find a free port: " + e.getMessage(), e);
        }
    }

    /** {@code redis://127.0.0.1:PORT}. */
    public URI uri() {
        return URI.create("redis://127.0.0.1:" + port);
    }

    public int port() {
        return port;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        deleteQuietly(dir);
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temp directory left behind is harmless
        }
    }
}

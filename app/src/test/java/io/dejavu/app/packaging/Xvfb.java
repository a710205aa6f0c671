package io.dejavu.app.packaging;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A virtual X server on the first free display, for starting real windows in a test. Needs
 * Debian's {@code xvfb}.
 *
 * <pre>{@code
 * try (Xvfb x = Xvfb.start(log)) {
 *     new ProcessBuilder("xterm").environment().put("DISPLAY", x.display());
 * }
 * }</pre>
 */
final class Xvfb implements AutoCloseable {
    private final Process process;
    private final String display;

    private Xvfb(Process process, String display) {
        this.process = process;
        this.display = display;
    }

    /** Starts the server; {@code log} receives its messages. */
    static Xvfb start(Path log) throws IOException, InterruptedException {
        Tools.require("Xvfb", "xvfb");
        // -displayfd 1: the server picks a free display and writes its number to stdout.
        Process p = new ProcessBuilder("Xvfb", "-displayfd", "1", "-screen", "0", "1280x800x24", "-nolisten", "tcp")
                .redirectError(log.toFile())
                .start();
        CompletableFuture<String> line = CompletableFuture.supplyAsync(() -> {
            try (BufferedReader r =
                    new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.US_ASCII))) {
                return r.readLine();
            } catch (IOException e) {
                return null;
            }
        });
        try {
            String number = line.get(30, TimeUnit.SECONDS);
            if (number == null || !number.trim().matches("\\d+")) {
                throw new IOException("Xvfb did not start (exit " + exitOf(p) + "); see " + log);
            }
            return new Xvfb(p, ":" + number.trim());
        } catch (ExecutionException | TimeoutException e) {
            p.destroyForcibly();
            throw new IOException("Xvfb named no display within 30 s; see " + log, e);
        }
    }

    private static String exitOf(Process p) throws InterruptedException {
        return p.waitFor(2, TimeUnit.SECONDS) ? String.valueOf(p.exitValue()) : "none yet";
    }

    /** The value for {@code DISPLAY}, e.g. {@code :1}. */
    String display() {
        return display;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}

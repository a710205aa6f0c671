package io.dejavu.app.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.dejavu.app.shell.MainViewModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The installed app starts: {@code src/package/package.sh} builds the app image (reusing the
 * trimmed runtime while it is current), its launcher starts under Xvfb, and the X server shows the
 * sign-in window. Runs in the integration-test phase, after the jar exists.
 */
class PackagedAppIT {
    private static final Path TARGET = Path.of("target").toAbsolutePath();
    private static final Duration PACKAGING = Duration.ofMinutes(5);
    private static final Duration WINDOW = Duration.ofSeconds(60);

    @Test
    void packagedAppShowsItsSignInWindow(@TempDir Path home) throws Exception {
        Path launcher = buildAppImage();
        Path xLog = TARGET.resolve("packaged-app-xvfb.log");
        Path appLog = TARGET.resolve("packaged-app.log");
        try (Xvfb x = Xvfb.start(xLog);
                LaunchedApp app = LaunchedApp.start(launcher, x.display(), home, appLog)) {
            XWindows windows = new XWindows(x.display());
            Optional<String> window = Optional.empty();
            long deadline = System.nanoTime() + WINDOW.toNanos();
            while (window.isEmpty() && app.isAlive() && System.nanoTime() < deadline) {
                window = windows.viewable(MainViewModel.SIGNED_OUT_TITLE);
                if (window.isEmpty()) {
                    Thread.sleep(200);
                }
            }
            if (window.isEmpty()) {
                fail("no window '" + MainViewModel.SIGNED_OUT_TITLE + "' on " + x.display() + " within " + WINDOW
                        + " (windows: " + windows.titles() + ")"
                        + (app.isAlive() ? "" : "; the app exited with " + app.exitCode()) + "; its output:\n"
                        + tail(appLog));
            }
            assertTrue(app.isAlive(), "the app quit after showing its window");
        }
    }

    /** Runs the packaging script for an app image; returns the image's launcher. */
    private static Path buildAppImage() throws IOException, InterruptedException {
        Path log = TARGET.resolve("packaged-app-build.log");
        ProcessBuilder pb = new ProcessBuilder("bash", "src/package/package.sh", "--type", "app-image")
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process p = pb.start();
        if (!p.waitFor(PACKAGING.toSeconds(), TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("packaging took longer than " + PACKAGING + "; see " + log);
        }
        assertEquals(0, p.exitValue(), () -> "packaging failed:\n" + tail(log));
        Path launcher = TARGET.resolve("package/image/dejavu/bin/dejavu");
        assertTrue(Files.isExecutable(launcher), "no launcher at " + launcher);
        return launcher;
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(" + log + " unreadable: " + e.getMessage() + ")";
        }
    }

    /** The packaged app's process, given a fresh home so it reads no one's settings. */
    private record LaunchedApp(Process process) implements AutoCloseable {
        static LaunchedApp start(Path launcher, String display, Path home, Path log) throws IOException {
            ProcessBuilder pb = new ProcessBuilder(launcher.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            Map<String, String> env = pb.environment();
            env.remove("WAYLAND_DISPLAY");
            env.put("DISPLAY", display);
            env.put("HOME", home.toString());
            // Java takes user.home from the password database, not HOME (JavaFX's native cache).
            env.put("JAVA_TOOL_OPTIONS", "-Duser.home=" + home);
            env.put("XDG_CONFIG_HOME", home.resolve(".config").toString());
            env.put("XDG_CACHE_HOME", home.resolve(".cache").toString());
            return new LaunchedApp(pb.start());
        }

        boolean isAlive() {
            return process.isAlive();
        }

        int exitCode() {
            return process.exitValue();
        }

        @Override
        public void close() throws InterruptedException {
            process.descendants().forEach(ProcessHandle::destroy);
            process.destroy();
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}

package io.dejavu.cli.call;

import io.dejavu.testing.SampleFootage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code loopback} the way {@code ./dejavu} does: a fresh JVM (libwebrtc allows one factory per
 * process, and the JVM must be able to exit after the call).
 */
final class CallCliProcess {
    record Result(int exit, List<String> stdout, String stderr) {}

    private CallCliProcess() {}

    static Result run(String... args) throws IOException, InterruptedException {
        Path dir = SampleFootage.tempDir("cli");
        Path out = dir.resolve("stdout.txt");
        Path err = dir.resolve("stderr.txt");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                "io.dejavu.cli.call.CallCli"));
        command.addAll(List.of(args));
        ProcessBuilder pb =
                new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().put("MALLOC_ARENA_MAX", "2");
        Process p = pb.start();
        if (!p.waitFor(90, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("CLI did not exit within 90 s: " + Files.readString(err));
        }
        return new Result(
                p.exitValue(),
                Files.readAllLines(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }
}

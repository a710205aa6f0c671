package io.dejavu.protocol.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A command's stdout after {@link NativeStdout#isolate()}, in a child JVM whose descriptors are set as a shell would. */
class NativeStdoutTest {
    @TempDir
    Path dir;

    /** The child: isolates stdout, then writes stdout, stderr, stdout. */
    public static final class Child {
        public static void main(String[] args) {
            NativeStdout.isolate();
            System.out.println("first line of stdout");
            System.err.println("a line of stderr");
            System.err.flush();
            System.out.println("last line of stdout");
        }
    }

    private static ProcessBuilder child() {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb =
                new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), Child.class.getName());
        // the JVM itself notes these options on stderr ("Picked up JAVA_TOOL_OPTIONS: ..."): not the child's lines
        pb.environment().keySet().removeAll(List.of("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "_JAVA_OPTIONS"));
        return pb;
    }

    private static void run(ProcessBuilder pb) throws Exception {
        Process p = pb.start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the child ends");
        assertEquals(0, p.exitValue());
    }

    @Test
    void stdoutAndStderrIntoOneFileKeepEveryLineInOrder() throws Exception {
        File log = dir.resolve("log.txt").toFile();
        run(child().redirectOutput(log).redirectErrorStream(true)); // cmd > log 2>&1
        assertEquals(
                List.of("first line of stdout", "a line of stderr", "last line of stdout"),
                Files.readAllLines(log.toPath()));
    }

    @Test
    void stdoutIntoAFileOfItsOwnGetsOnlyStdout() throws Exception {
        File out = dir.resolve("out.txt").toFile();
        File err = dir.resolve("err.txt").toFile();
        run(child().redirectOutput(out).redirectError(err));
        assertEquals(List.of("first line of stdout", "last line of stdout"), Files.readAllLines(out.toPath()));
        assertEquals(List.of("a line of stderr"), Files.readAllLines(err.toPath()));
    }

    @Test
    void aFileIsSharedOnlyWithItselfAndOnlyWhenItIsAFile() throws Exception {
        Path a = Files.writeString(dir.resolve("a"), "a");
        Path b = Files.writeString(dir.resolve("b"), "b");
        assertTrue(NativeStdout.sharesAFileWithStderr(a, a));
        assertFalse(NativeStdout.sharesAFileWithStderr(a, b));
        assertFalse(NativeStdout.sharesAFileWithStderr(dir, dir), "not a regular file");
        assertFalse(NativeStdout.sharesAFileWithStderr(a, dir.resolve("missing")));
    }
}

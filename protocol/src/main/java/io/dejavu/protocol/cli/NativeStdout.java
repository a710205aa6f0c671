package io.dejavu.protocol.cli;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.LoggerFactory;

/**
 * Keeps libwebrtc's native prints off the command's stdout. webrtc-java writes "VM attach current
 * thread failed" to file descriptor 1 from threads a closed factory leaves behind, at times Java does
 * not control, which breaks "the last stdout line is the JSON result". So Java's {@code System.out}
 * gets its own descriptor for the same destination (opened in append mode through
 * {@code /proc/self/fd/1}, Linux), and descriptor 1 itself is pointed at /dev/null (closing Java's
 * stdout descriptor does that). Elsewhere it changes nothing, and nothing either when stdout and
 * stderr are one regular file ({@code cmd > log 2>&1}): there they share one file offset, and a
 * descriptor of its own would write at another, so that stderr's lines (and those of a wrapper such
 * as {@code time}) overwrote stdout's.
 */
public final class NativeStdout {
    private NativeStdout() {}

    /** Call first in {@code main}, before anything (picocli included) captures {@code System.out}. */
    public static void isolate() {
        Path self = Path.of("/proc/self/fd/1");
        if (!Files.exists(self) || sharesAFileWithStderr(self, Path.of("/proc/self/fd/2"))) {
            return;
        }
        try {
            FileOutputStream own = new FileOutputStream(self.toFile(), true);
            Charset charset = Charset.defaultCharset();
            System.setOut(new PrintStream(own, true, charset));
            new FileOutputStream(FileDescriptor.out).close();
        } catch (IOException | RuntimeException e) {
            LoggerFactory.getLogger(NativeStdout.class).debug("stdout left shared with native code: {}", e.toString());
        }
    }

    /** Whether {@code out} and {@code err} are the same regular file (a terminal has no offset to share). */
    static boolean sharesAFileWithStderr(Path out, Path err) {
        try {
            return Files.isRegularFile(out) && Files.exists(err) && Files.isSameFile(out, err);
        } catch (IOException e) {
            return false;
        }
    }
}

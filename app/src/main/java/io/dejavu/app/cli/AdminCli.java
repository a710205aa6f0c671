package io.dejavu.app.cli;

import io.dejavu.app.demo.CallPathPairs;
import io.dejavu.training.cli.TrainingCli;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import picocli.CommandLine;

/**
 * The admin CLI ({@code train}, {@code train-generic}, {@code evaluate}, {@code publish}) as the
 * launcher runs it: training-tools' commands, plus training pairs recorded through a real call
 * ({@code --pairs call}), which training-tools cannot make because it may not use the call engine
 * (ADR 0505).
 */
public final class AdminCli {
    private AdminCli() {}

    public static void main(String[] args) {
        // A call recorded for training pairs leaves libwebrtc threads that print to stdout.
        NativeStdout.isolate();
        int code = commandLine(new PrintWriter(System.err, true, StandardCharsets.UTF_8))
                .execute(args);
        System.out.flush();
        System.exit(code);
    }

    /** The command line; call-recording progress goes to {@code err}. */
    static CommandLine commandLine(PrintWriter err) {
        return TrainingCli.commandLine(Map.of("call", new CallPathPairs(err)));
    }
}

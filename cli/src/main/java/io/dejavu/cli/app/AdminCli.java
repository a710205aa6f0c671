package io.dejavu.cli.app;

import io.dejavu.cli.training.TrainingCli;
import io.dejavu.learning.pairs.CallPathPairs;
import io.dejavu.protocol.cli.NativeStdout;
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
        int code;
        try (CallPathPairs pairs = new CallPathPairs(new PrintWriter(System.err, true, StandardCharsets.UTF_8))) {
            code = commandLine(pairs).execute(args);
        }
        System.out.flush();
        System.exit(code);
    }

    /** The command line with {@code pairs} as {@code --pairs call}; the caller closes {@code pairs}. */
    static CommandLine commandLine(CallPathPairs pairs) {
        return TrainingCli.commandLine(Map.of("call", pairs));
    }
}

package io.dejavu.cli.options;

import io.dejavu.protocol.cli.Cli;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code --threads N}: CPU threads of PyTorch (training) or ONNX Runtime (inference), 1..{@value #MAX}. */
public abstract class ThreadsOption {
    /** More threads than this is a typo on any machine these commands run on. */
    public static final int MAX = 64;

    @Spec
    CommandSpec spec;

    private int threads;

    final void accept(int value) {
        if (value < 1 || value > MAX) {
            throw Cli.usage(spec, "--threads must be 1.." + MAX + ", got " + value);
        }
        threads = value;
    }

    public int threads() {
        return threads;
    }

    /** {@code train}, {@code train-generic}, {@code train-bench}: PyTorch's CPU threads. */
    public static final class Training extends ThreadsOption {
        @Option(
                names = "--threads",
                paramLabel = "N",
                defaultValue = "1",
                description = "PyTorch CPU threads, 1..64 (default: ${DEFAULT-VALUE}; more only on an idle"
                        + " machine with many cores).")
        void set(int value) {
            accept(value);
        }
    }

    /** {@code evaluate}, {@code calibrate}, {@code demo}: ONNX Runtime's CPU threads for inference. */
    public static final class Inference extends ThreadsOption {
        @Option(
                names = "--threads",
                paramLabel = "N",
                defaultValue = "2",
                description = "ONNX Runtime CPU threads for inference, 1..64 (default: ${DEFAULT-VALUE}).")
        void set(int value) {
            accept(value);
        }
    }
}

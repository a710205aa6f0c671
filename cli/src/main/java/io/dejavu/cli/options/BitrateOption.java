package io.dejavu.cli.options;

import io.dejavu.protocol.cli.Cli;
import java.util.Optional;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code --bitrate KBPS}: a call's video bitrate cap, {@value #MIN_KBPS}..{@value #MAX_KBPS} kbps in
 * every command; the nested mixins differ only in default and help.
 */
public abstract class BitrateOption {
    /** Lowest cap a call can hold a picture at. */
    public static final int MIN_KBPS = 30;
    /** Highest cap any command accepts. */
    public static final int MAX_KBPS = 20_000;

    // The mixin's own spec: picocli hands it the command line of the command it is mixed into.
    @Spec
    CommandSpec spec;

    private Integer kbps;

    /** Whether {@code kbps} is a cap a call may have. */
    public static boolean inRange(int kbps) {
        return kbps >= MIN_KBPS && kbps <= MAX_KBPS;
    }

    /** The one refusal of a cap out of range, for {@code option} ({@code --bitrate}, {@code --bitrates}). */
    public static String refusal(String option, int kbps) {
        return option + " must be " + MIN_KBPS + ".." + MAX_KBPS + " kbps, got " + kbps;
    }

    /** Refuses, as a usage error of {@code option}, the first of {@code caps} out of range. */
    public static void requireInRange(CommandSpec spec, String option, java.util.List<Integer> caps) {
        for (int k : caps) {
            if (!inRange(k)) {
                throw Cli.usage(spec, refusal(option, k));
            }
        }
    }

    final void accept(Integer value) {
        if (value != null && !inRange(value)) {
            throw Cli.usage(spec, refusal("--bitrate", value));
        }
        kbps = value;
    }

    /** The cap given, or the command's default; empty only for mixins without one. */
    public Optional<Integer> given() {
        return Optional.ofNullable(kbps);
    }

    /** {@code loopback}: the cap of the measured call. */
    public static final class Loopback extends BitrateOption {
        @Option(
                names = "--bitrate",
                paramLabel = "KBPS",
                defaultValue = "150",
                description = "Video bitrate cap in kbps, 30..20000 (default ${DEFAULT-VALUE}).")
        void set(Integer value) {
            accept(value);
        }

        public int kbps() {
            return given().orElseThrow();
        }
    }

    /** {@code train} and {@code train-generic}: the call bitrate the training pairs are made at. */
    public static final class Pairs extends BitrateOption {
        @Option(
                names = "--bitrate",
                paramLabel = "KBPS",
                defaultValue = "50",
                description = "Call bitrate in kbps, 30..20000 (default: ${DEFAULT-VALUE}).")
        void set(Integer value) {
            accept(value);
        }

        public int kbps() {
            return given().orElseThrow();
        }
    }

    /** {@code evaluate}: the model's own bitrate unless given. */
    public static final class ModelsOwn extends BitrateOption {
        @Option(
                names = "--bitrate",
                paramLabel = "KBPS",
                description = "Bitrate in kbps, 30..20000 (default: the model's).")
        void set(Integer value) {
            accept(value);
        }
    }

    /** {@code demo}: a cap derived from the clip unless given. */
    public static final class ClipsOwn extends BitrateOption {
        @Option(
                names = "--bitrate",
                paramLabel = "KBPS",
                description = "Sender's video bitrate cap, also the bitrate the model is trained for, 30..20000"
                        + " (default: the clip's size and frame rate at 0.037 bits/pixel: 60 kbps at 256x256 and"
                        + " 25 fps).")
        void set(Integer value) {
            accept(value);
        }
    }
}

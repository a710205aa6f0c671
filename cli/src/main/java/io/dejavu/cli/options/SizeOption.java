package io.dejavu.cli.options;

import io.dejavu.protocol.cli.Cli;
import io.dejavu.protocol.video.FrameSize;
import java.util.Optional;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code --size WxH}: a frame size, positive and even, parsed by {@link FrameSize#parse} and refused
 * with its sentence after the option's name ("--size: frame size must look like WxH ...").
 */
public abstract class SizeOption {
    @Spec
    CommandSpec spec;

    private FrameSize size;

    final void accept(String text) {
        if (text == null) {
            size = null;
            return;
        }
        try {
            size = FrameSize.parse(text);
        } catch (IllegalArgumentException e) {
            throw Cli.usage(spec, refusal(e.getMessage()));
        }
    }

    /** The one refusal of a bad size: FrameSize's own sentence, naming the option. */
    public static String refusal(String why) {
        return "--size: " + why;
    }

    /** The size given, or the command's default; empty only for mixins without one. */
    public Optional<FrameSize> given() {
        return Optional.ofNullable(size);
    }

    /** {@code train}, {@code evaluate}, {@code loopback}: the footage as recorded unless given. */
    public static final class AsRecorded extends SizeOption {
        @Option(
                names = "--size",
                paramLabel = "WxH",
                description = "Scale the footage to this size, e.g. 640x360 (default: as recorded).")
        void set(String value) {
            accept(value);
        }
    }

    /** {@code calibrate}: the size the model was trained at unless given. */
    public static final class ModelsOwn extends SizeOption {
        @Option(names = "--size", paramLabel = "WxH", description = "Scale the clips (default: the model's size).")
        void set(String value) {
            accept(value);
        }
    }

    /** {@code train-generic}: everyone's footage at one size. */
    public static final class Generic extends SizeOption {
        @Option(
                names = "--size",
                paramLabel = "WxH",
                defaultValue = "256x256",
                description = "Size all footage is scaled to (default: ${DEFAULT-VALUE}).")
        void set(String value) {
            accept(value);
        }

        public FrameSize size() {
            return given().orElseThrow();
        }
    }

    /** {@code loopback sweep} and {@code loopback setup}: the size of the calls. */
    public static final class Call extends SizeOption {
        @Option(
                names = "--size",
                paramLabel = "WxH",
                defaultValue = "640x360",
                description = "Send size (default ${DEFAULT-VALUE}).")
        void set(String value) {
            accept(value);
        }

        public FrameSize size() {
            return given().orElseThrow();
        }
    }
}

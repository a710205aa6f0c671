package io.dejavu.cli.options;

import io.dejavu.call.VideoCodec;
import io.dejavu.protocol.cli.Cli;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code --codec NAME}: a call's video codec. Commands that train or judge a model take only the
 * codecs training pairs can be made with ({@link #TRAINABLE}); a bare call takes every codec
 * libwebrtc offers. One parser ({@link VideoCodec#parse}, aliases included) and one refusal.
 */
public abstract class CodecOption {
    /** The codecs training pairs can be made with (FFmpeg's libvpx and OpenH264). */
    public static final Set<VideoCodec> TRAINABLE = EnumSet.of(VideoCodec.VP8, VideoCodec.H264);

    @Spec
    CommandSpec spec;

    private VideoCodec codec;

    final void accept(String text, Set<VideoCodec> allowed) {
        if (text == null) {
            codec = null;
            return;
        }
        VideoCodec parsed;
        try {
            parsed = VideoCodec.parse(text);
        } catch (IllegalArgumentException e) {
            throw Cli.usage(spec, refusal(text, allowed));
        }
        if (!allowed.contains(parsed)) {
            throw Cli.usage(spec, refusal(text, allowed));
        }
        codec = parsed;
    }

    /** "--codec must be vp8 or h264, got av1". */
    static String refusal(String text, Set<VideoCodec> allowed) {
        var names = allowed.stream().map(c -> c.name().toLowerCase(Locale.ROOT)).toList();
        String list = names.size() == 1
                ? names.get(0)
                : names.subList(0, names.size() - 1).stream().collect(Collectors.joining(", ")) + " or "
                        + names.get(names.size() - 1);
        return "--codec must be " + list + ", got " + text;
    }

    /** The codec given, or the command's default; empty only for mixins without one. */
    public Optional<VideoCodec> given() {
        return Optional.ofNullable(codec);
    }

    /** {@code loopback}: any codec a call can use. */
    public static final class Any extends CodecOption {
        @Option(
                names = "--codec",
                paramLabel = "CODEC",
                defaultValue = "vp8",
                description = "vp8, h264, vp9 or av1 (default ${DEFAULT-VALUE}).")
        void set(String value) {
            accept(value, EnumSet.allOf(VideoCodec.class));
        }

        public VideoCodec codec() {
            return given().orElseThrow();
        }
    }

    /** {@code train}, {@code train-generic}, {@code demo}: the call codec training pairs are made with. */
    public static final class Trainable extends CodecOption {
        @Option(
                names = "--codec",
                paramLabel = "CODEC",
                defaultValue = "vp8",
                description = "Call codec: vp8 or h264 (default: ${DEFAULT-VALUE}).")
        void set(String value) {
            accept(value, TRAINABLE);
        }

        public VideoCodec codec() {
            return given().orElseThrow();
        }
    }

    /** {@code evaluate}: the model's own codec unless given. */
    public static final class ModelsOwn extends CodecOption {
        @Option(names = "--codec", paramLabel = "CODEC", description = "vp8 or h264 (default: the model's).")
        void set(String value) {
            accept(value, TRAINABLE);
        }
    }
}

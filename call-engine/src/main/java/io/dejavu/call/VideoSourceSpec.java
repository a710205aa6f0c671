package io.dejavu.call;

import io.dejavu.protocol.video.FrameSize;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where a call's outgoing video comes from.
 *
 * <pre>{@code
 * VideoSourceSpec file = VideoSourceSpec.file(Path.of("me.mp4"), new FrameSize(640, 360));
 * VideoSourceSpec pattern = VideoSourceSpec.synthetic(new FrameSize(640, 360), 30);
 * VideoSourceSpec camera = VideoSourceSpec.camera(new FrameSize(640, 480), 30);
 * }</pre>
 */
public sealed interface VideoSourceSpec {

    /** A video file decoded with FFmpeg at its own frame rate, looping; {@code size} scales and crops it. */
    record File(Path path, Optional<FrameSize> size) implements VideoSourceSpec {
        public File {
            if (!Files.isRegularFile(path)) {
                throw new IllegalArgumentException("video file " + path + " does not exist or is not a file");
            }
        }
    }

    /** A moving test pattern rendered in Java. */
    record Synthetic(FrameSize size, int fps) implements VideoSourceSpec {
        public Synthetic {
            if (fps < 1 || fps > 60) {
                throw new IllegalArgumentException("synthetic frame rate must be 1..60 fps, got " + fps);
            }
        }
    }

    /** The first (or named) camera libwebrtc finds, asked for this size and rate. */
    record Camera(Optional<String> deviceName, FrameSize size, int fps) implements VideoSourceSpec {
        public Camera {
            if (fps < 1 || fps > 60) {
                throw new IllegalArgumentException("camera frame rate must be 1..60 fps, got " + fps);
            }
        }
    }

    static VideoSourceSpec file(Path path, FrameSize size) {
        return new File(path, Optional.of(size));
    }

    static VideoSourceSpec file(Path path) {
        return new File(path, Optional.empty());
    }

    static VideoSourceSpec synthetic(FrameSize size, int fps) {
        return new Synthetic(size, fps);
    }

    static VideoSourceSpec camera(FrameSize size, int fps) {
        return new Camera(Optional.empty(), size, fps);
    }
}

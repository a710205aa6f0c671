package io.dejavu.call;

import dev.onvoid.webrtc.PeerConnectionFactory;
import dev.onvoid.webrtc.media.MediaDevices;
import dev.onvoid.webrtc.media.audio.AudioOptions;
import dev.onvoid.webrtc.media.audio.AudioTrack;
import dev.onvoid.webrtc.media.audio.AudioTrackSource;
import dev.onvoid.webrtc.media.video.CustomVideoSource;
import dev.onvoid.webrtc.media.video.VideoCaptureCapability;
import dev.onvoid.webrtc.media.video.VideoDevice;
import dev.onvoid.webrtc.media.video.VideoDeviceSource;
import dev.onvoid.webrtc.media.video.VideoTrack;
import dev.onvoid.webrtc.media.video.VideoTrackSink;
import dev.onvoid.webrtc.media.video.VideoTrackSource;
import io.dejavu.call.internal.FileFrameSource;
import io.dejavu.call.internal.FramePump;
import io.dejavu.call.internal.FrameSource;
import io.dejavu.call.internal.I420Buffers;
import io.dejavu.call.internal.SyntheticFrameSource;
import io.dejavu.protocol.video.FrameSize;
import io.dejavu.protocol.video.I420Frame;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.ObjLongConsumer;

/**
 * What a call sends: the video source (a camera, or a file or synthetic source that a {@link
 * FramePump} plays into libwebrtc), its track, the optional audio track, and the feed of the self
 * view. Closing is split in steps because {@link Call} must interleave them with the peer
 * connection's; {@link #close()} runs whichever steps have not run yet.
 */
final class LocalMedia implements AutoCloseable {
    private final VideoTrackSource source;
    private final FrameSize size;
    private final VideoTrack video;
    // Null without audio.
    private final AudioTrack audio;
    // Exactly one of these two: the pump for file and synthetic sources, the sink for a camera.
    private final FramePump pump;
    private final VideoTrackSink previewSink;

    // Touched only on the events thread, or by abandon() before the call has one.
    private boolean previewDetached;
    private boolean closed;

    private LocalMedia(
            VideoTrackSource source,
            FrameSize size,
            VideoTrack video,
            AudioTrack audio,
            FramePump pump,
            VideoTrackSink previewSink) {
        this.source = source;
        this.size = size;
        this.video = video;
        this.audio = audio;
        this.pump = pump;
        this.previewSink = previewSink;
    }

    /**
     * Opens the source and makes the tracks. A camera runs from here on; file and synthetic frames
     * flow only after {@link #start()}, each through {@code beforePush} and then to {@code sent}
     * (the self view and the sent-frame listeners), which also gets each camera frame.
     *
     * @throws MediaException if the file or camera cannot be opened
     */
    static LocalMedia open(
            PeerConnectionFactory factory,
            int callId,
            CallOptions options,
            ObjLongConsumer<I420Frame> beforePush,
            Consumer<I420Frame> sent)
            throws MediaException {
        FrameSource frames = null;
        VideoTrackSource source;
        FrameSize size;
        if (options.video() instanceof VideoSourceSpec.Camera camera) {
            source = openCamera(camera);
            size = camera.size();
        } else {
            frames = openFrames(options.video());
            size = frames.size();
            source = new CustomVideoSource();
        }
        VideoTrack video = null;
        AudioTrack audio = null;
        FramePump pump = null;
        VideoTrackSink previewSink = null;
        try {
            video = factory.createVideoTrack("video-" + callId, source);
            if (options.audio()) {
                AudioTrackSource audioSource = factory.createAudioSource(new AudioOptions());
                audio = factory.createAudioTrack("audio-" + callId, audioSource);
            }
            if (source instanceof CustomVideoSource custom) {
                pump = new FramePump("dejavu-video-" + callId, frames, custom, beforePush, sent);
            } else {
                // Runs on the camera's capture thread: copy, release, hand off.
                AtomicLong index = new AtomicLong();
                previewSink = frame -> {
                    try {
                        sent.accept(I420Buffers.toHeap(frame.buffer, frame.timestampNs)
                                .withIndex(index.getAndIncrement(), frame.timestampNs));
                    } finally {
                        frame.release();
                    }
                };
                video.addSink(previewSink);
            }
            return new LocalMedia(source, size, video, audio, pump, previewSink);
        } catch (RuntimeException e) {
            undo(video, previewSink, audio, pump, frames, source);
            throw e;
        }
    }

    /** The size of outgoing frames. */
    FrameSize size() {
        return size;
    }

    VideoTrack video() {
        return video;
    }

    Optional<AudioTrack> audio() {
        return Optional.ofNullable(audio);
    }

    /** The rate frames are pushed at; empty for a camera, which sets its own. */
    OptionalDouble pushedFps() {
        return pump == null ? OptionalDouble.empty() : OptionalDouble.of(pump.fps());
    }

    /** Frames handed to libwebrtc so far; always 0 for a camera. */
    long framesPushed() {
        return pump == null ? 0 : pump.framesPushed();
    }

    /** Starts pushing file or synthetic frames; a camera is already running. */
    void start() {
        if (pump != null) {
            pump.start();
        }
    }

    /** Lets the pump push frames or only its black keep-alive; safe from any thread, even after close. */
    void setPumpEnabled(boolean on) {
        if (pump != null) {
            pump.setEnabled(on);
        }
    }

    /** Turns the video track on or off and starts or stops a camera; events thread. */
    void setVideoEnabled(boolean on) {
        requireOpen();
        video.setEnabled(on);
        if (source instanceof VideoDeviceSource camera) {
            if (on) {
                camera.start();
            } else {
                camera.stop();
            }
        }
    }

    /** Sends silence while muted; events thread. */
    void setMicrophoneMuted(boolean muted) {
        requireOpen();
        if (audio != null) {
            audio.setEnabled(!muted);
        }
    }

    /** First step of closing: no frame is pushed after this returns. */
    void stopPump() {
        if (pump != null) {
            pump.close();
        }
    }

    /** Second step of closing: the camera stops feeding the self view. */
    void detachPreview() {
        if (previewSink != null && !previewDetached) {
            video.removeSink(previewSink);
            previewDetached = true;
        }
    }

    /**
     * Last step: disposes the tracks and then their source. The peer connection's senders must have
     * let go of the tracks before this.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        stopPump();
        detachPreview();
        closed = true;
        video.dispose();
        if (audio != null) {
            audio.dispose();
        }
        disposeSource(source);
    }

    /**
     * Undoes {@link #open} when the call cannot start after all (no peer connection); nothing has
     * been pushed, so the pump may go after the tracks.
     */
    void abandon() {
        closed = true;
        undo(video, previewSink, audio, pump, null, source);
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("the call's media is closed");
        }
    }

    // A failed start must leave no native object behind.
    private static void undo(
            VideoTrack video,
            VideoTrackSink previewSink,
            AudioTrack audio,
            FramePump pump,
            FrameSource frames,
            VideoTrackSource source) {
        if (video != null) {
            if (previewSink != null) {
                video.removeSink(previewSink);
            }
            video.dispose();
        }
        if (audio != null) {
            audio.dispose();
        }
        if (pump != null) {
            pump.close();
        } else if (frames != null) {
            frames.close();
        }
        disposeSource(source);
    }

    private static void disposeSource(VideoTrackSource source) {
        if (source instanceof CustomVideoSource custom) {
            custom.dispose();
        } else if (source instanceof VideoDeviceSource device) {
            device.stop();
            device.dispose();
        }
    }

    private static FrameSource openFrames(VideoSourceSpec spec) throws MediaException {
        if (spec instanceof VideoSourceSpec.File file) {
            return FileFrameSource.open(file.path(), file.size());
        }
        VideoSourceSpec.Synthetic synthetic = (VideoSourceSpec.Synthetic) spec;
        return new SyntheticFrameSource(synthetic.size(), synthetic.fps());
    }

    private static VideoDeviceSource openCamera(VideoSourceSpec.Camera spec) throws MediaException {
        List<VideoDevice> devices;
        try {
            devices = MediaDevices.getVideoCaptureDevices();
        } catch (RuntimeException | UnsatisfiedLinkError e) {
            throw new MediaException("cannot list cameras: " + e.getMessage(), e);
        }
        if (devices.isEmpty()) {
            throw new MediaException("no camera found; use a video file or the synthetic source instead");
        }
        VideoDevice device = devices.get(0);
        if (spec.deviceName().isPresent()) {
            String wanted = spec.deviceName().get();
            device = devices.stream()
                    .filter(d -> d.getName().equals(wanted))
                    .findFirst()
                    .orElseThrow(() -> new MediaException("camera '" + wanted + "' not found; cameras: "
                            + devices.stream().map(VideoDevice::getName).toList()));
        }
        VideoDeviceSource source = new VideoDeviceSource();
        try {
            source.setVideoCaptureDevice(device);
            source.setVideoCaptureCapability(
                    new VideoCaptureCapability(spec.size().width(), spec.size().height(), spec.fps()));
            source.start();
        } catch (RuntimeException e) {
            source.dispose();
            throw new MediaException("cannot start camera '" + device.getName() + "': " + e.getMessage(), e);
        }
        return source;
    }
}

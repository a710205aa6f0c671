package io.dejavu.app.services;

import io.dejavu.call.MediaException;
import io.dejavu.call.MediaRuntime;

/**
 * The process's one libwebrtc runtime, opened at the first call (not at start-up, so the app opens
 * fast and works for signing in even where libwebrtc cannot start) and closed when the app stops.
 * Shared by every window of the process.
 */
public final class SharedMediaRuntime implements AutoCloseable {
    private final MediaRuntime.Audio audio;
    private MediaRuntime runtime;
    private boolean closed;

    /** @param audio {@code AUTO} for the app, {@code HEADLESS} for tests and demos without sound */
    public SharedMediaRuntime(MediaRuntime.Audio audio) {
        this.audio = audio;
    }

    /**
     * The runtime, opened on first use.
     *
     * @throws IllegalStateException with a sentence when libwebrtc cannot start or this is closed
     */
    public synchronized MediaRuntime get() {
        if (closed) {
            throw new IllegalStateException("the media runtime is closed");
        }
        if (runtime == null) {
            try {
                runtime = MediaRuntime.open(audio);
            } catch (MediaException e) {
                throw new IllegalStateException("cannot start audio and video (" + e.getMessage() + ")", e);
            }
        }
        return runtime;
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (runtime != null) {
            runtime.close();
            runtime = null;
        }
    }
}

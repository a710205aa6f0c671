package io.dejavu.learning.pairs;

import io.dejavu.call.MediaException;
import io.dejavu.call.MediaRuntime;

/**
 * The process's libwebrtc runtime for one demo step: the one already open (libwebrtc allows one per
 * process, and a test run or the sweep may hold it) or a fresh headless one, closed afterwards.
 */
public record RuntimeLease(MediaRuntime runtime, boolean owned) implements AutoCloseable {
    public static RuntimeLease acquire() throws MediaException {
        var current = MediaRuntime.current().filter(r -> !r.isClosed());
        if (current.isPresent()) {
            return new RuntimeLease(current.get(), false);
        }
        return new RuntimeLease(MediaRuntime.open(MediaRuntime.Audio.HEADLESS), true);
    }

    @Override
    public void close() {
        if (owned) {
            runtime.close();
        }
    }
}

package io.dejavu.call;

import io.dejavu.protocol.video.I420Frame;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A call's {@link SentFrameListener}s, called on the capture thread; one that throws is logged
 * (once per listener) and skipped, so a broken recorder never stops the video.
 */
final class SentFrameListeners {
    private static final Logger LOG = LoggerFactory.getLogger(SentFrameListeners.class);

    // Added and removed from any thread while the capture thread iterates.
    private final List<SentFrameListener> listeners = new CopyOnWriteArrayList<>();
    private final Set<SentFrameListener> failedOnce = ConcurrentHashMap.newKeySet();

    void add(SentFrameListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    void remove(SentFrameListener listener) {
        listeners.remove(listener);
        failedOnce.remove(listener);
    }

    void deliver(I420Frame frame) {
        for (SentFrameListener l : listeners) {
            try {
                l.onSentFrame(frame);
            } catch (RuntimeException e) {
                if (failedOnce.add(l)) {
                    LOG.warn(
                            "a sent-frame listener failed (said once; it is skipped each time it fails): {}",
                            e.toString());
                }
            }
        }
    }
}

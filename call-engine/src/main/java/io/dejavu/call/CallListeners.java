package io.dejavu.call;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A call's listeners; one that throws is logged and skipped so the others still hear. */
final class CallListeners {
    private static final Logger LOG = LoggerFactory.getLogger(CallListeners.class);

    // Added and removed from any thread while the events thread iterates.
    private final List<CallListener> listeners = new CopyOnWriteArrayList<>();

    void add(CallListener listener) {
        listeners.add(listener);
    }

    void remove(CallListener listener) {
        listeners.remove(listener);
    }

    void stateChanged(CallState state, CallState.EndReason reason) {
        for (CallListener l : listeners) {
            try {
                l.onStateChanged(state, reason);
            } catch (RuntimeException e) {
                LOG.warn("state listener failed: {}", e.toString());
            }
        }
    }

    void stats(CallStats stats) {
        for (CallListener l : listeners) {
            try {
                l.onStats(stats);
            } catch (RuntimeException e) {
                LOG.warn("stats listener failed: {}", e.toString());
            }
        }
    }
}

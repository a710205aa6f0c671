package io.dejavu.protocol.signaling.client;

import io.dejavu.protocol.signaling.SignalMessage;
import io.dejavu.protocol.signaling.SignalMessage.Answer;
import io.dejavu.protocol.signaling.SignalMessage.Blocked;
import io.dejavu.protocol.signaling.SignalMessage.CallAccepted;
import io.dejavu.protocol.signaling.SignalMessage.CallEnded;
import io.dejavu.protocol.signaling.SignalMessage.ErrorMessage;
import io.dejavu.protocol.signaling.SignalMessage.IceCandidate;
import io.dejavu.protocol.signaling.SignalMessage.Invite;
import io.dejavu.protocol.signaling.SignalMessage.Offer;
import io.dejavu.protocol.signaling.SignalMessage.Presence;
import io.dejavu.protocol.signaling.SignalMessage.Ringing;
import io.dejavu.protocol.signaling.SignalMessage.Welcome;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands events to the listeners on one serial executor, so they arrive one at a time and in the order they
 * happened, never on a socket thread and never while the client holds its lock. A listener that throws is logged
 * and the others still hear the event.
 */
final class ListenerDispatch {
    private static final Logger LOG = LoggerFactory.getLogger(ListenerDispatch.class);

    // Copy on write: listeners may be added or removed from inside a callback.
    private final List<SignalingListener> listeners = new CopyOnWriteArrayList<>();
    private final SerialExecutor events;

    ListenerDispatch(Executor executor) {
        this.events = new SerialExecutor(executor);
    }

    void add(SignalingListener listener) {
        listeners.add(listener);
    }

    void remove(SignalingListener listener) {
        listeners.remove(listener);
    }

    /** Runs {@code task} after every event queued so far. */
    void afterQueued(Runnable task) {
        events.execute(task);
    }

    void state(ConnectionState s) {
        events.execute(() -> {
            for (SignalingListener l : listeners) {
                try {
                    l.onConnectionState(s);
                } catch (RuntimeException e) {
                    LOG.error("signaling listener failed on state {}", s, e);
                }
            }
        });
    }

    void message(SignalMessage message) {
        events.execute(() -> {
            for (SignalingListener l : listeners) {
                try {
                    l.onMessage(message);
                    deliver(l, message);
                } catch (RuntimeException e) {
                    LOG.error(
                            "signaling listener failed on {}",
                            message.getClass().getSimpleName(),
                            e);
                }
            }
        });
    }

    private static void deliver(SignalingListener l, SignalMessage message) {
        if (message instanceof Welcome m) {
            l.onWelcome(m);
        } else if (message instanceof Presence m) {
            l.onPresence(m);
        } else if (message instanceof Invite m) {
            l.onInvite(m);
        } else if (message instanceof Ringing m) {
            l.onRinging(m);
        } else if (message instanceof CallAccepted m) {
            l.onCallAccepted(m);
        } else if (message instanceof CallEnded m) {
            l.onCallEnded(m);
        } else if (message instanceof Offer m) {
            l.onOffer(m);
        } else if (message instanceof Answer m) {
            l.onAnswer(m);
        } else if (message instanceof IceCandidate m) {
            l.onIceCandidate(m);
        } else if (message instanceof Blocked m) {
            l.onBlocked(m);
        } else if (message instanceof ErrorMessage m) {
            l.onError(m);
        }
    }
}

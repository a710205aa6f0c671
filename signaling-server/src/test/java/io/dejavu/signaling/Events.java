package io.dejavu.signaling;

import static org.junit.jupiter.api.Assertions.fail;

import io.dejavu.protocol.signaling.SignalMessage;
import io.dejavu.protocol.signaling.client.ConnectionState;
import io.dejavu.protocol.signaling.client.SignalingListener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** Records what a client's listener receives, with the thread it arrived on, for assertions. */
final class Events implements SignalingListener {
    static final Duration WAIT = Duration.ofSeconds(5);

    record Received(SignalMessage message, String thread) {}

    private final LinkedBlockingQueue<Received> messages = new LinkedBlockingQueue<>();
    final LinkedBlockingQueue<ConnectionState> states = new LinkedBlockingQueue<>();

    @Override
    public void onMessage(SignalMessage message) {
        messages.add(new Received(message, Thread.currentThread().getName()));
    }

    @Override
    public void onConnectionState(ConnectionState state) {
        states.add(state);
    }

    /** The next message of {@code type}, skipping others (presence, welcome) on the way. */
    <T extends SignalMessage> T next(Class<T> type) {
        return type.cast(nextReceived(type, WAIT).message());
    }

    <T extends SignalMessage> T next(Class<T> type, Duration wait) {
        return type.cast(nextReceived(type, wait).message());
    }

    Received nextReceived(Class<? extends SignalMessage> type, Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        List<String> skipped = new ArrayList<>();
        try {
            while (true) {
                long left = deadline - System.nanoTime();
                Received r = left <= 0 ? null : messages.poll(left, TimeUnit.NANOSECONDS);
                if (r == null) {
                    fail("no " + type.getSimpleName() + " within " + wait + "; skipped " + skipped);
                }
                if (type.isInstance(r.message())) {
                    return r;
                }
                skipped.add(r.message().toString());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** Asserts that no message of {@code type} arrives within {@code wait}. */
    void none(Class<? extends SignalMessage> type, Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        try {
            while (true) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return;
                }
                Received r = messages.poll(left, TimeUnit.NANOSECONDS);
                if (r != null && type.isInstance(r.message())) {
                    fail("unexpected " + r.message());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    ConnectionState nextState(ConnectionState wanted, Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        List<ConnectionState> seen = new ArrayList<>();
        try {
            while (true) {
                long left = deadline - System.nanoTime();
                ConnectionState s = left <= 0 ? null : states.poll(left, TimeUnit.NANOSECONDS);
                if (s == null) {
                    fail("no state " + wanted + " within " + wait + "; saw " + seen);
                }
                if (s == wanted) {
                    return s;
                }
                seen.add(s);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}

package io.dejavu.app.fakes;

import io.dejavu.app.session.CallOptions;
import io.dejavu.app.session.Session;
import io.dejavu.app.session.SessionEvent;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** A session that records what the view models ask and lets a test play the server's part. */
public final class FakeSession implements Session {
    private final String user;
    public final List<String> actions = new CopyOnWriteArrayList<>();
    private volatile Consumer<SessionEvent> listener = e -> {};
    public volatile boolean closed;

    public FakeSession(String user) {
        this.user = user;
    }

    @Override
    public String user() {
        return user;
    }

    @Override
    public void setListener(Consumer<SessionEvent> l) {
        listener = l;
    }

    /** Plays an event as if the server sent it. */
    public void emit(SessionEvent event) {
        listener.accept(event);
    }

    @Override
    public void dial(String callee, CallOptions options) {
        actions.add("dial " + callee + " @" + options.maxBitrateKbps());
    }

    @Override
    public void accept(String callId, CallOptions options) {
        actions.add("accept " + callId);
    }

    @Override
    public void reject(String callId) {
        actions.add("reject " + callId);
    }

    @Override
    public void busy(String callId) {
        actions.add("busy " + callId);
    }

    @Override
    public void block(String other) {
        actions.add("block " + other);
    }

    @Override
    public void unblock(String other) {
        actions.add("unblock " + other);
    }

    @Override
    public void hangUp(String callId) {
        actions.add("hangup " + callId);
    }

    @Override
    public void close() {
        closed = true;
    }
}

package io.dejavu.protocol.signaling.client;

import io.dejavu.protocol.signaling.ErrorCode;
import io.dejavu.protocol.signaling.SignalMessage;
import io.dejavu.protocol.signaling.SignalMessage.CallEnded;
import io.dejavu.protocol.signaling.SignalMessage.ErrorMessage;
import io.dejavu.protocol.signaling.SignalMessage.Invite;
import io.dejavu.protocol.signaling.SignalMessage.Welcome;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The calls a client takes part in as far as it knows, so that it can report them ended when the connection is
 * lost for good or a reconnect lands in a session that no longer has them. Guarded by the client's lock.
 */
final class KnownCalls {
    private final Set<String> ids = new LinkedHashSet<>();

    void add(String callId) {
        ids.add(callId);
    }

    void remove(String callId) {
        ids.remove(callId);
    }

    Set<String> snapshot() {
        return Set.copyOf(ids);
    }

    /** Follows what the server says about calls: invited, ended, or unknown to it. */
    void track(SignalMessage message) {
        if (message instanceof Invite i) {
            ids.add(i.callId());
        } else if (message instanceof CallEnded e) {
            ids.remove(e.callId());
        } else if (message instanceof ErrorMessage e && e.code() == ErrorCode.UNKNOWN_CALL && e.ref() != null) {
            ids.remove(e.ref());
        }
    }

    /**
     * Forgets and returns the calls the server did not keep across a reconnect: all of them in a new session,
     * those missing from the welcome in a resumed one.
     */
    List<String> lostOn(Welcome w) {
        List<String> lost = new ArrayList<>();
        for (String id : ids) {
            if (!w.resumed() || !w.calls().contains(id)) {
                lost.add(id);
            }
        }
        ids.removeAll(lost);
        return lost;
    }

    /** Forgets and returns every call. */
    List<String> removeAll() {
        List<String> all = new ArrayList<>(ids);
        ids.clear();
        return all;
    }

    void clear() {
        ids.clear();
    }
}

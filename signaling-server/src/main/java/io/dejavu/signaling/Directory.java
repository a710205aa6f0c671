package io.dejavu.signaling;

import io.dejavu.protocol.signaling.SignalMessage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Who is connected and who is online: open connections, and sessions by user and by id. It has no lock of its own;
 * every caller holds the hub's lock, which is what keeps these maps consistent with the calls.
 */
final class Directory {
    private final Set<Conn> conns = new LinkedHashSet<>();
    private final Map<String, Integer> perAddress = new HashMap<>();
    private final Map<String, Session> byUser = new HashMap<>();
    private final Map<String, Session> byId = new HashMap<>();

    /**
     * Adds the connection unless {@code maxTotal} are open or its address already has {@code maxPerAddress} open;
     * returns whether it did.
     */
    boolean admit(Conn c, int maxTotal, int maxPerAddress) {
        int open = perAddress.getOrDefault(c.address, 0);
        if (conns.size() >= maxTotal || open >= maxPerAddress) {
            return false;
        }
        perAddress.put(c.address, open + 1);
        conns.add(c);
        return true;
    }

    private void removeConn(Conn c) {
        if (conns.remove(c)) {
            perAddress.computeIfPresent(c.address, (a, n) -> n == 1 ? null : n - 1);
        }
    }

    /** A connection refused before it had a session leaves; late messages from it are ignored. */
    void forget(Conn c) {
        c.open = false;
        removeConn(c);
    }

    /** The connection no longer speaks for its session; late messages from it are refused. */
    void detach(Conn c) {
        c.open = false;
        removeConn(c);
        if (c.session != null && c.session.conn == c) {
            c.session.conn = null;
        }
        c.session = null;
    }

    /** Detaches every connection and forgets every session; returns the connections for closing outside the lock. */
    List<Conn> detachAll() {
        List<Conn> all = new ArrayList<>(conns);
        for (Conn c : all) {
            detach(c);
        }
        byUser.clear();
        byId.clear();
        perAddress.clear();
        return all;
    }

    /** A copy, so that callers may detach while they walk it. */
    List<Conn> connections() {
        return new ArrayList<>(conns);
    }

    /** A copy, so that callers may end sessions while they walk it. */
    List<Session> sessions() {
        return new ArrayList<>(byUser.values());
    }

    Session byUser(String user) {
        return byUser.get(user);
    }

    Session byId(String id) {
        return byId.get(id);
    }

    void put(Session s) {
        byUser.put(s.user, s);
        byId.put(s.id, s);
    }

    void remove(Session s) {
        // A stale session must never take a newer session of the same user out of the index.
        if (byUser.get(s.user) == s) {
            byUser.remove(s.user);
        }
        byId.remove(s.id);
    }

    /** Other online users that {@code user} may see (those not blocking them), sorted, for a welcome. */
    List<String> visibleTo(String user) {
        List<String> online = new ArrayList<>();
        for (Session other : byUser.values()) {
            if (!other.user.equals(user) && other.admits(user)) {
                online.add(other.user);
            }
        }
        online.sort(null);
        return online;
    }

    void deliverTo(String user, SignalMessage message) {
        Session s = byUser.get(user);
        if (s != null) {
            s.deliver(message);
        }
    }

    void deliverTextTo(String user, String text) {
        Session s = byUser.get(user);
        if (s != null) {
            s.deliverText(text);
        }
    }

    int connectionCount() {
        return conns.size();
    }

    int sessionCount() {
        return byUser.size();
    }
}

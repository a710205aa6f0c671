package io.dejavu.signaling;

import io.dejavu.protocol.signaling.SignalMessage.Presence;
import io.dejavu.protocol.signaling.SignalingCodec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Presence changes, coalesced: sign-ins and sign-outs are collected and sent to the subscribers at most once per
 * interval, one message with every user whose state changed (a user who came and went meanwhile is left out). One
 * encoded message serves every subscriber that sees the same thing; the few who differ (the changed users
 * themselves, users hidden by a block) get their own. So a sign-in loop costs a subscriber at most one message per
 * interval however fast it runs. No lock of its own: the hub holds its lock around every method.
 */
final class PresenceFeed {
    /** A user's state before the first change of this interval and now, and who may not see it. */
    private record Change(boolean before, boolean now, Set<String> hiddenFrom) {}

    private final long intervalNanos;
    private final Map<String, Change> changes = new LinkedHashMap<>();
    /** Subscribers whose view of some users changed by a block or unblock: recomputed from the present at flush. */
    private final Map<Session, Set<String>> recheck = new HashMap<>();

    private long lastFlushNanos;
    private long messagesSent;

    PresenceFeed(long intervalNanos, long now) {
        this.intervalNanos = intervalNanos;
        this.lastFlushNanos = now;
    }

    /**
     * {@code user} came online or went offline ({@code wasOnline} says how subscribers last saw them: a new login
     * that replaces a session does not change it); {@code hiddenFrom} are the users it blocks.
     */
    void changed(String user, boolean wasOnline, boolean online, Set<String> hiddenFrom) {
        Change old = changes.get(user);
        boolean before = old == null ? wasOnline : old.before();
        changes.put(user, new Change(before, online, hiddenFrom));
    }

    /** {@code subscriber} may now see {@code user} differently (a block or unblock between them). */
    void visibilityChanged(Session subscriber, String user) {
        recheck.computeIfAbsent(subscriber, k -> new HashSet<>()).add(user);
    }

    /** Sends what changed since the last flush, if an interval has passed. */
    void flush(Directory directory, long now) {
        if (now - lastFlushNanos < intervalNanos) {
            return;
        }
        lastFlushNanos = now;
        if (changes.isEmpty() && recheck.isEmpty()) {
            return;
        }
        List<String> online = new ArrayList<>();
        List<String> offline = new ArrayList<>();
        Map<String, Set<String>> hiddenFor = new HashMap<>();
        changes.forEach((user, change) -> {
            if (change.before() != change.now()) {
                (change.now() ? online : offline).add(user);
                change.hiddenFrom().forEach(h -> hiddenFor
                        .computeIfAbsent(h, k -> new HashSet<>())
                        .add(user));
            }
        });
        String common =
                online.isEmpty() && offline.isEmpty() ? null : SignalingCodec.encode(new Presence(online, offline));
        for (Session s : directory.sessions()) {
            if (!s.presence) {
                continue;
            }
            Set<String> hidden = hiddenFor.get(s.user);
            Set<String> again = recheck.get(s);
            boolean mentioned = changes.containsKey(s.user) && (online.contains(s.user) || offline.contains(s.user));
            if (hidden == null && again == null && !mentioned) {
                if (common != null) {
                    s.deliverText(common);
                    messagesSent++;
                }
                continue;
            }
            Presence own = own(s, online, offline, hidden == null ? Set.of() : hidden, again, directory);
            if (!own.online().isEmpty() || !own.offline().isEmpty()) {
                s.deliver(own);
                messagesSent++;
            }
        }
        changes.clear();
        recheck.clear();
    }

    private static Presence own(
            Session s, List<String> online, List<String> offline, Set<String> hidden, Set<String> again, Directory d) {
        Map<String, Boolean> view = new LinkedHashMap<>();
        online.forEach(u -> view.put(u, true));
        offline.forEach(u -> view.put(u, false));
        view.remove(s.user);
        hidden.forEach(view::remove);
        if (again != null) {
            for (String u : again) {
                Session other = d.byUser(u);
                view.put(u, other != null && other.admits(s.user));
            }
        }
        List<String> on = new ArrayList<>();
        List<String> off = new ArrayList<>();
        view.forEach((u, up) -> (up ? on : off).add(u));
        return new Presence(on, off);
    }

    /** Presence messages sent so far (for tests and measurements). */
    long messagesSent() {
        return messagesSent;
    }
}

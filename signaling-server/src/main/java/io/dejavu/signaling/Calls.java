package io.dejavu.signaling;

import io.dejavu.protocol.signaling.EndReason;
import io.dejavu.protocol.signaling.ErrorCode;
import io.dejavu.protocol.signaling.SignalMessage;
import io.dejavu.protocol.signaling.SignalMessage.Accept;
import io.dejavu.protocol.signaling.SignalMessage.Answer;
import io.dejavu.protocol.signaling.SignalMessage.Busy;
import io.dejavu.protocol.signaling.SignalMessage.CallAccepted;
import io.dejavu.protocol.signaling.SignalMessage.CallEnded;
import io.dejavu.protocol.signaling.SignalMessage.Cancel;
import io.dejavu.protocol.signaling.SignalMessage.ErrorMessage;
import io.dejavu.protocol.signaling.SignalMessage.HangUp;
import io.dejavu.protocol.signaling.SignalMessage.IceCandidate;
import io.dejavu.protocol.signaling.SignalMessage.Invite;
import io.dejavu.protocol.signaling.SignalMessage.Offer;
import io.dejavu.protocol.signaling.SignalMessage.Reject;
import io.dejavu.protocol.signaling.SignalMessage.Ringing;
import io.dejavu.protocol.signaling.SignalingCodec;
import io.dejavu.protocol.ticket.CallTicket;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The call state machine (ringing, active, ended) and the relay of SDP and ICE between a call's two parties. A user
 * has one line (a call they placed, or one they accepted), while several invites may ring for them at once, so a
 * ringing invite cannot lock them against other callers (ADR 0303). It has
 * no lock of its own: the hub holds its lock around every method, so a call and both parties' sessions change
 * together.
 */
final class Calls {
    private static final Logger LOG = LoggerFactory.getLogger(Calls.class);

    private final SignalingServerOptions options;
    private final Clock clock;
    private final Directory directory;
    private final Cluster cluster;
    private final String node;
    /** The hub's lock, for what the cluster reports on its own thread. */
    private final Object lock;

    private final Map<String, Call> calls = new HashMap<>();
    /** Invites per caller-callee pair: turning someone away must not be answered by the next invite at once. */
    private final RateLimits invites;

    Calls(SignalingServerOptions options, Clock clock, Directory directory, Cluster cluster, String node, Object lock) {
        this.options = options;
        this.clock = clock;
        this.directory = directory;
        this.cluster = cluster;
        this.node = node;
        this.lock = lock;
        this.invites = new RateLimits(options.invitesPerSecond(), options.inviteBurst());
    }

    /** Handles {@code message} from {@code s} if it is about a call; returns false if it is not. */
    boolean handle(Conn c, Session s, SignalMessage message) {
        if (message instanceof Invite m) {
            invite(c, s, m);
        } else if (message instanceof Accept m) {
            accept(c, s, m);
        } else if (message instanceof Reject m) {
            answerNo(c, s, m.callId(), EndReason.REJECTED);
        } else if (message instanceof Busy m) {
            answerNo(c, s, m.callId(), EndReason.BUSY);
        } else if (message instanceof Cancel m) {
            cancel(c, s, m);
        } else if (message instanceof HangUp m) {
            hangUp(c, s, m);
        } else if (message instanceof Offer m) {
            relay(c, s, m.callId(), m.from(), new Offer(m.callId(), s.user, m.sdp()));
        } else if (message instanceof Answer m) {
            relay(c, s, m.callId(), m.from(), new Answer(m.callId(), s.user, m.sdp()));
        } else if (message instanceof IceCandidate m) {
            relay(
                    c,
                    s,
                    m.callId(),
                    m.from(),
                    new IceCandidate(m.callId(), s.user, m.sdpMid(), m.sdpMLineIndex(), m.candidate()));
        } else {
            return false;
        }
        return true;
    }

    private void invite(Conn c, Session s, Invite m) {
        if (m.from() != null && !m.from().equals(s.user)) {
            forbidden(c, s, "you are " + s.user + " and cannot invite as " + m.from(), m.callId());
            return;
        }
        if (m.to().equals(s.user)) {
            c.send(new ErrorMessage(ErrorCode.BAD_REQUEST, "you cannot call yourself", m.callId()));
            return;
        }
        if (calls.containsKey(m.callId())) {
            c.send(new ErrorMessage(
                    ErrorCode.BAD_REQUEST, "call id " + m.callId() + " is taken; pick a new one", m.callId()));
            return;
        }
        if (s.call != null) {
            c.send(new ErrorMessage(
                    ErrorCode.INVALID_STATE, "you are already in call " + s.call.id + "; hang up first", m.callId()));
            return;
        }
        Session callee = directory.byUser(m.to());
        if (callee == null && cluster.shared()) {
            inviteElsewhere(c, s, m);
            return;
        }
        if (callee == null || !callee.admits(s.user)) {
            // Same answer for unknown, offline and blocking users, so invites cannot probe accounts or blocks.
            c.send(new CallEnded(m.callId(), EndReason.OFFLINE, null));
            return;
        }
        if (callee.call != null || callee.ringing.size() >= options.maxRingingPerUser()) {
            c.send(new CallEnded(m.callId(), EndReason.BUSY, null));
            return;
        }
        long now = System.nanoTime();
        if (!invites.of(pair(s.user, callee.user), now).tryAcquire(now)) {
            // A caller re-inviting the moment they are turned away hears busy, like a callee in another call.
            LOG.info("throttling invites from {} to {}", s.user, callee.user);
            c.send(new CallEnded(m.callId(), EndReason.BUSY, null));
            return;
        }
        Call call = new Call(m.callId(), s.user, callee.user, now);
        call.callerKey = s.ticketKey;
        calls.put(call.id, call);
        s.call = call;
        callee.ringing.put(call.id, call);
        cluster.callStored(call.stored());
        callee.deliver(new Invite(call.id, s.user, callee.user));
        c.send(new Ringing(call.id, callee.user));
    }

    /**
     * The callee is not on this node: the invite goes to its node, which checks busy, blocks and presence where the
     * callee's session lives and answers ringing or ended (ADR 0306). Until then the call rings here only.
     */
    private void inviteElsewhere(Conn c, Session s, Invite m) {
        long now = System.nanoTime();
        if (!invites.of(pair(s.user, m.to()), now).tryAcquire(now)) {
            LOG.info("throttling invites from {} to {}", s.user, m.to());
            c.send(new CallEnded(m.callId(), EndReason.BUSY, null));
            return;
        }
        Call call = new Call(m.callId(), s.user, m.to(), now);
        call.callerKey = s.ticketKey;
        calls.put(call.id, call);
        s.call = call;
        cluster.callStored(call.stored());
        cluster.send(ClusterMessage.invite(node, call, call.callerKey), () -> nobodyHolds(call));
    }

    /** No node holds the callee: the invite ends as offline (run by the cluster's thread, hence the lock). */
    private void nobodyHolds(Call call) {
        synchronized (lock) {
            if (calls.get(call.id) == call) {
                end(call, call.callee, EndReason.OFFLINE, null);
            }
        }
    }

    private void accept(Conn c, Session s, Accept m) {
        Call call = partyCall(c, s, m.callId());
        if (call == null) {
            return;
        }
        if (!call.callee.equals(s.user)) {
            forbidden(c, s, "only " + call.callee + " can accept call " + call.id, call.id);
            return;
        }
        if (call.state != Call.State.RINGING) {
            c.send(new ErrorMessage(ErrorCode.INVALID_STATE, "call " + call.id + " is already accepted", call.id));
            return;
        }
        if (s.call != null) {
            c.send(new ErrorMessage(
                    ErrorCode.INVALID_STATE, "you are in call " + s.call.id + "; hang up before accepting", call.id));
            return;
        }
        s.ringing.remove(call.id);
        s.call = call;
        call.state = Call.State.ACTIVE;
        // Only invites that were turned away, cancelled or left unanswered count against the pair.
        invites.of(pair(call.caller, call.callee), System.nanoTime()).refund();
        // The callee took one call; the others that were waiting hear busy, and so does the callee's client.
        for (Call waiting : new ArrayList<>(s.ringing.values())) {
            end(waiting, null, EndReason.BUSY, s.user);
        }
        Instant expires =
                Instant.ofEpochSecond(clock.instant().plus(options.ticketTtl()).getEpochSecond());
        // Each ticket is bound to the key its holder's client sent in its hello (ADR 0305).
        Session callerSession = directory.byUser(call.caller);
        String callerKey = callerSession == null ? call.callerKey : callerSession.ticketKey;
        call.calleeKey = s.ticketKey;
        cluster.callStored(call.stored());
        String callerTicket =
                options.tickets().sign(new CallTicket(call.id, call.caller, call.callee, expires, callerKey));
        String calleeTicket =
                options.tickets().sign(new CallTicket(call.id, call.callee, call.caller, expires, s.ticketKey));
        CallAccepted forCaller = new CallAccepted(call.id, call.callee, true, callerTicket, expires);
        if (callerSession != null) {
            callerSession.deliver(forCaller);
        } else {
            cluster.send(ClusterMessage.accepted(node, call, SignalingCodec.encode(forCaller)), null);
        }
        s.deliver(new CallAccepted(call.id, call.caller, false, calleeTicket, expires));
    }

    private void answerNo(Conn c, Session s, String callId, EndReason reason) {
        Call call = partyCall(c, s, callId);
        if (call == null) {
            return;
        }
        if (!call.callee.equals(s.user)) {
            forbidden(c, s, "only " + call.callee + " can answer call " + call.id + "; use cancel or hangup", call.id);
            return;
        }
        if (call.state != Call.State.RINGING) {
            c.send(new ErrorMessage(ErrorCode.INVALID_STATE, "call " + call.id + " was accepted; use hangup", call.id));
            return;
        }
        end(call, s.user, reason, s.user);
    }

    private void cancel(Conn c, Session s, Cancel m) {
        Call call = partyCall(c, s, m.callId());
        if (call == null) {
            return;
        }
        if (!call.caller.equals(s.user)) {
            forbidden(c, s, "only " + call.caller + " can cancel call " + call.id + "; use reject", call.id);
            return;
        }
        // A cancel that crossed the callee's accept ends the now active call.
        end(call, s.user, call.state == Call.State.RINGING ? EndReason.CANCELLED : EndReason.HUNG_UP, s.user);
    }

    private void hangUp(Conn c, Session s, HangUp m) {
        Call call = partyCall(c, s, m.callId());
        if (call == null) {
            return;
        }
        end(call, s.user, leaving(call, s.user), s.user);
    }

    private void relay(Conn c, Session s, String callId, String from, SignalMessage relayed) {
        if (from != null && !from.equals(s.user)) {
            forbidden(c, s, "you are " + s.user + " and cannot send as " + from, callId);
            return;
        }
        Call call = partyCall(c, s, callId);
        if (call == null) {
            return;
        }
        if (call.state != Call.State.ACTIVE) {
            c.send(new ErrorMessage(ErrorCode.INVALID_STATE, "call " + call.id + " is not accepted yet", call.id));
            return;
        }
        String other = call.other(s.user);
        Session os = directory.byUser(other);
        if (os != null) {
            os.deliver(relayed);
        } else {
            cluster.send(ClusterMessage.deliver(node, other, SignalingCodec.encode(relayed)), null);
        }
    }

    /** The call if the sender is a party of it; otherwise answers with an error and returns null. */
    private Call partyCall(Conn c, Session s, String callId) {
        Call call = calls.get(callId);
        if (call == null) {
            c.send(new ErrorMessage(ErrorCode.UNKNOWN_CALL, "no call " + callId + " (it may have ended)", callId));
            return null;
        }
        if (!call.hasParty(s.user)) {
            forbidden(c, s, "you are not a party of call " + callId, callId);
            return null;
        }
        return call;
    }

    private static void forbidden(Conn c, Session s, String why, String ref) {
        LOG.warn("forbidden from {} ({}): {}", s.user, c.link.remote(), why);
        c.send(new ErrorMessage(ErrorCode.FORBIDDEN, why, ref));
    }

    /** What the other party hears when {@code user} leaves the call on purpose, as fits the call's state. */
    private static EndReason leaving(Call call, String user) {
        if (call.state == Call.State.ACTIVE) {
            return EndReason.HUNG_UP;
        }
        return call.caller.equals(user) ? EndReason.CANCELLED : EndReason.REJECTED;
    }

    /**
     * Ends the calls of a session that is going away. {@code reason} null means the user left on purpose: the other
     * party hears hung_up, cancelled or rejected as fits the call's state.
     */
    void endFor(Session s, EndReason reason) {
        for (Call call : s.calls()) {
            end(call, s.user, reason == null ? leaving(call, s.user) : reason, s.user);
        }
    }

    /** Ends what rings or runs between {@code s} and a user it just blocked, as if {@code s} had hung up. */
    void endBetween(Session s, String blocked) {
        for (Call call : s.calls()) {
            if (call.other(s.user).equals(blocked)) {
                end(call, s.user, leaving(call, s.user), s.user);
            }
        }
    }

    /** Whether call {@code callId} is accepted, not yet ended, and between these two users. */
    boolean isActive(String callId, String oneParty, String otherParty) {
        Call call = calls.get(callId);
        return call != null && call.state == Call.State.ACTIVE && call.hasParty(oneParty) && call.hasParty(otherParty);
    }

    /** Ends the invites that rang longer than the ring timeout. */
    void endUnanswered(long now) {
        long ring = options.ringTimeout().toNanos();
        for (Call call : new ArrayList<>(calls.values())) {
            if (call.state == Call.State.RINGING && now - call.createdNanos > ring) {
                end(call, null, EndReason.NO_ANSWER, null);
            }
        }
    }

    /**
     * Removes the call and tells the party other than {@code actor} (both if {@code actor} is null) that it
     * ended.
     */
    private void end(Call call, String actor, EndReason reason, String by) {
        calls.remove(call.id, call);
        cluster.callEnded(call.id, call.caller, call.callee);
        for (String party : List.of(call.caller, call.callee)) {
            Session ps = directory.byUser(party);
            if (ps != null && ps.call == call) {
                ps.call = null;
            }
            if (ps != null) {
                ps.ringing.remove(call.id, call);
            }
            if (!party.equals(actor) && ps != null) {
                ps.deliver(new CallEnded(call.id, reason, by));
            } else if (!party.equals(actor)) {
                // On another node, or nowhere (then nobody hears it, as before).
                cluster.send(ClusterMessage.ended(node, party, call.id, reason, by), null);
            }
        }
    }

    // ------------------------------------------------------------------ what other nodes say about calls

    /** An invite from a caller on another node for {@code m.to()}, who lives here. */
    void invitedFromElsewhere(ClusterMessage m) {
        Session callee = directory.byUser(m.to());
        if (callee == null || !callee.admits(m.from())) {
            cluster.send(ClusterMessage.ended(node, m.from(), m.callId(), EndReason.OFFLINE, null), null);
            return;
        }
        if (calls.containsKey(m.callId())
                || callee.call != null
                || callee.ringing.size() >= options.maxRingingPerUser()) {
            cluster.send(ClusterMessage.ended(node, m.from(), m.callId(), EndReason.BUSY, null), null);
            return;
        }
        Call call = new Call(m.callId(), m.from(), m.to(), System.nanoTime());
        call.callerKey = m.key();
        calls.put(call.id, call);
        callee.ringing.put(call.id, call);
        callee.deliver(new Invite(call.id, call.caller, call.callee));
        cluster.send(ClusterMessage.ringing(node, call), null);
    }

    /** The callee's node rings the callee: the caller here hears ringing. */
    void ringingElsewhere(ClusterMessage m) {
        Call call = calls.get(m.callId());
        Session caller = directory.byUser(m.to());
        if (call != null && caller != null && call.caller.equals(caller.user) && call.state == Call.State.RINGING) {
            caller.deliver(new Ringing(call.id, call.callee));
        }
    }

    /** The callee accepted on its node: the call is active here too, and the caller gets its ticket. */
    void acceptedElsewhere(ClusterMessage m) {
        Call call = calls.get(m.callId());
        Session caller = directory.byUser(m.to());
        if (call == null || caller == null || !call.caller.equals(caller.user)) {
            return;
        }
        call.state = Call.State.ACTIVE;
        invites.of(pair(call.caller, call.callee), System.nanoTime()).refund();
        caller.deliverText(m.text());
    }

    /** The other party's node ended the call: forget it here and tell the party here, once. */
    void endedElsewhere(ClusterMessage m) {
        Call call = calls.get(m.callId());
        if (call == null || !call.hasParty(m.to())) {
            return;
        }
        calls.remove(call.id);
        for (String party : List.of(call.caller, call.callee)) {
            Session ps = directory.byUser(party);
            if (ps != null) {
                if (ps.call == call) {
                    ps.call = null;
                }
                ps.ringing.remove(call.id, call);
                if (party.equals(m.to())) {
                    ps.deliver(new CallEnded(call.id, m.reason(), m.by()));
                }
            }
        }
    }

    /**
     * Takes a call a session resumed from another node had: the one this node holds for the other party if there is
     * one, else a copy of the stored record.
     */
    Call adopt(Cluster.StoredCall stored) {
        Call call = calls.get(stored.id());
        if (call == null) {
            call = new Call(stored.id(), stored.caller(), stored.callee(), System.nanoTime());
            call.state = stored.active() ? Call.State.ACTIVE : Call.State.RINGING;
            call.callerKey = stored.callerKey();
            call.calleeKey = stored.calleeKey();
            calls.put(call.id, call);
        }
        return call;
    }

    /** {@code s} moved to another node: forget its calls here unless the other party lives here too. */
    void movedAway(Session s) {
        for (Call call : s.calls()) {
            if (directory.byUser(call.other(s.user)) == null) {
                calls.remove(call.id, call);
            }
        }
    }

    private static String pair(String caller, String callee) {
        return caller + '\u0000' + callee;
    }

    /** Forgets invite buckets that refilled (called by the timer). */
    void sweep(long now) {
        invites.sweep(now);
    }

    int count() {
        return calls.size();
    }

    void clear() {
        calls.clear();
    }
}

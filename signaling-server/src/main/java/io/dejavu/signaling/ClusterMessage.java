package io.dejavu.signaling;

import io.dejavu.protocol.signaling.EndReason;

/**
 * One message from a node to the node of user {@code to}, as JSON on that user's channel. {@code node} is the
 * sender, so a node ignores what it sent itself.
 *
 * @param kind what it says: see the factory methods
 * @param text an encoded {@link io.dejavu.protocol.signaling.SignalMessage} for {@code to}, where one is relayed
 * @param key the ticket key thumbprint of the caller (invite)
 */
record ClusterMessage(
        String kind,
        String node,
        String to,
        String from,
        String callId,
        String session,
        EndReason reason,
        String by,
        String text,
        String key,
        boolean visible) {
    static final String INVITE = "invite";
    static final String RINGING = "ringing";
    static final String ACCEPTED = "accepted";
    static final String ENDED = "ended";
    static final String DELIVER = "deliver";
    static final String TAKEOVER = "takeover";
    static final String REPLACED = "replaced";
    static final String VISIBILITY = "visibility";

    /** {@code from} rings {@code to}; the node of {@code to} answers with ringing or ended. */
    static ClusterMessage invite(String node, Call call, String callerKey) {
        return new ClusterMessage(
                INVITE, node, call.callee, call.caller, call.id, null, null, null, null, callerKey, false);
    }

    static ClusterMessage ringing(String node, Call call) {
        return new ClusterMessage(
                RINGING, node, call.caller, call.callee, call.id, null, null, null, null, null, false);
    }

    /** The callee accepted: {@code text} is the caller's call_accepted with its ticket. */
    static ClusterMessage accepted(String node, Call call, String text) {
        return new ClusterMessage(
                ACCEPTED, node, call.caller, call.callee, call.id, null, null, null, text, null, false);
    }

    static ClusterMessage ended(String node, String to, String callId, EndReason reason, String by) {
        return new ClusterMessage(ENDED, node, to, null, callId, null, reason, by, null, null, false);
    }

    /** An already encoded message for {@code to} (SDP, ICE, or what was queued for a session that moved). */
    static ClusterMessage deliver(String node, String to, String text) {
        return new ClusterMessage(DELIVER, node, to, null, null, null, null, null, text, null, false);
    }

    /** {@code to} resumed session {@code session} on {@code node}: the node that held it lets it go. */
    static ClusterMessage takeover(String node, String to, String session) {
        return new ClusterMessage(TAKEOVER, node, to, null, null, session, null, null, null, null, false);
    }

    /** {@code to} logged in anew on {@code node} (session {@code session}): its older session ends. */
    static ClusterMessage replaced(String node, String to, String session) {
        return new ClusterMessage(REPLACED, node, to, null, null, session, null, null, null, null, false);
    }

    /** {@code from} blocked or unblocked {@code to}: {@code to} sees it come or go. */
    static ClusterMessage visibility(String node, String to, String from, boolean visible) {
        return new ClusterMessage(VISIBILITY, node, to, from, null, null, null, null, null, null, visible);
    }
}

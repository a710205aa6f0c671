package io.dejavu.signaling;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * What signaling nodes share (ADR 0306): who is online on which node, the sessions a client may resume elsewhere,
 * the messages between users on different nodes, call records and shared sign-in counters. {@link LocalCluster} is
 * the single process (nothing to share); {@link RedisCluster} shares through Redis. The hub calls the non-blocking
 * methods under its lock and the blocking ones ({@link #arrival}, {@link #signInAllowed}, {@link #callIsActive})
 * outside it.
 */
interface Cluster extends AutoCloseable {
    /** What other nodes tell this one; called one at a time, in the order they were sent. */
    interface Events {
        void onMessage(ClusterMessage message);

        void onPresence(String user, boolean wasOnline, boolean online, Set<String> hiddenFrom);
    }

    /** A call as the cluster keeps it, so that a party resuming on another node finds it. */
    record StoredCall(String id, String caller, String callee, boolean active, String callerKey, String calleeKey) {
        String other(String user) {
            return user.equals(caller) ? callee : caller;
        }
    }

    /** A session another node held, that a client may resume here; {@code call} may be null. */
    record StoredSession(String id, String user, StoredCall call) {}

    /**
     * What a signing-in user finds in the cluster: the session it asks to resume if another node kept it, the users
     * online on other nodes with the users each one blocks (only when asked), and whether it is online elsewhere.
     */
    record Arrival(StoredSession resumable, Map<String, Set<String>> onlineElsewhere, boolean wasOnlineElsewhere) {
        static final Arrival NONE = new Arrival(null, Map.of(), false);
    }

    /** Whether other nodes may exist: false keeps every path of the single process as it was. */
    boolean shared();

    void start(Events events) throws SignalingServerException;

    // ------------------------------------------------------------------ blocking, outside the hub's lock

    /** Shared sign-in counter of {@code user}: false once the cluster-wide limit is reached. */
    boolean signInAllowed(String user);

    /** What {@code user} finds in the cluster as it signs in; {@code resumeSession} may be null. */
    Arrival arrival(String user, String resumeSession, boolean wantsOnline);

    /** Whether a call this node does not hold is accepted and runs between these two users on another node. */
    boolean callIsActive(String callId, String holder, String peer);

    // ------------------------------------------------------------------ non-blocking, under the hub's lock

    /**
     * {@code s} now lives on this node: its user's messages come here. Completes (never exceptionally) once the
     * cluster routes them here, or once it gave up waiting for that; the caller holds the welcome until then.
     */
    CompletableFuture<Void> attached(Session s);

    /** {@code s} ended here: it is no longer online and can no longer be resumed. */
    void ended(Session s);

    /** {@code user}'s session moved to another node: stop taking its messages. */
    void movedAway(String user);

    /** {@code s}'s block list changed: other nodes hide its presence accordingly. */
    void blocksChanged(Session s);

    /** A user of this node came or went, for the other nodes' presence feeds. */
    void presence(String user, boolean wasOnline, boolean online, Set<String> hiddenFrom);

    /**
     * Sends {@code message} to the node of {@code message.to()}; {@code ifNobody} (may be null) runs, on the
     * cluster's thread, when no node holds that user.
     */
    void send(ClusterMessage message, Runnable ifNobody);

    /** A call started ringing or was accepted: a party resuming elsewhere finds it. */
    void callStored(StoredCall call);

    /** A call ended: its record goes, and its parties' lines if they still name it. */
    void callEnded(String callId, String caller, String callee);

    @Override
    void close();
}

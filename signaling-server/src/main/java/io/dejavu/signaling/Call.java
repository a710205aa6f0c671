package io.dejavu.signaling;

/** One call between two users; guarded by the hub's lock. */
final class Call {
    enum State {
        RINGING,
        ACTIVE
    }

    final String id;
    final String caller;
    final String callee;
    final long createdNanos;
    State state = State.RINGING;
    /**
     * Ticket key thumbprints of the parties as their clients sent them, kept with the call so that a node where only
     * one party lives can still bind both tickets (ADR 0305, 0306).
     */
    String callerKey;

    String calleeKey;

    Call(String id, String caller, String callee, long createdNanos) {
        this.id = id;
        this.caller = caller;
        this.callee = callee;
        this.createdNanos = createdNanos;
    }

    String other(String user) {
        return user.equals(caller) ? callee : caller;
    }

    Cluster.StoredCall stored() {
        return new Cluster.StoredCall(id, caller, callee, state == State.ACTIVE, callerKey, calleeKey);
    }

    boolean hasParty(String user) {
        return caller.equals(user) || callee.equals(user);
    }
}

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

    Call(String id, String caller, String callee, long createdNanos) {
        this.id = id;
        this.caller = caller;
        this.callee = callee;
        this.createdNanos = createdNanos;
    }

    String other(String user) {
        return user.equals(caller) ? callee : caller;
    }

    boolean hasParty(String user) {
        return caller.equals(user) || callee.equals(user);
    }
}

package io.dejavu.call;

/**
 * What the parts of a {@link Call} may ask of it. The parts touch libwebrtc only from the call's
 * events thread, which is why none of them needs a lock.
 */
interface CallContext {
    /** The call's number in this process, for log lines and thread names. */
    int id();

    CallState state();

    /** Runs {@code task} on the events thread, safe from any thread; if it throws, the call fails. */
    void onEvents(Runnable task);

    /** Ends the call; events thread only. {@code tellPeer} sends a hang-up first. */
    void end(CallState.EndReason reason, boolean tellPeer);
}

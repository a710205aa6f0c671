package io.dejavu.call.loopback;

import io.dejavu.call.CallOptions;
import io.dejavu.call.MediaException;
import io.dejavu.call.MediaRuntime;

/** How the two ends of a loopback call find each other: directly, or through a signaling server. */
public interface LoopbackSignaling extends AutoCloseable {
    /** Starts a caller and a callee wired to each other; they connect asynchronously. */
    CallPair start(MediaRuntime runtime, CallOptions caller, CallOptions callee) throws MediaException;

    @Override
    void close();
}

package io.dejavu.app.call;

/** A running enhancement pipeline for one call. */
public interface EnhancementRun extends AutoCloseable {
    /**
     * Loads {@code model} (blocking: call it off the FX thread) and enhances with it from the next
     * frame on.
     *
     * @return {@link ModelState.Ready} or {@link ModelState.Failed} with the reason (frames then pass
     *     through)
     */
    ModelState useModel(PeerModel model);

    /**
     * The call engine's latest numbers for the incoming stream: the model runs only while the stream
     * is inside the operating range its bundle declares (ADR 0506).
     */
    default void observe(io.dejavu.app.session.CallStats stream) {}

    /**
     * What the pipeline did with the latest frame, with the frames dropped so far; for the stats
     * overlay, read at its own rate (not per frame). Before the first frame: a pass-through report
     * that says so.
     */
    EnhancementReport lastReport();

    /** Frames handed to the sinks so far. */
    long framesOut();

    /**
     * Whether the decoded sink gets the decoded picture apart from the enhanced one (the split view
     * shows both); off, no copy is made and the decoded frame is the enhanced one.
     */
    void setKeepDecoded(boolean keep);

    /** Off: frames pass through (the decoded frame is also the "enhanced" one). */
    void setEnabled(boolean enabled);

    /** Stops the pipeline thread and frees the model. Idempotent. */
    @Override
    void close();
}

package io.dejavu.app.call;

/** A running enhancement pipeline for one call. */
public interface EnhancementRun extends AutoCloseable {
    /** Enhances with {@code model} from the next frame on. */
    void useModel(PeerModel model);

    /** Off: frames pass through (the decoded frame is also the "enhanced" one). */
    void setEnabled(boolean enabled);

    /** Stops the pipeline thread and frees the model. Idempotent. */
    @Override
    void close();
}

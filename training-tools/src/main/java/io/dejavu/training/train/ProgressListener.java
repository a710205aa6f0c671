package io.dejavu.training.train;

/** Receives training progress; called on the training thread, so implementations must be quick. */
@FunctionalInterface
public interface ProgressListener {
    ProgressListener NONE = p -> {};

    void onProgress(TrainingProgress progress);

    /** A message between phases (reading footage, encoding, exporting). Default: ignored. */
    default void onMessage(String message) {}
}

package io.dejavu.training.train;

/** Receives training progress; called on the training thread, so implementations must be quick. */
@FunctionalInterface
public interface ProgressListener {
    ProgressListener NONE = p -> {};

    void onProgress(TrainingProgress progress);

    /** A message between phases (reading footage, encoding, exporting). Default: ignored. */
    default void onMessage(String message) {}

    /** A listener that hands each message to {@code messages} and ignores the step-by-step progress. */
    static ProgressListener messages(java.util.function.Consumer<String> messages) {
        return new ProgressListener() {
            @Override
            public void onProgress(TrainingProgress progress) {}

            @Override
            public void onMessage(String message) {
                messages.accept(message);
            }
        };
    }
}

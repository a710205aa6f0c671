package io.dejavu.scorer.pipeline;

/**
 * Receives every frame the pipeline finishes, on the pipeline's thread. Keep it short: hand the
 * frames to the UI (e.g. {@code Platform.runLater}) and return; time spent here delays the next
 * frame. Exceptions are logged and do not stop the pipeline.
 */
@FunctionalInterface
public interface FrameListener {
    void onFrame(FrameResult result);
}

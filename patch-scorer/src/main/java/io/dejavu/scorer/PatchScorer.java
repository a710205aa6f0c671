package io.dejavu.scorer;

import io.dejavu.enhancer.EnhancementException;
import io.dejavu.enhancer.PatchGrid;
import io.dejavu.protocol.video.I420Frame;

/**
 * Predicts, for every patch of a frame, how much enhancing it would help; higher is better. The
 * pipeline enhances the top-k. Implementations: {@link OnnxPatchScorer} (the caller's learned
 * scorer, predicted dB gain) and {@link EdgeEnergyScorer} (model-free total variation).
 *
 * <pre>{@code
 * float[] scores = new float[grid.count()];
 * scorer.score(frame, grid, scores);
 * int k = TopK.select(scores, grid.count(), 60, chosen);
 * }</pre>
 */
public interface PatchScorer extends AutoCloseable {
    /** Short name for reports, e.g. {@code "onnx"} or {@code "edge-energy"}. */
    String name();

    /** Whether this scorer can score patches of this side (a learned scorer may be fixed-size). */
    boolean acceptsPatchSize(int patchSize);

    /**
     * Writes one score per patch of {@code grid} into {@code scores[0..grid.count())}.
     *
     * @throws EnhancementException if a model-based scorer fails to run
     */
    void score(I420Frame frame, PatchGrid grid, float[] scores) throws EnhancementException;

    @Override
    void close();
}

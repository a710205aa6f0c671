package io.dejavu.training.eval;

import io.dejavu.protocol.model.ModelTier;
import io.dejavu.protocol.video.FrameSize;
import io.dejavu.training.TrainingException;
import io.dejavu.training.footage.Codec;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What {@code evaluate} measures.
 *
 * @param model model directory
 * @param video clip to encode, decode and enhance
 * @param codec codec, or empty for the model's
 * @param bitrateKbps bitrate, or empty for the model's
 * @param size size to scale the clip to, or empty to keep it
 * @param k fraction of patches to enhance (1 = full frame)
 * @param maxFrames most frames to read
 * @param threads CPU threads for ONNX Runtime
 * @param scorerReport also rank the patches of up to {@value #SCORER_REPORT_FRAMES} frames by the
 *     model's scorer, total variation, chance and the actual gains (see {@link ScorerReport})
 * @param tier which of the bundle's enhancers runs (ADR 0104), measured against its own range
 * @param versus another bundle whose same tier runs on the same decoded frames (full frame), so
 *     that the margin over it carries none of the call-to-call spread of two separate evaluations
 */
public record EvaluationRequest(
        Path model,
        Path video,
        Optional<Codec> codec,
        Optional<Integer> bitrateKbps,
        Optional<FrameSize> size,
        double k,
        int maxFrames,
        int threads,
        boolean scorerReport,
        ModelTier tier,
        Optional<Path> versus) {
    /** Frames, spread over the clip, that the scorer report ranks. */
    public static final int SCORER_REPORT_FRAMES = 100;

    /** A request measuring one model alone. */
    public EvaluationRequest(
            Path model,
            Path video,
            Optional<Codec> codec,
            Optional<Integer> bitrateKbps,
            Optional<FrameSize> size,
            double k,
            int maxFrames,
            int threads,
            boolean scorerReport,
            ModelTier tier) {
        this(model, video, codec, bitrateKbps, size, k, maxFrames, threads, scorerReport, tier, Optional.empty());
    }

    public EvaluationRequest {
        if (!(k > 0 && k <= 1)) {
            throw new TrainingException("--k must be in (0, 1] (1 = full frame), got " + k);
        }
        if (maxFrames < 1) {
            throw new TrainingException("--max-frames must be positive, got " + maxFrames);
        }
        if (scorerReport && tier != ModelTier.CPU) {
            throw new TrainingException("--scorer-report ranks patches by the cpu tier's gains; run it without --tier");
        }
        if (versus.isPresent() && k < 1) {
            throw new TrainingException("--versus compares whole frames; leave --k at 1");
        }
        if (threads < 1) {
            throw new TrainingException("--threads must be positive, got " + threads);
        }
    }
}

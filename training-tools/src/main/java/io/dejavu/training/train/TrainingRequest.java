package io.dejavu.training.train;

import io.dejavu.protocol.video.FrameSize;
import io.dejavu.training.TrainingException;
import io.dejavu.training.footage.Codec;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A training job: whose model, from which footage, for which call settings, written where.
 *
 * <pre>{@code
 * // the demo's personal model: fine-tune the shipped generic model for 5 minutes
 * TrainingRequest r = TrainingRequest.personal("alice", List.of(Path.of("alice-earlier.mp4")),
 *         Path.of("work/models/alice"), Optional.of(Path.of("models/generic")), Codec.VP8, 50,
 *         Optional.of(new FrameSize(256, 256)), Duration.ofMinutes(5), 1L);
 * TrainingOutcome o = new TrainingService(progress -> log(progress)).train(r);
 * }</pre>
 *
 * @param caller the person (or {@link io.dejavu.protocol.model.ModelMetadata#GENERIC_CALLER})
 * @param videos clips of the person (personal) or of many people (generic)
 * @param holdOut for generic training: clips of people left out entirely, to measure the gain on
 *     people the model never saw (empty for personal training)
 * @param out model directory to write
 * @param base model directory to fine-tune from, or empty to train from scratch
 * @param generic the generic model to compare against on the held-back footage (personal training)
 * @param codec call codec
 * @param bitrateKbps call bitrate
 * @param size call size, or empty to keep the footage's size
 * @param maxFramesPerClip most frames read per clip
 * @param validationFraction later part of each clip held back for validation
 * @param scorerPatchSize scorer patch side
 * @param enhancer enhancer training options (time limit, seed, architecture, ...)
 * @param scorerTime time limit of the scorer training
 * @param points for a job over several operating points: a generic job makes each training clip's
 *     pairs at one of them, in turn, a personal one (one size, several bitrates) each clip's at every
 *     one ({@link CallPoint}); empty for the one point {@code size} and
 *     {@code bitrateKbps}. The first point's size is the size the frames are trained at (larger
 *     frames are cut into tiles of it), and it must be that point.
 */
public record TrainingRequest(
        String caller,
        List<Path> videos,
        List<Path> holdOut,
        Path out,
        Optional<Path> base,
        Optional<Path> generic,
        Codec codec,
        int bitrateKbps,
        Optional<FrameSize> size,
        int maxFramesPerClip,
        double validationFraction,
        int scorerPatchSize,
        EnhancerTrainingOptions enhancer,
        java.time.Duration scorerTime,
        List<CallPoint> points) {
    /** A job at the one operating point {@code size} and {@code bitrateKbps}. */
    public TrainingRequest(
            String caller,
            List<Path> videos,
            List<Path> holdOut,
            Path out,
            Optional<Path> base,
            Optional<Path> generic,
            Codec codec,
            int bitrateKbps,
            Optional<FrameSize> size,
            int maxFramesPerClip,
            double validationFraction,
            int scorerPatchSize,
            EnhancerTrainingOptions enhancer,
            java.time.Duration scorerTime) {
        this(
                caller,
                videos,
                holdOut,
                out,
                base,
                generic,
                codec,
                bitrateKbps,
                size,
                maxFramesPerClip,
                validationFraction,
                scorerPatchSize,
                enhancer,
                scorerTime,
                List.of());
    }

    /** Whether this is the generic model's job (pairs of many people), not one caller's. */
    public boolean genericJob() {
        return io.dejavu.protocol.model.ModelMetadata.GENERIC_CALLER.equals(caller);
    }

    /** Whether the job makes pairs at several operating points. */
    public boolean severalPoints() {
        return points.size() > 1;
    }

    /**
     * A personal model with the product defaults: fine-tuned from {@code generic} when present (else
     * from scratch), compared with it on the later 25 % of the footage, up to 1500 frames per clip,
     * 32-pixel scorer trained for up to 60 s.
     */
    public static TrainingRequest personal(
            String caller,
            List<Path> videos,
            Path out,
            Optional<Path> generic,
            Codec codec,
            int bitrateKbps,
            Optional<FrameSize> size,
            java.time.Duration maxTime,
            long seed) {
        EnhancerTrainingOptions options = EnhancerTrainingOptions.defaults(maxTime, seed);
        if (generic.isPresent()) {
            options = options.withLearningRate(5e-4f);
        }
        return new TrainingRequest(
                caller,
                videos,
                List.of(),
                out,
                generic,
                generic,
                codec,
                bitrateKbps,
                size,
                1500,
                0.25,
                32,
                options,
                java.time.Duration.ofSeconds(60));
    }

    public TrainingRequest {
        if (caller == null || caller.isBlank()) {
            throw new TrainingException("caller must not be blank");
        }
        if (videos == null || videos.isEmpty()) {
            throw new TrainingException("no footage given; pass at least one --video FILE");
        }
        videos = List.copyOf(videos);
        holdOut = List.copyOf(holdOut);
        if (bitrateKbps < 10 || bitrateKbps > 50_000) {
            throw new TrainingException("bitrate must be 10..50000 kbps, got " + bitrateKbps);
        }
        if (!(validationFraction > 0 && validationFraction < 0.9)) {
            throw new TrainingException("validation fraction must be in (0, 0.9), got " + validationFraction);
        }
        if (maxFramesPerClip < 10) {
            throw new TrainingException("max frames per clip must be at least 10, got " + maxFramesPerClip);
        }
        points = points == null ? List.of() : List.copyOf(points);
        if (!points.isEmpty()) {
            CallPoint first = points.get(0);
            if (size.isEmpty() || !size.get().equals(first.size()) || bitrateKbps != first.kbps()) {
                throw new TrainingException("the first operating point " + first + " must be the job's own size and"
                        + " bitrate (" + size.map(FrameSize::toString).orElse("native") + "@" + bitrateKbps + ")");
            }
            for (CallPoint p : points) {
                if (p.size().width() < first.size().width()
                        || p.size().height() < first.size().height()) {
                    throw new TrainingException("operating point " + p + " is smaller than the first one, " + first
                            + ": the first size is the one frames are trained at, so it must be the smallest");
                }
            }
            if (!io.dejavu.protocol.model.ModelMetadata.GENERIC_CALLER.equals(caller)
                    && points.stream().anyMatch(p -> !p.size().equals(first.size()))) {
                throw new TrainingException("a personal model learns at its caller's own size; several sizes are for"
                        + " the generic model (train-generic)");
            }
        }
    }
}

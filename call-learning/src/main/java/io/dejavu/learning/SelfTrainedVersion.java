package io.dejavu.learning;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One self-training run's result. Gains are on held-back recent call footage: the new model's, the
 * model it started from (the current one), and the generic model's. {@code storeVersion} is empty
 * when the guard refused it or it was not published; {@code refusal} then says why. {@code gpuTier}
 * is there when the run fine-tuned the gpu tier too (where it trains on a GPU, ADR 0701 amendment):
 * what a receiver with a GPU runs of this version.
 */
public record SelfTrainedVersion(
        Instant trained,
        OptionalInt storeVersion,
        double gainDb,
        double previousGainDb,
        double genericGainDb,
        double trainingSeconds,
        String device,
        String refusal,
        Optional<GpuTier> gpuTier) {

    /**
     * The gpu tier's fine-tuning in the same run, measured on the same held-back frames.
     *
     * @param gainDb the fine-tuned gpu tier's gain
     * @param genericGainDb the generic model's gpu tier's gain
     * @param refusal empty when the version carries it; else why the guard refused it (the version
     *     then keeps the gpu tier of the model it started from)
     */
    public record GpuTier(double gainDb, double genericGainDb, String refusal) {
        public GpuTier {
            Objects.requireNonNull(refusal, "refusal");
        }

        public boolean accepted() {
            return refusal.isEmpty();
        }
    }

    public SelfTrainedVersion {
        Objects.requireNonNull(storeVersion, "storeVersion");
        Objects.requireNonNull(gpuTier, "gpuTier");
    }

    public boolean published() {
        return storeVersion.isPresent();
    }

    /** This version with the gpu tier's numbers of the same run. */
    public SelfTrainedVersion withGpuTier(GpuTier gpu) {
        return with(storeVersion, refusal, Optional.of(gpu));
    }

    /** This version as the store numbered it, or kept here with {@code refusal} saying why not. */
    public SelfTrainedVersion withStoreVersion(OptionalInt number, String why) {
        return with(number, why, gpuTier);
    }

    private SelfTrainedVersion with(OptionalInt number, String why, Optional<GpuTier> gpu) {
        return new SelfTrainedVersion(
                trained, number, gainDb, previousGainDb, genericGainDb, trainingSeconds, device, why, gpu);
    }
}

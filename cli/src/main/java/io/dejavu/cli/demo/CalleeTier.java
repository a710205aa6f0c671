package io.dejavu.cli.demo;

import io.dejavu.protocol.model.ModelTier;
import java.util.Optional;

/**
 * Which tier of the caller's bundle the demo's callee runs: the one its {@code TierPicker} times
 * and takes (what every receiver does, ADR 0104), or one the sweep names so that each tier gets
 * rows of its own whatever this machine could keep up with.
 */
enum CalleeTier {
    /** The receiver measures the bundle's tiers and runs the largest that fits its frame budget. */
    PICKED(null),
    /** Only the cpu tier ({@code enhancer.onnx}). */
    CPU(ModelTier.CPU),
    /** Only the gpu tier ({@code enhancer-gpu.onnx}), on whatever provider the receiver has. */
    GPU(ModelTier.GPU);

    private final ModelTier tier;

    CalleeTier(ModelTier tier) {
        this.tier = tier;
    }

    /** The tier named, empty for {@link #PICKED}. */
    Optional<ModelTier> forced() {
        return Optional.ofNullable(tier);
    }

    static CalleeTier of(ModelTier tier) {
        return tier == ModelTier.CPU ? CPU : GPU;
    }
}

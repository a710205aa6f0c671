package io.dejavu.training.model;

import java.util.List;

/**
 * Trained patch-scorer weights: three stride-2 convolutions and the final linear layer (stored as
 * a 1x1 kernel over 16 inputs).
 *
 * @param patchSize patch side the scorer was trained on
 * @param convs the three convolutions
 * @param linear the linear layer, {@code out = 1, in = 16, kernel = 1}
 */
public record ScorerWeights(int patchSize, List<ConvWeights> convs, ConvWeights linear) {
    public ScorerWeights {
        convs = List.copyOf(convs);
        if (convs.size() != 3) {
            throw new IllegalArgumentException("scorer needs 3 convolutions, got " + convs.size());
        }
    }
}

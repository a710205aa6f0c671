package io.dejavu.training.model;

import java.util.List;

/**
 * Trained EDSR-Y weights: head, two convolutions per residual block, tail, in graph order.
 *
 * @param architecture channels and blocks
 * @param convs {@code 2 + 2 * blocks} convolutions: head, (conv1, conv2) per block, tail
 */
public record EnhancerWeights(Architecture architecture, List<ConvWeights> convs) {
    public EnhancerWeights {
        convs = List.copyOf(convs);
        if (convs.size() != 2 + 2 * architecture.blocks()) {
            throw new IllegalArgumentException("expected " + (2 + 2 * architecture.blocks()) + " convolutions for "
                    + architecture.label() + ", got " + convs.size());
        }
    }
}

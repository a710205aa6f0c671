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

    /** Input frames the network takes: 1, or 2 for the temporal variant (ADR 0509). */
    public int inputs() {
        return convs.get(0).in();
    }

    /**
     * These single-frame weights as a temporal network (current and previous decoded frame) that
     * computes exactly the same: the head's weights for the previous frame are zero.
     */
    public EnhancerWeights withPreviousFrameInput() {
        if (inputs() != 1) {
            throw new IllegalArgumentException("weights already take " + inputs() + " input frames");
        }
        ConvWeights head = convs.get(0);
        int k2 = head.kernel() * head.kernel();
        float[] wide = new float[head.out() * 2 * k2];
        for (int o = 0; o < head.out(); o++) {
            System.arraycopy(head.weight(), o * k2, wide, o * 2 * k2, k2);
        }
        List<ConvWeights> out = new java.util.ArrayList<>(convs);
        out.set(
                0,
                new ConvWeights(
                        head.out(),
                        2,
                        head.kernel(),
                        head.stride(),
                        wide,
                        head.bias().clone()));
        return new EnhancerWeights(architecture, out);
    }

    /**
     * Multiply-adds per output pixel: 9·in·C for the head, 2·B·9·C² for the blocks, 9·C for the tail.
     */
    public static long macsPerPixel(Architecture a, int inputs) {
        long c = a.channels();
        return 9 * inputs * c + 2L * a.blocks() * 9 * c * c + 9 * c;
    }

    /** Trainable weights and biases of such a network. */
    public static long parameters(Architecture a, int inputs) {
        long c = a.channels();
        return (9 * inputs * c + c) + 2L * a.blocks() * (9 * c * c + c) + (9 * c + 1);
    }
}

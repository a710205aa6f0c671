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
     * These weights as a network of {@code target}'s depth that computes exactly the same: the
     * residual blocks it adds go after the existing ones, each with its second convolution zero, so
     * it adds nothing until training moves it (its first convolution is He-initialized from {@code
     * seed}, so the gradient reaches it once the second one has moved). A larger gpu tier can so
     * start from a trained smaller one instead of from scratch.
     *
     * @throws IllegalArgumentException if {@code target} has other channels or fewer blocks
     */
    public EnhancerWeights deepenedTo(Architecture target, long seed) {
        Architecture a = architecture;
        if (target.channels() != a.channels() || target.blocks() < a.blocks()) {
            throw new IllegalArgumentException("cannot deepen " + a.label() + " to " + target.label()
                    + ": only more blocks of the same channels keep what it computes");
        }
        int c = a.channels();
        java.util.Random random = new java.util.Random(seed);
        double std = Math.sqrt(2.0 / (9.0 * c));
        List<ConvWeights> out = new java.util.ArrayList<>(convs.subList(0, convs.size() - 1));
        for (int b = a.blocks(); b < target.blocks(); b++) {
            float[] first = new float[c * c * 9];
            for (int i = 0; i < first.length; i++) {
                first[i] = (float) (random.nextGaussian() * std);
            }
            out.add(new ConvWeights(c, c, 3, 1, first, new float[c]));
            out.add(new ConvWeights(c, c, 3, 1, new float[c * c * 9], new float[c]));
        }
        out.add(convs.get(convs.size() - 1));
        return new EnhancerWeights(target, out);
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

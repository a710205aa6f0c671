package io.dejavu.enhancer.onnx;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Random;

/**
 * Weights of the "EDSR-Y" enhancer: a scaled-down EDSR on the luminance channel.
 *
 * <p>Architecture (all convolutions 3x3, stride 1, padding 1): {@code head} 1 to C channels; B
 * residual blocks, each {@code first} C to C, ReLU, {@code second} C to C, plus the block input;
 * {@code tail} C to 1; output = input + tail (global residual). Each output pixel depends on a
 * square of radius {@link #receptiveFieldRadius()} = 2B + 2 around it.
 *
 * <pre>{@code
 * EdsrWeights w = EdsrWeights.random(16, 4, 42L);         // untrained, for tests and benchmarks
 * byte[] onnx = OnnxModels.writeEnhancer(w, Precision.FP32);
 * }</pre>
 *
 * @param head 1 to C convolution
 * @param blocks the B residual blocks, in order (may be empty)
 * @param tail C to 1 convolution
 */
public record EdsrWeights(ConvWeights head, List<ResidualBlock> blocks, ConvWeights tail) {
    /** Default width of the product's enhancer. */
    public static final int DEFAULT_CHANNELS = 16;
    /** Default depth of the product's enhancer. */
    public static final int DEFAULT_BLOCKS = 4;

    /** Kernel side of every convolution in this architecture. */
    public static final int KERNEL = 3;

    /**
     * One residual block: {@code x + second(relu(first(x)))}.
     *
     * @param first C to C convolution before the ReLU
     * @param second C to C convolution after the ReLU
     */
    public record ResidualBlock(ConvWeights first, ConvWeights second) {
        public ResidualBlock {
            Objects.requireNonNull(first, "residual block first conv");
            Objects.requireNonNull(second, "residual block second conv");
        }
    }

    public EdsrWeights {
        Objects.requireNonNull(head, "head conv");
        Objects.requireNonNull(tail, "tail conv");
        Objects.requireNonNull(blocks, "blocks");
        blocks = List.copyOf(blocks);
        int c = head.outChannels();
        requireShape("head", head, c, 1);
        for (int i = 0; i < blocks.size(); i++) {
            requireShape("block " + i + " first conv", blocks.get(i).first(), c, c);
            requireShape("block " + i + " second conv", blocks.get(i).second(), c, c);
        }
        requireShape("tail", tail, 1, c);
    }

    private static void requireShape(String name, ConvWeights conv, int out, int in) {
        if (conv.outChannels() != out || conv.inChannels() != in || conv.kernel() != KERNEL) {
            throw new IllegalArgumentException(name + " is [" + conv.outChannels() + "," + conv.inChannels() + ","
                    + conv.kernel() + "," + conv.kernel() + "], expected [" + out + "," + in + "," + KERNEL + ","
                    + KERNEL + "]");
        }
    }

    /** C: feature channels between head and tail. */
    public int channels() {
        return head.outChannels();
    }

    /** B: number of residual blocks. */
    public int blockCount() {
        return blocks.size();
    }

    /** Pixels of context per side each output pixel depends on: one per convolution, 2B + 2. */
    public int receptiveFieldRadius() {
        return 2 * blocks.size() + 2;
    }

    /** Human-readable architecture string for metadata, e.g. {@code "edsr-y c16 b4"}. */
    public String architecture() {
        return "edsr-y c" + channels() + " b" + blockCount();
    }

    /**
     * The identity enhancer: random body, all-zero tail, so the output equals the input exactly.
     */
    public static EdsrWeights identity(int channels, int blocks) {
        EdsrWeights random = random(channels, blocks, 1L);
        return new EdsrWeights(random.head(), random.blocks(), ConvWeights.zeros(1, channels, KERNEL));
    }

    /**
     * Random, untrained weights from a seed: the same seed gives the same weights. The residual
     * branches are scaled down (as EDSR's residual scaling does) so outputs stay near the input.
     */
    public static EdsrWeights random(int channels, int blocks, long seed) {
        if (channels < 1 || blocks < 0) {
            throw new IllegalArgumentException(
                    "need channels >= 1 and blocks >= 0, got channels=" + channels + " blocks=" + blocks);
        }
        Random random = new Random(seed);
        ConvWeights head = ConvWeights.random(channels, 1, KERNEL, 1.0, random);
        List<ResidualBlock> body = new ArrayList<>(blocks);
        for (int i = 0; i < blocks; i++) {
            body.add(new ResidualBlock(
                    ConvWeights.random(channels, channels, KERNEL, 1.0, random),
                    ConvWeights.random(channels, channels, KERNEL, 0.1, random)));
        }
        ConvWeights tail = ConvWeights.random(1, channels, KERNEL, 0.1, random);
        return new EdsrWeights(head, body, tail);
    }
}

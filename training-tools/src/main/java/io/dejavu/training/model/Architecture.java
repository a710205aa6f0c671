package io.dejavu.training.model;

import io.dejavu.training.TrainingException;

/**
 * Size of the EDSR-Y enhancer: {@code channels} feature maps and {@code blocks} residual blocks.
 * The graph itself is fixed (see {@link EdsrY}); only these two numbers vary.
 *
 * @param channels feature maps of the body (default 16)
 * @param blocks residual blocks (default 4)
 */
public record Architecture(int channels, int blocks) {
    /** 16 channels, 4 blocks: real time at 640x360 on a laptop CPU with top-k, the product default. */
    public static final Architecture DEFAULT = new Architecture(16, 4);

    public Architecture {
        if (channels < 1 || channels > 128) {
            throw new TrainingException("channels must be 1..128, got " + channels);
        }
        if (blocks < 0 || blocks > 32) {
            throw new TrainingException("blocks must be 0..32, got " + blocks);
        }
    }

    /** Pixels of context per side each output pixel depends on: head, 2 per block, tail. */
    public int receptiveFieldRadius() {
        return 2 * blocks + 2;
    }

    /** The string written to metadata.json, e.g. {@code edsr-y c16 b4}. */
    public String label() {
        return "edsr-y c" + channels + " b" + blocks;
    }

    /** Parses {@link #label()}. */
    public static Architecture parseLabel(String label) {
        String[] parts = label.trim().split("\\s+");
        if (parts.length != 3 || !parts[0].equals("edsr-y") || !parts[1].startsWith("c") || !parts[2].startsWith("b")) {
            throw new TrainingException("unknown architecture '" + label + "', expected e.g. 'edsr-y c16 b4'");
        }
        try {
            return new Architecture(Integer.parseInt(parts[1].substring(1)), Integer.parseInt(parts[2].substring(1)));
        } catch (NumberFormatException e) {
            throw new TrainingException("unknown architecture '" + label + "', expected e.g. 'edsr-y c16 b4'", e);
        }
    }
}

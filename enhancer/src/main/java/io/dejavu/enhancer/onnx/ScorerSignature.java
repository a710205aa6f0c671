package io.dejavu.enhancer.onnx;

import java.util.Objects;

/**
 * What {@link ModelContract} found out about a valid scorer model.
 *
 * @param inputName the single input's name
 * @param outputName the single output's name
 * @param patchSize the fixed patch side P of the input, or {@link #DYNAMIC} when any size works
 */
public record ScorerSignature(String inputName, String outputName, int patchSize) {
    /** Marks a scorer that accepts any patch size. */
    public static final int DYNAMIC = -1;

    public ScorerSignature {
        Objects.requireNonNull(inputName, "inputName");
        Objects.requireNonNull(outputName, "outputName");
        if (patchSize < DYNAMIC || patchSize == 0) {
            throw new IllegalArgumentException("patchSize must be positive or DYNAMIC (-1), got " + patchSize);
        }
    }

    public boolean acceptsPatchSize(int size) {
        return patchSize == DYNAMIC || patchSize == size;
    }
}

package io.dejavu.enhancer.onnx;

import java.util.Objects;

/**
 * What {@link ModelContract} found out about a valid enhancer model.
 *
 * @param inputName the single input's name
 * @param outputName the single output's name
 * @param precision element type of input and output
 * @param receptiveFieldRadius pixels of context per side each output pixel depends on, from the
 *     model's {@code dejavu.receptive_field_radius} metadata or bounded from its convolutions;
 *     {@link #UNKNOWN} when the graph has operators whose reach cannot be bounded
 * @param architecture the model's {@code dejavu.architecture} metadata, or its producer name
 */
public record EnhancerSignature(
        String inputName, String outputName, Precision precision, int receptiveFieldRadius, String architecture) {
    /** Marks an unknown receptive field. */
    public static final int UNKNOWN = -1;

    public EnhancerSignature {
        Objects.requireNonNull(inputName, "inputName");
        Objects.requireNonNull(outputName, "outputName");
        Objects.requireNonNull(precision, "precision");
        Objects.requireNonNull(architecture, "architecture");
        if (receptiveFieldRadius < UNKNOWN) {
            throw new IllegalArgumentException(
                    "receptiveFieldRadius must be >= 0 or UNKNOWN (-1), got " + receptiveFieldRadius);
        }
    }

    public boolean hasKnownReceptiveField() {
        return receptiveFieldRadius != UNKNOWN;
    }
}

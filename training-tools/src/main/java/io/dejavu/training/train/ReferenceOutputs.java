package io.dejavu.training.train;

/**
 * A batch run through the DJL network, kept to check that the exported ONNX graph computes the
 * same.
 *
 * @param input input tensor values
 * @param shape input shape {@code [N,1,H,W]}
 * @param output DJL's output values
 */
public record ReferenceOutputs(float[] input, long[] shape, float[] output) {}

package io.dejavu.training.train;

/**
 * A batch run through the DJL network, kept to check that the exported ONNX graph computes the
 * same.
 *
 * @param input input tensor values
 * @param shape input shape {@code [N,1,H,W]}
 * @param output DJL's output values
 * @param tolerance largest absolute difference from ONNX Runtime's fp32 CPU output that still
 *     means the same network ({@link #CPU_TOLERANCE} or {@link #GPU_TOLERANCE}, by where DJL ran)
 */
public record ReferenceOutputs(float[] input, long[] shape, float[] output, double tolerance) {
    /** DJL on the CPU computes in fp32 like ONNX Runtime: only summation order differs. */
    public static final double CPU_TOLERANCE = 1e-4;

    /**
     * DJL on a CUDA GPU: PyTorch lets cuDNN run fp32 convolutions in TF32 (10-bit mantissa) on
     * Ampere and later, so a 32x8 network differs from fp32 by about 1.2e-4 (measured on the H100,
     * 2026-12-06). A quarter of an 8-bit pixel step: far below what the frame keeps after rounding
     * to bytes, far above that noise, and far below what a wrong export does (a transposed kernel,
     * a lost bias or residual moves outputs by whole steps).
     */
    public static final double GPU_TOLERANCE = 1.0 / 1020;

    /** Reference outputs computed on {@code device}. */
    public static ReferenceOutputs of(float[] input, long[] shape, float[] output, TrainingDevice device) {
        return new ReferenceOutputs(input, shape, output, device.isGpu() ? GPU_TOLERANCE : CPU_TOLERANCE);
    }
}

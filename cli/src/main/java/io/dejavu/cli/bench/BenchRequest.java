package io.dejavu.cli.bench;

import java.util.List;

/**
 * What {@link BenchService} should measure.
 *
 * @param sizes frame sizes, {@code WxH}
 * @param kPercents top-k percentages (a full-frame row is always added)
 * @param threads CPU thread counts
 * @param provider {@code cpu} or {@code auto}
 * @param precisions {@code fp32} and/or {@code fp16}
 * @param patch patch side
 * @param scorer {@code onnx} or {@code edge}
 * @param quick shorter JMH iterations
 * @param realtimeSeconds length of the real-time check at 640x360, 30 fps (0 skips it)
 * @param jmh whether to run the JMH latency rows (else only the real-time check)
 * @param cudnn {@code exhaustive} or {@code heuristic} cuDNN algorithm search on CUDA
 * @param gpu CUDA graphs, fused top-k and extra CUDA provider options
 * @param archs model sizes, {@code CxB} (channels x residual blocks), one per tier to measure
 */
public record BenchRequest(
        List<String> sizes,
        List<Integer> kPercents,
        List<Integer> threads,
        String provider,
        List<String> precisions,
        int patch,
        String scorer,
        boolean quick,
        int realtimeSeconds,
        boolean jmh,
        String cudnn,
        GpuKnobs gpu,
        List<String> archs) {
    public BenchRequest {
        sizes = List.copyOf(sizes);
        archs = List.copyOf(archs);
        if (archs.isEmpty()) {
            throw new IllegalArgumentException("need at least one model size (arch)");
        }
        kPercents = List.copyOf(kPercents);
        threads = List.copyOf(threads);
        precisions = List.copyOf(precisions);
        if (sizes.isEmpty() || threads.isEmpty() || precisions.isEmpty()) {
            throw new IllegalArgumentException("need at least one size, thread count and precision");
        }
        for (int t : threads) {
            if (t < 1) {
                throw new IllegalArgumentException("threads must be >= 1, got " + t);
            }
        }
        for (int k : kPercents) {
            if (k < 1 || k > 99) {
                throw new IllegalArgumentException("k must be a percent in 1..99, got " + k);
            }
        }
        if (!"exhaustive".equals(cudnn) && !"heuristic".equals(cudnn)) {
            throw new IllegalArgumentException("cudnn must be exhaustive or heuristic, got " + cudnn);
        }
        if (gpu == null) {
            throw new IllegalArgumentException("gpu knobs must be given (GpuKnobs.DEFAULT for none), got null");
        }
        if (realtimeSeconds < 0) {
            throw new IllegalArgumentException("realtimeSeconds must be >= 0, got " + realtimeSeconds);
        }
    }
}

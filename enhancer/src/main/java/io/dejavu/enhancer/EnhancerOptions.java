package io.dejavu.enhancer;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How an {@link Enhancer} (or the patch scorer) runs its model. Immutable; build with {@link
 * #builder()}.
 *
 * <pre>{@code
 * EnhancerOptions options = EnhancerOptions.builder().cpuThreads(2).build();
 * EnhancerOptions gpu = EnhancerOptions.defaults(); // CUDA when available
 * EnhancerOptions exact = EnhancerOptions.builder().cudaOption("fuse_conv_bias", "0").build();
 * }</pre>
 *
 * @param provider which provider to ask for
 * @param cpuThreads intra-op threads of the CPU provider, at least 1
 * @param cudaDevice CUDA device index, at least 0
 * @param cudnnExhaustive let cuDNN benchmark every convolution algorithm per input shape; off by
 *     default: on an H100 it was no faster for this model (720p fp16 1.75 vs 1.67 ms heuristic) and
 *     every change of input shape then stalled a frame for ~300 ms instead of ~30 ms
 * @param preferNhwc let the CUDA provider use channels-last convolutions (tensor cores)
 * @param allowSpinning let idle CPU threads spin; lowers latency, costs CPU the decoder may need
 * @param receptiveFieldRadius halo in pixels around each patch, or -1 to use the model's own
 * @param cudaGraphs on CUDA, capture each input shape's run as a CUDA graph once and replay it
 *     afterwards (ONNX Runtime's {@code enable_cuda_graph}): one launch per frame instead of ~40
 *     kernel launches, the copies to and from the frame's buffers included. Outputs are identical;
 *     measured on an H100 at 720p fp16: 1.55 instead of 1.61 ms per frame
 * @param fusedTopK on CUDA with a scorer model, score, select and enhance the top-k patches in one
 *     device run ({@link FusedTopK}) instead of three steps with Java between them; same output.
 *     Measured on an H100, 720p, top 25 % of 64-pixel patches: 1.01 instead of 1.41 ms per frame
 * @param cudaOptions further CUDA provider options passed to ONNX Runtime as they are; they override
 *     the ones set here (cuDNN search, {@code prefer_nhwc}, and {@code fuse_conv_bias=1}, which
 *     fuses each convolution's bias into it: ~0.13 ms less per 720p fp16 frame on an H100, with
 *     0.05 % of pixels one level off the unfused result; {@code fuse_conv_bias=0} turns it off)
 */
public record EnhancerOptions(
        ProviderChoice provider,
        int cpuThreads,
        int cudaDevice,
        boolean cudnnExhaustive,
        boolean preferNhwc,
        boolean allowSpinning,
        int receptiveFieldRadius,
        boolean cudaGraphs,
        boolean fusedTopK,
        Map<String, String> cudaOptions) {
    /** Use the radius the model declares or its convolutions imply. */
    public static final int FROM_MODEL = -1;

    public EnhancerOptions {
        if (provider == null) {
            throw new IllegalArgumentException("provider must be AUTO or CPU, got null");
        }
        if (cpuThreads < 1 || cpuThreads > 256) {
            throw new IllegalArgumentException("cpuThreads must be in 1..256, got " + cpuThreads);
        }
        if (cudaDevice < 0) {
            throw new IllegalArgumentException("cudaDevice must be >= 0, got " + cudaDevice);
        }
        if (receptiveFieldRadius < FROM_MODEL || receptiveFieldRadius > 64) {
            throw new IllegalArgumentException(
                    "receptiveFieldRadius must be in 0..64 or -1 (from the model), got " + receptiveFieldRadius);
        }
        if (cudaOptions == null) {
            throw new IllegalArgumentException("cudaOptions must be a map (empty for none), got null");
        }
        for (Map.Entry<String, String> e : cudaOptions.entrySet()) {
            if (e.getKey() == null || e.getKey().isBlank() || e.getValue() == null) {
                throw new IllegalArgumentException(
                        "cudaOptions entries need a non-blank key and a value, got " + e.getKey() + "=" + e.getValue());
            }
            if (e.getKey().equals("enable_cuda_graph")) {
                // Only sessions that keep one buffer per shape may replay graphs; see cudaGraphs.
                throw new IllegalArgumentException("cudaOptions must not set enable_cuda_graph (got " + e.getValue()
                        + "), use cudaGraphs instead");
            }
        }
        cudaOptions = Map.copyOf(cudaOptions);
    }

    /** AUTO provider, all available cores (at most 4) on CPU, cuDNN heuristic search, NHWC. */
    public static EnhancerOptions defaults() {
        return builder().build();
    }

    /** CPU only with the given thread count. */
    public static EnhancerOptions cpu(int threads) {
        return builder().provider(ProviderChoice.CPU).cpuThreads(threads).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder()
                .provider(provider)
                .cpuThreads(cpuThreads)
                .cudaDevice(cudaDevice)
                .cudnnExhaustive(cudnnExhaustive)
                .preferNhwc(preferNhwc)
                .allowSpinning(allowSpinning)
                .receptiveFieldRadius(receptiveFieldRadius)
                .cudaGraphs(cudaGraphs)
                .fusedTopK(fusedTopK)
                .cudaOptions(cudaOptions);
    }

    /** Builder with the defaults of {@link #defaults()}. */
    public static final class Builder {
        private ProviderChoice provider = ProviderChoice.AUTO;
        private int cpuThreads = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
        private int cudaDevice;
        private boolean cudnnExhaustive;
        private boolean preferNhwc = true;
        private boolean allowSpinning;
        private int receptiveFieldRadius = FROM_MODEL;
        private boolean cudaGraphs = true;
        private boolean fusedTopK = true;
        private final Map<String, String> cudaOptions = new LinkedHashMap<>();

        private Builder() {}

        public Builder provider(ProviderChoice value) {
            this.provider = value;
            return this;
        }

        public Builder cpuThreads(int value) {
            this.cpuThreads = value;
            return this;
        }

        public Builder cudaDevice(int value) {
            this.cudaDevice = value;
            return this;
        }

        public Builder cudnnExhaustive(boolean value) {
            this.cudnnExhaustive = value;
            return this;
        }

        public Builder preferNhwc(boolean value) {
            this.preferNhwc = value;
            return this;
        }

        public Builder allowSpinning(boolean value) {
            this.allowSpinning = value;
            return this;
        }

        public Builder receptiveFieldRadius(int value) {
            this.receptiveFieldRadius = value;
            return this;
        }

        public Builder cudaGraphs(boolean value) {
            this.cudaGraphs = value;
            return this;
        }

        public Builder fusedTopK(boolean value) {
            this.fusedTopK = value;
            return this;
        }

        /** Replaces the extra CUDA provider options. */
        public Builder cudaOptions(Map<String, String> value) {
            this.cudaOptions.clear();
            this.cudaOptions.putAll(value);
            return this;
        }

        /** Adds one CUDA provider option, e.g. {@code cudaOption("cudnn_conv_use_max_workspace", "1")}. */
        public Builder cudaOption(String key, String value) {
            this.cudaOptions.put(key, value);
            return this;
        }

        public EnhancerOptions build() {
            return new EnhancerOptions(
                    provider,
                    cpuThreads,
                    cudaDevice,
                    cudnnExhaustive,
                    preferNhwc,
                    allowSpinning,
                    receptiveFieldRadius,
                    cudaGraphs,
                    fusedTopK,
                    cudaOptions);
        }
    }
}

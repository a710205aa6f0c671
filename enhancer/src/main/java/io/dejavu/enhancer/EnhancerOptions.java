package io.dejavu.enhancer;

/**
 * How an {@link Enhancer} (or the patch scorer) runs its model. Immutable; build with {@link
 * #builder()}.
 *
 * <pre>{@code
 * EnhancerOptions options = EnhancerOptions.builder().cpuThreads(2).build();
 * EnhancerOptions gpu = EnhancerOptions.defaults(); // CUDA when available
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
 */
public record EnhancerOptions(
        ProviderChoice provider,
        int cpuThreads,
        int cudaDevice,
        boolean cudnnExhaustive,
        boolean preferNhwc,
        boolean allowSpinning,
        int receptiveFieldRadius) {
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
                .receptiveFieldRadius(receptiveFieldRadius);
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

        public EnhancerOptions build() {
            return new EnhancerOptions(
                    provider, cpuThreads, cudaDevice, cudnnExhaustive, preferNhwc, allowSpinning, receptiveFieldRadius);
        }
    }
}

package io.dejavu.scorer.pipeline;

import io.dejavu.enhancer.EnhancerOptions;
import io.dejavu.scorer.policy.KPolicySpec;
import java.time.Duration;
import java.util.Objects;

/**
 * How an {@link EnhancementPipeline} runs. Immutable; build with {@link #builder()}.
 *
 * <pre>{@code
 * PipelineConfig config = PipelineConfig.builder()
 *         .enhancerOptions(EnhancerOptions.cpu(2))
 *         .policy(KPolicySpec.budgetForFps(30, Duration.ofMillis(8)))
 *         .expectedSize(640, 360)
 *         .build();
 * }</pre>
 *
 * @param enhancerOptions provider and threads for enhancer and scorer
 * @param patchSize patch side (a scorer with a fixed size overrides it), 4..512
 * @param policy how many patches to enhance per frame
 * @param scorer which scorer to use
 * @param keepDecodedCopy whether results carry an untouched copy of the decoded frame (for a
 *     split view); costs one frame copy per enhanced frame
 * @param expectedWidth frame width to warm up for when a model loads, 0 for none
 * @param expectedHeight frame height to warm up for, 0 for none
 * @param threadName name of the pipeline thread
 */
public record PipelineConfig(
        EnhancerOptions enhancerOptions,
        int patchSize,
        KPolicySpec policy,
        ScorerChoice scorer,
        boolean keepDecodedCopy,
        int expectedWidth,
        int expectedHeight,
        String threadName) {
    public PipelineConfig {
        Objects.requireNonNull(enhancerOptions, "enhancerOptions");
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(scorer, "scorer");
        if (patchSize < 4 || patchSize > 512) {
            throw new IllegalArgumentException("patchSize must be in 4..512, got " + patchSize);
        }
        if (expectedWidth < 0 || expectedHeight < 0 || (expectedWidth == 0) != (expectedHeight == 0)) {
            throw new IllegalArgumentException(
                    "expected size must be both 0 or both positive, got " + expectedWidth + "x" + expectedHeight);
        }
        if (threadName == null || threadName.isBlank()) {
            throw new IllegalArgumentException("threadName must not be blank");
        }
    }

    /** CPU or CUDA as available, 32-pixel patches, budget for 30 fps minus 8 ms, learned scorer. */
    public static PipelineConfig defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builder starting from {@link #defaults()}. */
    public static final class Builder {
        private EnhancerOptions enhancerOptions = EnhancerOptions.defaults();
        private int patchSize = 32;
        private KPolicySpec policy = KPolicySpec.budgetForFps(30, Duration.ofMillis(8));
        private ScorerChoice scorer = ScorerChoice.MODEL_IF_PRESENT;
        private boolean keepDecodedCopy = true;
        private int expectedWidth;
        private int expectedHeight;
        private String threadName = "dejavu-enhancer";

        private Builder() {}

        public Builder enhancerOptions(EnhancerOptions value) {
            this.enhancerOptions = value;
            return this;
        }

        public Builder patchSize(int value) {
            this.patchSize = value;
            return this;
        }

        public Builder policy(KPolicySpec value) {
            this.policy = value;
            return this;
        }

        public Builder scorer(ScorerChoice value) {
            this.scorer = value;
            return this;
        }

        public Builder keepDecodedCopy(boolean value) {
            this.keepDecodedCopy = value;
            return this;
        }

        public Builder expectedSize(int width, int height) {
            this.expectedWidth = width;
            this.expectedHeight = height;
            return this;
        }

        public Builder threadName(String value) {
            this.threadName = value;
            return this;
        }

        public PipelineConfig build() {
            return new PipelineConfig(
                    enhancerOptions,
                    patchSize,
                    policy,
                    scorer,
                    keepDecodedCopy,
                    expectedWidth,
                    expectedHeight,
                    threadName);
        }
    }
}

package io.dejavu.app.services;

import io.dejavu.app.call.EnhancementReport;
import io.dejavu.app.call.EnhancementRun;
import io.dejavu.app.call.EnhancementService;
import io.dejavu.app.call.FrameSinks;
import io.dejavu.app.call.ModelState;
import io.dejavu.app.call.PeerModel;
import io.dejavu.app.settings.KPolicy;
import io.dejavu.enhancer.EnhancerOptions;
import io.dejavu.enhancer.ModelLoadException;
import io.dejavu.protocol.video.LatestFrameQueue;
import io.dejavu.scorer.pipeline.EnhancementPipeline;
import io.dejavu.scorer.pipeline.FrameReport;
import io.dejavu.scorer.pipeline.ModelSource;
import io.dejavu.scorer.pipeline.ModelStatus;
import io.dejavu.scorer.pipeline.PipelineConfig;
import io.dejavu.scorer.pipeline.PipelineStats;
import io.dejavu.scorer.pipeline.StreamPoint;
import io.dejavu.scorer.policy.KPolicySpec;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs the real {@link EnhancementPipeline} for each call: the production {@link
 * EnhancementService}. Models come from {@link StoreModelFetcher}.
 *
 * <pre>{@code
 * EnhancementService enhancement = new PipelineEnhancementService(EnhancerOptions.defaults());
 * }</pre>
 */
public final class PipelineEnhancementService implements EnhancementService {
    private static final AtomicInteger RUNS = new AtomicInteger();
    private final EnhancerOptions enhancerOptions;

    /** @param enhancerOptions CPU or CUDA and threads for the enhancer and scorer */
    public PipelineEnhancementService(EnhancerOptions enhancerOptions) {
        this.enhancerOptions = enhancerOptions;
    }

    @Override
    public EnhancementRun start(LatestFrameQueue received, KPolicy policy, FrameSinks out) {
        PipelineConfig config = PipelineConfig.builder()
                .enhancerOptions(enhancerOptions)
                .policy(spec(policy))
                .keepDecodedCopy(false) // the view model turns it on with the split view
                .threadName("dejavu-enhancer-" + RUNS.incrementAndGet())
                .build();
        // Per frame only this: hand both pictures to the view's renderers (the pipeline counts them).
        EnhancementPipeline pipeline = new EnhancementPipeline(received, config, result -> {
            out.remoteDecoded(result.decoded());
            out.remoteEnhanced(result.shown());
        });
        pipeline.start();
        return new Run(pipeline);
    }

    /** The pipeline's last frame report in the app's terms (the stats' rate, not per frame). */
    static EnhancementReport report(PipelineStats stats) {
        FrameReport r = stats.last();
        return new EnhancementReport(
                r.enhanced(),
                r.k(),
                Math.max(r.k(), r.patchCount()),
                r.enhancedAreaPercent(),
                r.totalMs(),
                r.enhanced() ? r.provider() : "",
                stats.dropped(),
                r.passThroughReason(),
                r.enhanced() ? r.tier() : "");
    }

    static KPolicySpec spec(KPolicy policy) {
        return policy.mode() == KPolicy.Mode.FRACTION
                ? KPolicySpec.fraction(policy.value())
                : KPolicySpec.budget(Duration.ofNanos((long) (policy.value() * 1_000_000)));
    }

    private static final class Run implements EnhancementRun {
        private final EnhancementPipeline pipeline;

        Run(EnhancementPipeline pipeline) {
            this.pipeline = pipeline;
        }

        @Override
        public EnhancementReport lastReport() {
            PipelineStats stats = pipeline.stats();
            return stats.processed() == 0 ? EnhancementReport.passThrough("waiting for video") : report(stats);
        }

        @Override
        public long framesOut() {
            return pipeline.stats().processed();
        }

        @Override
        public ModelState useModel(PeerModel model) {
            if (!(model instanceof StoreModelFetcher.StoreModel stored)) {
                return new ModelState.Failed("the model did not come from the model store");
            }
            ModelSource source;
            try {
                source = ModelSource.fromDirectory(stored.directory());
            } catch (ModelLoadException e) {
                return new ModelState.Failed(e.getMessage());
            }
            ModelStatus status = pipeline.loadModel(source);
            return status.ready()
                    ? new ModelState.Ready(model)
                    : new ModelState.Failed("the model could not be loaded: " + status.detail());
        }

        @Override
        public void observe(io.dejavu.app.session.CallStats s) {
            pipeline.observe(new StreamPoint(s.codec(), s.kbpsIn(), s.fpsReceived(), s.width(), s.height()));
        }

        @Override
        public void setEnabled(boolean enabled) {
            pipeline.setEnabled(enabled);
        }

        @Override
        public void setKeepDecoded(boolean keep) {
            pipeline.setKeepDecodedCopy(keep);
        }

        @Override
        public void close() {
            pipeline.close();
        }
    }
}

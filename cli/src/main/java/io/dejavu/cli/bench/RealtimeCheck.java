package io.dejavu.cli.bench;

import io.dejavu.enhancer.ModelLoadException;
import io.dejavu.enhancer.onnx.EdsrWeights;
import io.dejavu.enhancer.onnx.OnnxModels;
import io.dejavu.enhancer.onnx.ScorerWeights;
import io.dejavu.protocol.video.I420Frame;
import io.dejavu.protocol.video.LatestFrameQueue;
import io.dejavu.scorer.pipeline.EnhancementPipeline;
import io.dejavu.scorer.pipeline.FrameReport;
import io.dejavu.scorer.pipeline.ModelSource;
import io.dejavu.scorer.pipeline.ModelStatus;
import io.dejavu.scorer.pipeline.PipelineConfig;
import io.dejavu.scorer.pipeline.PipelineStats;
import io.dejavu.scorer.policy.KPolicySpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feeds the real pipeline frames at a fixed rate, as a call would, with the time-budget policy,
 * and reports whether it keeps up and which k it reaches: the numbers behind "640x360 at 30 fps
 * holds the budget".
 */
final class RealtimeCheck {
    private static final Logger LOG = LoggerFactory.getLogger(RealtimeCheck.class);
    /** Reserved per frame for decoding and display. */
    static final Duration RESERVE = Duration.ofMillis(8);

    private static final double SETTLE_SECONDS = 2;

    private final BenchSetup setup;
    private final int fps;
    private final int seconds;

    RealtimeCheck(BenchSetup setup, int fps, int seconds) {
        this.setup = setup;
        this.fps = fps;
        this.seconds = seconds;
    }

    Map<String, Object> run() throws ModelLoadException {
        KPolicySpec.Budget budget = (KPolicySpec.Budget) KPolicySpec.budgetForFps(fps, RESERVE);
        PipelineConfig config = PipelineConfig.builder()
                .enhancerOptions(setup.options())
                .patchSize(setup.patch())
                .policy(budget)
                .scorer(setup.scorer())
                .expectedSize(setup.width(), setup.height())
                .threadName("bench-enhancer")
                .build();
        LatestFrameQueue queue = new LatestFrameQueue(2);
        List<FrameReport> reports = Collections.synchronizedList(new ArrayList<>());
        long[] settleAt = {Long.MAX_VALUE};
        I420Frame[] sources = new I420Frame[8];
        for (int i = 0; i < sources.length; i++) {
            sources[i] = BenchSetup.frame(setup.width(), setup.height(), i);
        }
        long offered;
        PipelineStats stats;
        String provider;
        try (EnhancementPipeline pipeline = new EnhancementPipeline(queue, config, r -> {
            if (System.nanoTime() >= settleAt[0]) {
                reports.add(r.report());
            }
        })) {
            ModelStatus status = pipeline.loadModel(new ModelSource(
                    "bench",
                    OnnxModels.writeEnhancer(EdsrWeights.random(16, 4, 42L), setup.precision()),
                    OnnxModels.writeScorer(ScorerWeights.random(43L))));
            if (!status.ready()) {
                throw new ModelLoadException(status.detail());
            }
            provider = status.detail();
            pipeline.start();
            long period = 1_000_000_000L / fps;
            long start = System.nanoTime();
            settleAt[0] = start + (long) (SETTLE_SECONDS * 1e9);
            long frames = (long) seconds * fps;
            for (long i = 0; i < frames; i++) {
                long due = start + i * period;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
                queue.offer(sources[(int) (i % sources.length)].copy().withIndex(i, due));
            }
            offered = frames;
            LockSupport.parkNanos(200_000_000L); // let the last frame finish
            stats = pipeline.stats();
        } finally {
            queue.close();
        }
        List<FrameReport> steady;
        synchronized (reports) {
            steady = new ArrayList<>(reports);
        }
        double[] totals =
                steady.stream().mapToDouble(FrameReport::totalMs).sorted().toArray();
        double meanK = steady.stream()
                .mapToDouble(r -> r.patchCount() == 0 ? 0 : 100.0 * r.k() / r.patchCount())
                .average()
                .orElse(0);
        double meanArea = steady.stream()
                .mapToDouble(FrameReport::enhancedAreaPercent)
                .average()
                .orElse(0);
        double budgetMs = budget.perFrame().toNanos() / 1e6;
        long overBudget = steady.stream().filter(r -> r.totalMs() > budgetMs).count();
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("size", setup.sizeLabel());
        row.put("mode", "topk");
        row.put("policy", "budget");
        row.put("k", BenchService.round(meanK));
        row.put("threads", setup.threads());
        row.put("precision", setup.precision().name().toLowerCase(java.util.Locale.ROOT));
        row.put("patch", setup.patch());
        row.put("provider", provider.startsWith("CUDA") ? "cuda" : "cpu");
        row.put("provider_detail", provider);
        row.put("ms_per_frame", BenchService.round(mean(totals)));
        row.put("p95_ms", BenchService.round(percentile(totals, 0.95)));
        row.put("budget_ms", BenchService.round(budgetMs));
        row.put("fps_in", fps);
        row.put("seconds", seconds);
        row.put("frames_offered", offered);
        row.put("frames_processed", stats.processed());
        row.put("frames_enhanced", stats.enhanced());
        row.put("frames_dropped", stats.dropped());
        row.put("steady_frames_over_budget", overBudget);
        row.put("enhanced_area_percent", BenchService.round(meanArea));
        // The slowest frames say which stage stalls when the budget is missed.
        row.put(
                "slowest_frames",
                steady.stream()
                        .sorted(java.util.Comparator.comparingDouble(FrameReport::totalMs)
                                .reversed())
                        .limit(5)
                        .map(FrameReport::summary)
                        .toList());
        LOG.info("real-time check: {}", row);
        return row;
    }

    private static double mean(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return v.length == 0 ? 0 : s / v.length;
    }

    private static double percentile(double[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
    }
}

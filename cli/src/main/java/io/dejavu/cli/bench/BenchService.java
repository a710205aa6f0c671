package io.dejavu.cli.bench;

import io.dejavu.enhancer.EnhancementException;
import io.dejavu.enhancer.ModelLoadException;
import io.dejavu.protocol.video.I420Frame;
import io.dejavu.scorer.pipeline.FrameEnhancer;
import io.dejavu.scorer.pipeline.FrameReport;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the enhancement benchmarks: a JMH run per configuration for {@code ms_per_frame}, an
 * in-process pass for the per-stage breakdown, and the real-time check. Returns one row per
 * configuration as an ordered map (the JSON object the CLI prints).
 */
public final class BenchService {
    private static final Logger LOG = LoggerFactory.getLogger(BenchService.class);

    private final PrintStream progress;

    /** @param progress where JMH's own progress goes (stderr: stdout is for results) */
    public BenchService(PrintStream progress) {
        this.progress = progress;
    }

    public List<Map<String, Object>> run(BenchRequest request) throws RunnerException, ModelLoadException {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (String arch : request.jmh() ? request.archs() : List.<String>of()) {
            for (String precision : request.precisions()) {
                for (int threads : request.threads()) {
                    for (String size : request.sizes()) {
                        rows.add(measure(request, arch, size, "full", 100, threads, precision));
                        for (int k : request.kPercents()) {
                            rows.add(measure(request, arch, size, "topk", k, threads, precision));
                        }
                    }
                }
            }
        }
        if (request.realtimeSeconds() > 0) {
            int threads =
                    request.threads().stream().mapToInt(Integer::intValue).max().orElse(2);
            BenchSetup setup = BenchSetup.parse(
                    "640x360",
                    "topk",
                    0,
                    threads,
                    request.provider(),
                    request.precisions().get(0),
                    request.patch(),
                    request.scorer());
            setup = setup.withCudnnExhaustive(request.cudnn().equals("exhaustive"))
                    .withGpu(request.gpu());
            rows.add(new RealtimeCheck(setup, 30, request.realtimeSeconds()).run());
        }
        return rows;
    }

    private Map<String, Object> measure(
            BenchRequest request, String arch, String size, String mode, int k, int threads, String precision)
            throws RunnerException, ModelLoadException {
        BenchSetup setup = BenchSetup.parse(
                        size, mode, k, threads, request.provider(), precision, request.patch(), request.scorer())
                .withCudnnExhaustive(request.cudnn().equals("exhaustive"))
                .withGpu(request.gpu())
                .withArch(arch);
        LOG.info("measuring {} {} {} k={}% threads={} {}", arch, size, mode, k, threads, precision);
        Options options = new OptionsBuilder()
                .include(EnhancementBenchmark.class.getName() + ".frame$")
                .param("size", size)
                .param("mode", mode)
                .param("k", Integer.toString(k))
                .param("threads", Integer.toString(threads))
                .param("provider", request.provider())
                .param("precision", precision)
                .param("patch", Integer.toString(request.patch()))
                .param("scorer", request.scorer())
                .param("cudnn", request.cudnn())
                .param("gpu", request.gpu().encode())
                .param("arch", setup.arch())
                .forks(1)
                .warmupIterations(request.quick() ? 2 : 3)
                .warmupTime(TimeValue.seconds(request.quick() ? 1 : 2))
                .measurementIterations(request.quick() ? 3 : 5)
                .measurementTime(TimeValue.seconds(request.quick() ? 1 : 2))
                .threads(1)
                .shouldFailOnError(true)
                .build();
        Collection<RunResult> results =
                new Runner(options, OutputFormatFactory.createFormatInstance(progress, VerboseMode.NORMAL)).run();
        RunResult result = results.iterator().next();
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("arch", setup.arch());
        row.put("size", size);
        row.put("mode", mode);
        row.put("k", k);
        row.put("threads", threads);
        row.put("precision", precision);
        row.put("patch", request.patch());
        row.put("scorer", mode.equals("full") ? "none" : request.scorer());
        row.put("cudnn", request.cudnn());
        row.put("gpu", request.gpu().encode());
        row.put("ms_per_frame", round(result.getPrimaryResult().getScore()));
        row.put("ms_error", round(result.getPrimaryResult().getScoreError()));
        breakdown(setup, request.quick(), row);
        return row;
    }

    /** Averages the stage timings over a short in-process run of the same configuration. */
    private static void breakdown(BenchSetup setup, boolean quick, Map<String, Object> row) throws ModelLoadException {
        try (FrameEnhancer fe = setup.open()) {
            I420Frame frame = setup.frame();
            int patches = setup.patchesPerFrame(fe);
            double score = 0;
            double select = 0;
            double enhance = 0;
            double stitch = 0;
            int n = 0;
            long end = System.nanoTime() + (quick ? 1_000_000_000L : 2_000_000_000L);
            FrameReport last = null;
            while (n < 5 || (System.nanoTime() < end && n < 500)) {
                last = fe.enhance(frame, patches);
                score += last.scoreMs();
                select += last.selectMs();
                enhance += last.enhanceMs();
                stitch += last.stitchMs();
                n++;
            }
            row.put("provider", providerName(fe));
            row.put("provider_detail", fe.enhancer().providerDescription());
            row.put("k_patches", last.k());
            row.put("patches", last.patchCount());
            row.put("score_ms", round(score / n));
            row.put("select_ms", round(select / n));
            row.put("enhance_ms", round(enhance / n));
            row.put("stitch_ms", round(stitch / n));
            row.put("stages", last.scorer().equals(FrameEnhancer.FUSED_SCORER) ? "fused" : "separate");
        } catch (EnhancementException e) {
            throw new ModelLoadException("benchmark model failed: " + e.getMessage(), e);
        }
    }

    static String providerName(FrameEnhancer fe) {
        return fe.enhancer().provider().name().toLowerCase(java.util.Locale.ROOT);
    }

    static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}

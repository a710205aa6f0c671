package io.dejavu.cli.bench;

import io.dejavu.protocol.Json;
import io.dejavu.protocol.cli.Cli;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./dejavu bench}: enhancement latency per frame (JMH), per configuration, plus a real-time
 * check of the pipeline at 640x360 and 30 fps with the time-budget policy.
 *
 * <pre>
 * ./dejavu bench --quick                       # table on stdout
 * ./dejavu bench --json --threads 1,2          # table, then one JSON array as the last line
 * ./dejavu bench --provider auto --precision fp16 --sizes 1280x720   # on a CUDA machine
 * </pre>
 */
@Command(
        name = "dejavu",
        mixinStandardHelpOptions = true,
        subcommands = {BenchCli.Bench.class},
        description = "Dejavu enhancement benchmarks")
public final class BenchCli {
    private static final Logger LOG = LoggerFactory.getLogger(BenchCli.class);

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line with the shared error handler ({@link Cli}). */
    public static CommandLine commandLine() {
        return Cli.configure(new CommandLine(new BenchCli()));
    }

    /** The {@code bench} subcommand. */
    @Command(name = "bench", mixinStandardHelpOptions = true, description = "Enhancement latency per frame (JMH)")
    static final class Bench implements Callable<Integer> {
        @Option(names = "--json", description = "Print the rows as a JSON array on the last line of stdout")
        boolean json;

        @Option(names = "--quick", description = "Shorter JMH iterations and real-time check")
        boolean quick;

        @Option(names = "--sizes", split = ",", defaultValue = "640x360,1280x720", description = "Frame sizes WxH")
        List<String> sizes;

        @Option(
                names = "--archs",
                split = ",",
                defaultValue = "16x4",
                description = "Model sizes CxB (channels x residual blocks), one per tier, e.g. 16x4,32x8")
        List<String> archs;

        @Option(names = "--k", split = ",", defaultValue = "10,25,50", description = "Top-k percentages")
        List<Integer> k;

        @Option(names = "--threads", split = ",", defaultValue = "1,2", description = "CPU thread counts")
        List<Integer> threads;

        @Option(names = "--provider", defaultValue = "cpu", description = "cpu, or auto for CUDA when available")
        String provider;

        @Option(names = "--precision", split = ",", defaultValue = "fp32", description = "fp32 and/or fp16")
        List<String> precision;

        @Option(names = "--patch", defaultValue = "32", description = "Patch side in pixels")
        int patch;

        @Option(names = "--scorer", defaultValue = "onnx", description = "onnx (learned) or edge (total variation)")
        String scorer;

        @Option(
                names = "--realtime-seconds",
                description = "Length of the 640x360 30 fps real-time check; 0 skips it (default 20, 8 with --quick)")
        Integer realtimeSeconds;

        @Option(names = "--no-jmh", description = "Skip the JMH latency rows (only the real-time check)")
        boolean noJmh;

        @Option(
                names = "--cudnn",
                defaultValue = "heuristic",
                description = "cuDNN algorithm search on CUDA: exhaustive or heuristic")
        String cudnn;

        @Option(
                names = "--cuda-option",
                paramLabel = "KEY=VALUE",
                description = "Extra CUDA provider option for every session, repeatable (e.g. fuse_conv_bias=1)")
        List<String> cudaOptions = new java.util.ArrayList<>();

        @Option(names = "--no-cuda-graphs", description = "Run without CUDA graphs")
        boolean noCudaGraphs;

        @Option(names = "--no-fused", description = "Score, select and enhance top-k frames in separate runs on CUDA")
        boolean noFused;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            int rt = realtimeSeconds != null ? realtimeSeconds : quick ? 8 : 20;
            GpuKnobs gpu = new GpuKnobs(!noCudaGraphs, !noFused, GpuKnobs.options(cudaOptions));
            BenchRequest request = new BenchRequest(
                    sizes, k, threads, provider, precision, patch, scorer, quick, rt, !noJmh, cudnn, gpu, archs);
            List<Map<String, Object>> rows = new BenchService(System.err).run(request);
            PrintStream out = new PrintStream(System.out, true, java.nio.charset.StandardCharsets.UTF_8);
            out.print(table(rows));
            if (json) {
                out.println(Json.mapper().writeValueAsString(rows));
            }
            return 0;
        }
    }

    static String table(List<Map<String, Object>> rows) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(
                Locale.ROOT,
                "%-5s %-9s %-4s %5s %-4s %7s %-4s %10s %8s %8s %8s %8s %s%n",
                "arch",
                "size",
                "mode",
                "k%",
                "prov",
                "threads",
                "prec",
                "ms/frame",
                "score",
                "select",
                "enhance",
                "stitch",
                "notes"));
        for (Map<String, Object> r : rows) {
            String notes = r.containsKey("policy")
                    ? String.format(
                            Locale.ROOT,
                            "budget %s ms: p95 %s ms, %s/%s frames processed, %s dropped, area %s%%",
                            r.get("budget_ms"),
                            r.get("p95_ms"),
                            r.get("frames_processed"),
                            r.get("frames_offered"),
                            r.get("frames_dropped"),
                            r.get("enhanced_area_percent"))
                    : "+-" + r.get("ms_error") + " ms, " + r.get("k_patches") + "/" + r.get("patches") + " patches";
            sb.append(String.format(
                    Locale.ROOT,
                    "%-5s %-9s %-4s %5s %-4s %7s %-4s %10s %8s %8s %8s %8s %s%n",
                    r.getOrDefault("arch", "16x4"),
                    r.get("size"),
                    r.get("mode"),
                    r.get("k"),
                    r.get("provider"),
                    r.get("threads"),
                    r.get("precision"),
                    r.get("ms_per_frame"),
                    r.getOrDefault("score_ms", "-"),
                    r.getOrDefault("select_ms", "-"),
                    r.getOrDefault("enhance_ms", "-"),
                    r.getOrDefault("stitch_ms", "-"),
                    notes));
        }
        return sb.toString();
    }
}

package io.dejavu.cli.training;

import io.dejavu.cli.options.BitrateOption;
import io.dejavu.cli.options.CodecOption;
import io.dejavu.cli.options.SizeOption;
import io.dejavu.cli.options.ThreadsOption;
import io.dejavu.protocol.model.ModelTier;
import io.dejavu.training.eval.EvaluationRequest;
import io.dejavu.training.eval.EvaluationResult;
import io.dejavu.training.eval.EvaluationService;
import io.dejavu.training.eval.ScorerReport;
import io.dejavu.training.footage.Codec;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code evaluate}: a model's PSNR/SSIM gain on a clip at a bitrate. */
@Command(
        name = "evaluate",
        mixinStandardHelpOptions = true,
        description = "Encode, decode and enhance a clip; report PSNR-Y/SSIM-Y with and without the model.")
final class EvaluateCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "DIR", description = "Model directory.")
    Path model;

    @Option(names = "--video", required = true, paramLabel = "FILE", description = "Clip to evaluate on.")
    Path video;

    @Mixin
    CodecOption.ModelsOwn codec;

    @Mixin
    BitrateOption.ModelsOwn bitrate;

    @Mixin
    SizeOption.AsRecorded size;

    @Option(
            names = "--k",
            paramLabel = "F",
            defaultValue = "1",
            description = "Fraction of patches to enhance; 1 = full frame (default: ${DEFAULT-VALUE}).")
    double k;

    @Option(names = "--max-frames", defaultValue = "750", description = "Most frames read (default: ${DEFAULT-VALUE}).")
    int maxFrames;

    @Mixin
    ThreadsOption.Inference threads;

    @Option(names = "--json", description = "Print one JSON object as the last line of stdout.")
    boolean json;

    @Mixin
    PairsOption pairs;

    @Option(
            names = "--tier",
            paramLabel = "cpu|gpu",
            defaultValue = "cpu",
            converter = OptionConverters.TierConverter.class,
            description = "Which of the bundle's enhancers to measure, inside its own operating range (default:"
                    + " ${DEFAULT-VALUE}).")
    ModelTier tier;

    @Option(
            names = "--scorer-report",
            description = "Also rank the patches of 100 frames spread over the clip by the model's scorer, total"
                    + " variation, chance and the actual gains, and print the share of the full-frame gain each"
                    + " keeps at top 10/25/50 %%.")
    boolean scorerReport;

    @Option(
            names = "--versus",
            paramLabel = "DIR",
            description = "Also run this bundle's enhancer of the same tier on the same decoded frames (whole"
                    + " frames) and print the margin over it, per quarter of the clip too: no call-to-call spread"
                    + " between the two, as two separate runs have.")
    Path versus;

    @Override
    public Integer call() {
        EvaluationRequest request = new EvaluationRequest(
                model,
                video,
                codec.given().map(c -> Codec.parse(c.name())),
                bitrate.given(),
                size.given(),
                k,
                maxFrames,
                threads.threads(),
                scorerReport,
                tier,
                java.util.Optional.ofNullable(versus));
        EvaluationService.Outcome o = new EvaluationService(pairs.maker(spec)).evaluate(request);
        EvaluationResult r = o.result();
        PrintWriter out = spec.commandLine().getOut();
        out.println("encoder: " + o.encoder());
        out.println("enhancer: " + tier.id() + " tier, " + o.provider() + "; scorer: " + o.scorer());
        out.println(String.format(
                Locale.ROOT,
                "%-10s %8s %10s %10s %8s %10s %10s %6s %8s",
                "clip",
                "frames",
                "psnr_dec",
                "psnr_enh",
                "gain_db",
                "ssim_dec",
                "ssim_enh",
                "k",
                "ms/frame"));
        out.println(String.format(
                Locale.ROOT,
                "%-10s %8d %10.3f %10.3f %+8.3f %10.5f %10.5f %6.2f %8.2f",
                video.getFileName().toString().length() > 10
                        ? video.getFileName().toString().substring(0, 10)
                        : video.getFileName().toString(),
                r.frames(),
                r.psnrDecoded(),
                r.psnrEnhanced(),
                r.gainDb(),
                r.ssimDecoded(),
                r.ssimEnhanced(),
                r.k(),
                r.msPerFrame()));
        out.println(
                o.enhancing()
                        ? String.format(
                                Locale.ROOT,
                                "receiver: enhances (%.4f bits/pixel is inside the model's range %s); delivered gain"
                                        + " %+.3f dB",
                                o.bitsPerPixel(),
                                o.range().describe(),
                                o.deliveredGainDb())
                        : String.format(
                                Locale.ROOT,
                                "receiver: passes frames through (%s); delivered gain 0 dB (the model would give"
                                        + " %+.3f dB)",
                                o.passReason(),
                                r.gainDb()));
        o.scorerReport().ifPresent(report -> printScorerReport(out, report));
        o.versus().ifPresent(c -> out.println(describe(c, tier)));
        if (json) {
            var m = r.toJson();
            m.put("model_gain_db", m.get("gain_db"));
            m.put("gain_db", Math.round(o.deliveredGainDb() * 1000) / 1000.0);
            m.put("enhancing", o.enhancing());
            m.put("reason", o.passReason());
            m.put("bits_per_pixel", Math.round(o.bitsPerPixel() * 1e5) / 1e5);
            m.put("range", o.range().describe());
            o.scorerReport().ifPresent(m::putAll);
            m.put("tier", tier.id());
            m.put("provider", o.provider());
            m.put("scorer", o.scorer());
            m.put("video", video.toString());
            o.versus().ifPresent(c -> {
                m.put("versus", c.model().toString());
                m.put("versus_gain_db", round3(c.gainDb()));
                m.put("margin_db", round3(c.marginDb()));
                m.put(
                        "margin_quarters_db",
                        c.quarterMarginsDb().stream()
                                .map(EvaluateCommand::round3)
                                .toList());
            });
            CommonOptions.printJson(out, m);
        }
        out.flush();
        return 0;
    }

    /** "versus DIR (cpu tier), same decoded frames: +1.100 dB; margin +0.300 dB (quarters ...)". */
    static String describe(io.dejavu.training.eval.Comparison c, ModelTier tier) {
        StringBuilder quarters = new StringBuilder();
        for (double q : c.quarterMarginsDb()) {
            quarters.append(String.format(Locale.ROOT, " %+.3f", q));
        }
        return String.format(
                Locale.ROOT,
                "versus %s (%s tier), same decoded frames: %+.3f dB; margin %+.3f dB (by quarter of the clip:%s)",
                c.model(),
                tier.id(),
                c.gainDb(),
                c.marginDb(),
                quarters);
    }

    private static double round3(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

    private static void printScorerReport(PrintWriter out, Map<String, Double> report) {
        out.println(String.format(
                Locale.ROOT,
                "share of the full-frame gain kept by the top k patches (Spearman of scorer vs actual gain %.3f):",
                report.get("scorer_spearman")));
        StringBuilder header = new StringBuilder(String.format(Locale.ROOT, "%-8s", "ranking"));
        for (double k : ScorerReport.KS) {
            header.append(String.format(Locale.ROOT, " %8s", "top" + Math.round(k * 100) + "%"));
        }
        out.println(header);
        for (String ranking : new String[] {"scorer", "tv", "random", "oracle"}) {
            StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "%-8s", ranking));
            for (double k : ScorerReport.KS) {
                row.append(String.format(
                        Locale.ROOT, " %7.1f%%", 100 * report.get(ranking + "_top" + Math.round(k * 100) + "_share")));
            }
            out.println(row);
        }
    }
}

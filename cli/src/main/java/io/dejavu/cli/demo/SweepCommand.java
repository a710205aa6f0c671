package io.dejavu.cli.demo;

import io.dejavu.cli.options.BitrateOption;
import io.dejavu.cli.options.SizeOption;
import io.dejavu.protocol.Json;
import io.dejavu.protocol.cli.Cli;
import io.dejavu.protocol.model.ModelTier;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ./dejavu demo sweep --size 640x360 --bitrates 100,300,600}: the demo's real call at several
 * bitrates, with the generic model, the personal model (full frame) and the personal model (top-k),
 * a row per model tier and bitrate, as a table of PSNR-Y and the bitrate saved at equal quality
 * (BD-rate). {@code --size} scales the footage for the whole sweep (enrolment, training, every
 * call; default: the clip's own size), and the table says so. With {@code --json} the last stdout
 * line is a JSON array with one object per tier and bitrate, the line before it an object with the
 * size and the BD-rates per tier.
 */
@Command(
        name = "sweep",
        mixinStandardHelpOptions = true,
        description = "Demo calls at several bitrates: PSNR-Y plain / generic / personal full frame / personal "
                + "top-k, a row per model tier, and the bitrate saved at equal quality (BD-rate).")
final class SweepCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    DemoSetup setup;

    @Mixin
    SizeOption.AsRecorded size;

    @Option(
            names = "--bitrates",
            split = ",",
            paramLabel = "KBPS",
            defaultValue = "40,60,100",
            description = "Bitrate caps, comma-separated (default: ${DEFAULT-VALUE}).")
    List<Integer> bitrates;

    @Option(
            names = "--seconds",
            paramLabel = "S",
            defaultValue = "15",
            description = "Seconds measured per call; three calls per bitrate (default: ${DEFAULT-VALUE}).")
    int seconds;

    @Option(
            names = "--train-minutes",
            paramLabel = "M",
            defaultValue = "2",
            description = "Most minutes to fine-tune each bitrate's personal model (default: ${DEFAULT-VALUE}).")
    double trainMinutes;

    @Option(
            names = "--k",
            paramLabel = "F",
            defaultValue = "0.25",
            description = "Fraction of patches the top-k column enhances (default: ${DEFAULT-VALUE}).")
    double topK;

    @Option(
            names = "--tiers",
            split = ",",
            paramLabel = "TIER",
            description = "Tiers measured, comma-separated: cpu, gpu (default: every tier the generic model has)."
                    + " The personal model is fine-tuned per tier, from that tier of the generic model.")
    List<String> tiers;

    @Option(names = "--json", description = "End with the BD-rates and a JSON array of the rows on stdout.")
    boolean json;

    private Set<ModelTier> tiers() {
        Set<ModelTier> set = EnumSet.noneOf(ModelTier.class);
        for (String t : tiers == null ? List.<String>of() : tiers) {
            try {
                set.add(ModelTier.parse(t));
            } catch (IllegalArgumentException e) {
                throw Cli.usage(spec, "--tiers: " + e.getMessage());
            }
        }
        return set;
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (seconds < 2 || seconds > 3600) {
            throw Cli.usage(spec, "--seconds must be 2..3600, got " + seconds);
        }
        for (int kbps : bitrates) {
            if (!BitrateOption.inRange(kbps)) {
                throw Cli.usage(spec, BitrateOption.refusal("--bitrates", kbps));
            }
        }
        setup.validate(spec);
        DemoSweep.Settings settings;
        try {
            settings = new DemoSweep.Settings(
                    bitrates,
                    setup.videoCodec(),
                    Duration.ofSeconds(seconds),
                    Duration.ofSeconds(3),
                    trainMinutes,
                    setup.seed(),
                    topK,
                    setup.threads(),
                    setup.pairSource(),
                    tiers());
        } catch (IllegalArgumentException e) {
            throw Cli.usage(spec, e.getMessage());
        }
        Path workDir = setup.workDir();
        Path genericDir = setup.genericDir();
        DemoFootage footage = DemoFootage.prepare(setup.clip(), workDir, size.given());
        err.printf(
                Locale.ROOT,
                "sweep: footage %s at %s: %.0f s to learn from, %.0f s for the calls (%s)%n",
                footage.source(),
                SweepReport.Context.of(footage).describe(),
                footage.enrolSeconds(),
                footage.callSeconds(),
                footage.callPart());
        SweepReport report = new DemoSweep(workDir, genericDir, err).run(footage, settings);
        for (SweepRow r : report.rows()) {
            if (!r.has(SweepRow.Variant.PERSONAL_FULL)) {
                continue;
            }
            err.printf(
                    Locale.ROOT,
                    "sweep: offline check: ./dejavu evaluate --model %s --video %s --bitrate %d --k 1%s --json%n",
                    r.personalModel(),
                    footage.callPart(),
                    r.targetKbps(),
                    r.tier() == ModelTier.CPU ? "" : " --tier " + r.tier().id());
        }
        err.flush();
        out.print(report.table());
        if (json) {
            out.println(Json.mapper().writeValueAsString(report.bdRateJson()));
            out.println(Json.mapper().writeValueAsString(report.rowsJson()));
        }
        out.flush();
        return 0;
    }
}

package io.dejavu.cli.training;

import io.dejavu.cli.options.BitrateOption;
import io.dejavu.cli.options.CodecOption;
import io.dejavu.cli.options.SizeOption;
import io.dejavu.cli.options.ThreadsOption;
import io.dejavu.store.ModelBundle;
import io.dejavu.training.TrainingException;
import io.dejavu.training.footage.Codec;
import io.dejavu.training.model.Architecture;
import io.dejavu.training.model.EnhancerWeights;
import io.dejavu.training.model.OnnxGraphs;
import io.dejavu.training.train.DeviceChoice;
import io.dejavu.training.train.DjlEngine;
import io.dejavu.training.train.EnhancerTrainingOptions;
import io.dejavu.training.train.Loss;
import io.dejavu.training.train.TemporalExperiment;
import io.dejavu.training.train.TrainingDevice;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code temporal-eval}: the single-frame enhancer against one that also sees the previous decoded
 * frame, trained alike and measured on held-out people (issue 16 point 3, ADR 0509).
 */
@Command(
        name = "temporal-eval",
        mixinStandardHelpOptions = true,
        description = "Train the single-frame EDSR-Y and its temporal variant (current + previous decoded frame in,"
                + " residual on the current one) identically, per architecture and seed, and measure both on the"
                + " held-out people; prints a table and, with --json, one JSON object as the last line.")
final class TemporalEvalCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(
            names = "--video",
            required = true,
            arity = "1..*",
            paramLabel = "FILE_OR_DIR",
            description = "Clips, or folders of clips, one person per clip.")
    List<Path> videos;

    @Option(
            names = "--hold-out",
            required = true,
            arity = "1..*",
            paramLabel = "NAME",
            description = "Clip file names (or paths) no run trains on; the gains are measured on them.")
    List<String> holdOut;

    @Mixin
    SizeOption.Generic size;

    @Mixin
    PairsOption pairs;

    @Mixin
    CodecOption.Trainable codec;

    @Mixin
    BitrateOption.Pairs bitrate;

    @Mixin
    ThreadsOption.Training threads;

    @Option(
            names = "--device",
            paramLabel = "auto|cpu|gpu",
            defaultValue = "auto",
            description = "Where to train (default: ${DEFAULT-VALUE}).")
    String device;

    @Option(
            names = "--archs",
            split = ",",
            paramLabel = "CxB",
            defaultValue = "16x4",
            description = "Channels x blocks, comma-separated (default: ${DEFAULT-VALUE}).")
    List<String> archs;

    @Option(
            names = "--seeds",
            split = ",",
            defaultValue = "1,2",
            description = "Seeds, comma-separated; each trains both variants (default: ${DEFAULT-VALUE}).")
    List<Long> seeds;

    @Option(names = "--steps", defaultValue = "3000", description = "Steps per run (default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--batch", defaultValue = "16", description = "Patches per step (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--patch", defaultValue = "48", description = "Patch side (default: ${DEFAULT-VALUE}).")
    int patch;

    @Option(names = "--lr", defaultValue = "1e-3", description = "Adam's initial rate (default: ${DEFAULT-VALUE}).")
    float lr;

    @Option(
            names = "--eval-every",
            defaultValue = "500",
            description = "Steps between checks on the training clips' held-back frames (default: ${DEFAULT-VALUE}).")
    int evalEvery;

    @Option(
            names = "--max-minutes",
            defaultValue = "60",
            description = "Hard stop of each run in minutes (default: ${DEFAULT-VALUE}); a run it stops has fewer"
                    + " steps than its twin, which the table shows.")
    double maxMinutes;

    @Option(
            names = "--max-frames",
            defaultValue = "100",
            description = "Most frames read per training clip (default: ${DEFAULT-VALUE}).")
    int maxFrames;

    @Option(
            names = "--held-out-frames",
            defaultValue = "150",
            description = "Most frames measured per held-out clip (default: ${DEFAULT-VALUE}).")
    int heldOutFrames;

    @Option(
            names = "--base",
            paramLabel = "MODEL_DIR",
            description = "Start both variants from this bundle's single-frame enhancer (the temporal one with zero"
                    + " weights for the previous frame) instead of a random network per seed; --archs must be its"
                    + " size.")
    Path base;

    @Option(names = "--json", description = "Print one JSON object as the last line of stdout.")
    boolean json;

    @Override
    public Integer call() {
        DjlEngine.threads(threads.threads());
        DjlEngine.useDevice(DeviceChoice.parse(device));
        TrainingDevice d = DjlEngine.trainingDevice();
        PrintWriter err = spec.commandLine().getErr();
        err.println("training on " + d);
        err.flush();
        HeldOutClips clips = HeldOutClips.split(videos, holdOut);
        List<Architecture> architectures =
                archs.stream().map(TrainBenchCommand::architecture).toList();
        // No early stop: both variants run every step (patience beyond the run).
        EnhancerTrainingOptions options = new EnhancerTrainingOptions(
                architectures.get(0),
                Loss.L1,
                patch,
                batch,
                lr,
                steps,
                Duration.ofMillis(Math.round(maxMinutes * 60_000)),
                seeds.get(0),
                evalEvery,
                steps / Math.max(1, evalEvery) + 1,
                Optional.empty());
        TemporalExperiment.Request request = new TemporalExperiment.Request(
                clips.train(),
                clips.heldOut(),
                size.size(),
                Codec.parse(codec.codec().name()),
                bitrate.kbps(),
                maxFrames,
                heldOutFrames,
                architectures,
                seeds,
                options,
                0.25,
                Optional.ofNullable(base).map(TemporalEvalCommand::enhancerOf));
        TemporalExperiment.Result r = new TemporalExperiment(pairs.maker(spec), d, new ConsoleProgress(err))
                .run(request, run -> {
                    err.println(String.format(
                            Locale.ROOT,
                            "run done: %s %s seed %d: %d steps in %.0f s, held-out gain %+.3f dB %s",
                            run.architecture().label(),
                            run.variant(),
                            run.seed(),
                            run.steps(),
                            run.seconds(),
                            run.meanGainDb(),
                            run.gainDb()));
                    err.flush();
                });
        PrintWriter out = spec.commandLine().getOut();
        print(out, r, d);
        if (json) {
            CommonOptions.printJson(out, json(r, d));
        }
        out.flush();
        return 0;
    }

    private static EnhancerWeights enhancerOf(Path dir) {
        Path onnx = dir.resolve(ModelBundle.ENHANCER);
        try {
            return OnnxGraphs.readEnhancer(Files.readAllBytes(onnx));
        } catch (IOException e) {
            throw new TrainingException("cannot read the base model's " + onnx + ": " + e.getMessage(), e);
        }
    }

    private void print(PrintWriter out, TemporalExperiment.Result r, TrainingDevice d) {
        out.println(String.format(
                Locale.ROOT,
                "device: %s; pairs: %s (%s) at %d kbps, %s; %d training pairs of %d clips, %d held back",
                d,
                pairs.source,
                r.encoder(),
                bitrate.kbps(),
                size.size(),
                r.trainPairs(),
                r.trainClips(),
                r.validationPairs()));
        for (Architecture a : r.runs().stream()
                .map(TemporalExperiment.Run::architecture)
                .distinct()
                .toList()) {
            List<TemporalExperiment.Run> single = r.runs(a, 1);
            List<TemporalExperiment.Run> temporal = r.runs(a, 2);
            out.println();
            out.println(String.format(
                    Locale.ROOT,
                    "%s: single-frame %d MACs/pixel, %d parameters; temporal %d MACs/pixel (+%.1f %%), %d parameters",
                    a.label(),
                    EnhancerWeights.macsPerPixel(a, 1),
                    EnhancerWeights.parameters(a, 1),
                    EnhancerWeights.macsPerPixel(a, 2),
                    100.0
                            * (EnhancerWeights.macsPerPixel(a, 2) - EnhancerWeights.macsPerPixel(a, 1))
                            / EnhancerWeights.macsPerPixel(a, 1),
                    EnhancerWeights.parameters(a, 2)));
            StringBuilder head = new StringBuilder(
                    String.format(Locale.ROOT, "%-34s %6s %8s", "held-out person", "frames", "decoded"));
            for (TemporalExperiment.Run run : single) {
                head.append(String.format(Locale.ROOT, " %9s", "single s" + run.seed()));
            }
            for (TemporalExperiment.Run run : temporal) {
                head.append(String.format(Locale.ROOT, " %9s", "tempo s" + run.seed()));
            }
            head.append(String.format(Locale.ROOT, " %8s %8s %8s", "single", "temporal", "diff"));
            out.println(head);
            for (TemporalExperiment.Person p : r.people()) {
                StringBuilder row = new StringBuilder(
                        String.format(Locale.ROOT, "%-34s %6d %8.2f", p.clip(), p.frames(), p.decodedPsnrDb()));
                for (TemporalExperiment.Run run : single) {
                    row.append(
                            String.format(Locale.ROOT, " %+9.3f", run.gainDb().get(p.clip())));
                }
                for (TemporalExperiment.Run run : temporal) {
                    row.append(
                            String.format(Locale.ROOT, " %+9.3f", run.gainDb().get(p.clip())));
                }
                double s = TemporalExperiment.Result.mean(single, p.clip());
                double t = TemporalExperiment.Result.mean(temporal, p.clip());
                row.append(String.format(Locale.ROOT, " %+8.3f %+8.3f %+8.3f", s, t, t - s));
                out.println(row);
            }
            StringBuilder mean = new StringBuilder(String.format(Locale.ROOT, "%-34s %6s %8s", "mean", "", ""));
            for (TemporalExperiment.Run run : single) {
                mean.append(String.format(Locale.ROOT, " %+9.3f", run.meanGainDb()));
            }
            for (TemporalExperiment.Run run : temporal) {
                mean.append(String.format(Locale.ROOT, " %+9.3f", run.meanGainDb()));
            }
            TemporalExperiment.Summary sum = r.summary(a);
            mean.append(String.format(
                    Locale.ROOT, " %+8.3f %+8.3f %+8.3f", sum.singleDb(), sum.temporalDb(), sum.differenceDb()));
            out.println(mean);
            out.println(sum.verdict());
        }
    }

    private Map<String, Object> json(TemporalExperiment.Result r, TrainingDevice d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("device", d.id());
        m.put("device_description", d.description());
        m.put("threads", threads.threads());
        m.put("pairs", pairs.source);
        m.put("encoder", r.encoder());
        m.put("bitrate_kbps", bitrate.kbps());
        m.put("size", size.size().toString());
        m.put("train_clips", r.trainClips());
        m.put("train_pairs", r.trainPairs());
        m.put("validation_pairs", r.validationPairs());
        m.put("steps", steps);
        m.put("batch", batch);
        m.put("patch", patch);
        m.put("lr", lr);
        m.put("base", base == null ? "none (random start per seed)" : base.toString());
        List<Map<String, Object>> people = new ArrayList<>();
        for (TemporalExperiment.Person p : r.people()) {
            Map<String, Object> pm = new LinkedHashMap<>();
            pm.put("clip", p.clip());
            pm.put("frames", p.frames());
            pm.put("decoded_psnr_db", p.decodedPsnrDb());
            pm.put("kbps", p.kbps());
            people.add(pm);
        }
        m.put("held_out", people);
        List<Map<String, Object>> runs = new ArrayList<>();
        for (TemporalExperiment.Run run : r.runs()) {
            Map<String, Object> rm = new LinkedHashMap<>();
            rm.put("architecture", run.architecture().label());
            rm.put("variant", run.variant());
            rm.put("inputs", run.inputs());
            rm.put("seed", run.seed());
            rm.put("macs_per_pixel", EnhancerWeights.macsPerPixel(run.architecture(), run.inputs()));
            rm.put("parameters", EnhancerWeights.parameters(run.architecture(), run.inputs()));
            rm.put("steps", run.steps());
            rm.put("seconds", run.seconds());
            rm.put("validation_gain_db", run.validationGainDb());
            rm.put("mean_gain_db", run.meanGainDb());
            rm.put("gain_db", run.gainDb());
            runs.add(rm);
        }
        m.put("runs", runs);
        List<Map<String, Object>> summaries = new ArrayList<>();
        for (Architecture a : r.runs().stream()
                .map(TemporalExperiment.Run::architecture)
                .distinct()
                .toList()) {
            TemporalExperiment.Summary s = r.summary(a);
            Map<String, Object> sm = new LinkedHashMap<>();
            sm.put("architecture", a.label());
            sm.put("single_db", s.singleDb());
            sm.put("temporal_db", s.temporalDb());
            sm.put("difference_db", s.differenceDb());
            sm.put("single_seed_spread_db", s.singleSpreadDb());
            sm.put("temporal_seed_spread_db", s.temporalSpreadDb());
            sm.put("temporal_better_people", s.temporalBetterPeople());
            sm.put("temporal_wins", s.temporalWins());
            summaries.add(sm);
        }
        m.put("summary", summaries);
        return m;
    }
}

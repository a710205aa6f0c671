package io.dejavu.cli.training;

import io.dejavu.cli.demo.BdRate;
import io.dejavu.cli.options.SizeOption;
import io.dejavu.cli.options.ThreadsOption;
import io.dejavu.protocol.model.ModelMetadata;
import io.dejavu.protocol.model.ModelTier;
import io.dejavu.protocol.model.OperatingRange;
import io.dejavu.protocol.video.FrameSize;
import io.dejavu.store.ModelBundle;
import io.dejavu.training.TrainingException;
import io.dejavu.training.footage.Codec;
import io.dejavu.training.footage.Footage;
import io.dejavu.training.footage.FootageReader;
import io.dejavu.training.model.ModelDirectory;
import io.dejavu.training.train.RangeCalibrator;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
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
 * {@code calibrate}: measures where an existing model helps (its gain at a ladder of bitrates on
 * footage it never trained on) and writes that operating range into its {@code metadata.json}, as
 * {@code train} and {@code train-generic} do for new models (ADR 0506). For bundles made before
 * ranges existed.
 */
@Command(
        name = "calibrate",
        mixinStandardHelpOptions = true,
        description = "Measure a model's gain at bitrates around the one it was trained at, on footage it never saw,"
                + " and write the operating range where it helps into its metadata.json.")
final class CalibrateCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "DIR", description = "Model directory (rewritten).")
    Path model;

    @Option(
            names = "--video",
            required = true,
            arity = "1..*",
            paramLabel = "FILE",
            description = "Clips of people the model never trained on.")
    List<Path> videos;

    @Option(names = "--generic", paramLabel = "DIR", description = "Also measure this generic model at each point.")
    Path generic;

    @Mixin
    SizeOption.ModelsOwn size;

    @Option(
            names = "--frames",
            defaultValue = "60",
            description = "Consecutive frames used from each clip (default: ${DEFAULT-VALUE}).")
    int frames;

    @Mixin
    ThreadsOption.Inference threads;

    @Option(
            names = "--tier",
            defaultValue = "cpu",
            paramLabel = "TIER",
            converter = OptionConverters.TierConverter.class,
            description = "Which model of the bundle to calibrate: cpu (enhancer.onnx) or gpu (enhancer-gpu.onnx);"
                    + " default: ${DEFAULT-VALUE}.")
    ModelTier tier;

    @Option(
            names = "--kbps",
            split = ",",
            paramLabel = "KBPS",
            description = "The caps to measure at, e.g. 50,100,200,400,600 (default: 0.5-3 times the bitrate the model"
                    + " was trained at). At a size the range does not list yet, that size is added with its own"
                    + " band; the bands of the range's other sizes stay.")
    List<Integer> kbps;

    @Option(names = "--dry-run", description = "Measure and print, but leave metadata.json as it is.")
    boolean dryRun;

    @Option(names = "--json", description = "Print one JSON object as the last line of stdout.")
    boolean json;

    @Mixin
    PairsOption pairs;

    /**
     * BD-rate of the enhanced call against the plain one over the measured points (decoded PSNR
     * plus {@code gain} at each), or empty with fewer than 2 points or without decoded PSNRs.
     */
    static Optional<BdRate.Result> bdRate(
            List<OperatingRange.Point> points, java.util.function.ToDoubleFunction<OperatingRange.Point> gain) {
        List<BdRate.Point> plain = new ArrayList<>();
        List<BdRate.Point> enhanced = new ArrayList<>();
        for (OperatingRange.Point p : points) {
            if (!Double.isFinite(p.psnrDecodedDb()) || !(p.kbps() > 0)) {
                return Optional.empty();
            }
            plain.add(new BdRate.Point(p.kbps(), p.psnrDecodedDb()));
            enhanced.add(new BdRate.Point(p.kbps(), p.psnrDecodedDb() + gain.applyAsDouble(p)));
        }
        if (plain.size() < 2) {
            return Optional.empty();
        }
        return BdRate.compute(plain, enhanced);
    }

    @Override
    public Integer call() {
        if (frames < 10 || frames > 3000) {
            throw new TrainingException("--frames must be 10..3000, got " + frames);
        }
        ModelDirectory.requireComplete(model);
        ModelMetadata meta = ModelDirectory.readMetadata(model);
        if (meta.width() <= 0 || meta.height() <= 0 || meta.bitrateKbps() <= 0) {
            throw new TrainingException(
                    "metadata.json of " + model + " records no size or bitrate to calibrate around");
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Optional<FrameSize> scale;
        try {
            scale = Optional.of(size.given().orElseGet(() -> new FrameSize(meta.width(), meta.height())));
        } catch (IllegalArgumentException e) {
            throw new TrainingException("metadata.json of " + model + ": " + e.getMessage(), e);
        }
        List<Footage> footage = new ArrayList<>();
        for (Path v : CommonOptions.expandVideos(videos)) {
            err.println("calibrate: reading " + v);
            Footage f = FootageReader.read(v, scale, frames);
            if (f.frames().size() < 10) {
                throw new TrainingException(v + " has " + f.frames().size() + " frames; calibration needs at least 10");
            }
            footage.add(f);
        }
        err.flush();
        byte[] enhancer;
        try {
            enhancer = Files.readAllBytes(model.resolve(tier.entryName()));
        } catch (NoSuchFileException e) {
            throw new TrainingException(model + " has no " + tier.id() + " tier (" + tier.entryName() + ")", e);
        } catch (IOException e) {
            throw new TrainingException(
                    ModelDirectory.describe("cannot read " + model.resolve(tier.entryName()), e), e);
        }
        if (!meta.describesTier(tier)) {
            throw new TrainingException("metadata.json of " + model + " describes no " + tier.id()
                    + " tier; add it with train --tier " + tier.id());
        }
        RangeCalibrator calibrator =
                new RangeCalibrator(pairs.maker(spec), threads.threads(), new ConsoleProgress(err));
        Codec codec = Codec.parse(meta.codec());
        OperatingRange measured;
        if (kbps == null || kbps.isEmpty()) {
            measured = calibrator.calibrate(enhancer, Optional.ofNullable(generic), footage, codec, meta.bitrateKbps());
        } else {
            for (int k : kbps) {
                if (!io.dejavu.cli.options.BitrateOption.inRange(k)) {
                    throw new TrainingException(io.dejavu.cli.options.BitrateOption.refusal("--kbps", k));
                }
            }
            if (kbps.stream().distinct().count() < 2) {
                throw new TrainingException("--kbps needs at least 2 different caps, got " + kbps);
            }
            measured = calibrator.calibrate(enhancer, Optional.ofNullable(generic), footage, codec, kbps);
        }
        // The bands of the range's other sizes stay: a range may hold one band per frame size.
        OperatingRange before = meta.rangeFor(tier);
        OperatingRange range = before.isUnrestricted()
                        || !OperatingRange.VALIDATED.equals(before.basis())
                        || !before.codec().equals(measured.codec())
                ? measured
                : before.withSizesOf(measured);
        out.println(String.format(
                Locale.ROOT,
                "%8s %8s %8s %10s %10s %10s %8s",
                "kbps",
                "size",
                "fps",
                "bits/px",
                "psnr_y",
                "gain_db",
                "generic"));
        for (OperatingRange.Point p : measured.points()) {
            out.println(String.format(
                    Locale.ROOT,
                    "%8.1f %8s %8.1f %10.4f %10.2f %+10.3f %8s",
                    p.kbps(),
                    p.width() + "x" + p.height(),
                    p.fps(),
                    p.bpp(),
                    p.psnrDecodedDb(),
                    p.gainDb(),
                    Double.isNaN(p.genericGainDb()) ? "-" : String.format(Locale.ROOT, "%+.3f", p.genericGainDb())));
        }
        Optional<BdRate.Result> raw = bdRate(measured.points(), p -> p.gainDb());
        Optional<BdRate.Result> delivered = bdRate(
                measured.points(),
                p -> range.outside(measured.codec(), p.width(), p.height(), p.bpp())
                                .isEmpty()
                        ? p.gainDb()
                        : 0.0);
        raw.ifPresent(r -> out.println("BD-rate against the plain call, the model everywhere: " + r.describe()));
        delivered.ifPresent(
                r -> out.println("BD-rate against the plain call, the model inside its range: " + r.describe()));
        out.println(
                tier.id() + " tier range: " + range.describe() + (dryRun ? " (dry run: metadata.json unchanged)" : ""));
        if (!dryRun) {
            ModelDirectory.replaceMetadata(model, meta.withTierRange(tier, range));
            out.println("wrote the range into " + model.resolve(ModelBundle.METADATA));
        }
        if (json) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("model", model.toString());
            m.put("tier", tier.id());
            m.put("range", range);
            raw.ifPresent(r -> m.put("bd_rate_percent", r.ratePercent()));
            delivered.ifPresent(r -> m.put("bd_rate_delivered_percent", r.ratePercent()));
            m.put("written", !dryRun);
            CommonOptions.printJson(out, m);
        }
        out.flush();
        return 0;
    }
}

package io.dejavu.cli.training;

import io.dejavu.cli.options.SizeOption;
import io.dejavu.protocol.model.ModelTier;
import io.dejavu.training.TrainingException;
import io.dejavu.training.train.EnhancerTrainingOptions;
import io.dejavu.training.train.TrainingOutcome;
import io.dejavu.training.train.TrainingRequest;
import io.dejavu.training.train.TrainingService;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code train}: a person's model from their earlier recordings, fine-tuned from the generic model by default. */
@Command(
        name = "train",
        mixinStandardHelpOptions = true,
        description = "Train a caller's personal model from their footage (fine-tunes the generic model by default).")
final class TrainCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--caller", required = true, paramLabel = "ID", description = "The person the model is for.")
    String caller;

    @Option(
            names = "--video",
            required = true,
            arity = "1..*",
            paramLabel = "FILE",
            description = "Recordings of the person; the later part of each is held back for validation.")
    List<Path> videos;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Model directory to write.")
    Path out;

    static final class BaseChoice {
        @Option(
                names = "--base",
                paramLabel = "MODEL_DIR",
                description = "Model to fine-tune (default: models/generic).")
        Path base;

        @Option(names = "--from-scratch", description = "Do not fine-tune; train from random weights.")
        boolean fromScratch;
    }

    @ArgGroup(exclusive = true)
    BaseChoice baseChoice;

    @Option(
            names = "--generic",
            paramLabel = "MODEL_DIR",
            description = "Generic model to compare with on the held-back footage (default: models/generic).")
    Path generic;

    @Mixin
    SizeOption.AsRecorded size;

    @Option(
            names = "--max-frames",
            description = "Most frames read per clip (default: ${DEFAULT-VALUE}).",
            defaultValue = "1500")
    int maxFrames;

    @Mixin
    CommonOptions common;

    @Option(
            names = "--bitrates",
            split = ",",
            paramLabel = "KBPS",
            description = "Record every clip's pairs at each of these call bitrates (e.g. 50,65) and learn from all:"
                    + " the caller's calls do not keep one bitrate. The first is the job's own (instead of"
                    + " --bitrate); the range is measured around it as for one bitrate.")
    List<Integer> bitrates;

    /** The operating points of {@code --bitrates}, at {@code --size} or the first clip's own; empty without. */
    private List<io.dejavu.training.train.CallPoint> points() {
        if (bitrates == null || bitrates.isEmpty()) {
            return List.of();
        }
        io.dejavu.cli.options.BitrateOption.requireInRange(spec, "--bitrates", bitrates);
        if (bitrates.stream().distinct().count() != bitrates.size()) {
            throw io.dejavu.protocol.cli.Cli.usage(spec, "--bitrates lists a bitrate twice: " + bitrates);
        }
        Path first = videos.get(0);
        if (size.given().isEmpty() && !Files.isRegularFile(first)) {
            throw new TrainingException("video file not found: " + first);
        }
        io.dejavu.protocol.video.FrameSize at =
                size.given().orElseGet(() -> io.dejavu.training.footage.FootageReader.sourceSize(first));
        return io.dejavu.training.train.CallPoint.grid(List.of(at), bitrates);
    }

    @Override
    public Integer call() {
        CommonOptions o = common;
        TierJob job = TierJob.of(spec, out, o.tier);
        ModelTier tier = job.tier;
        boolean fromScratch = baseChoice != null && baseChoice.fromScratch;
        Path genericDir = generic != null ? generic : CommonOptions.defaultGenericModel();
        Optional<Path> base = Optional.empty();
        if (!fromScratch) {
            Path b = baseChoice != null && baseChoice.base != null ? baseChoice.base : genericDir;
            if (!Files.isDirectory(b)) {
                throw new TrainingException("no base model at " + b + "; pass --base MODEL_DIR or --from-scratch");
            }
            // A larger tier fine-tunes the same tier of its base; a base without one means from scratch.
            base = job.view(b);
        }
        // The guard compares with the same tier of the generic model, or its cpu tier if it has no such tier.
        Path genericTier = job.view(genericDir).orElse(genericDir);
        EnhancerTrainingOptions enhancer = o.enhancer(7, base);
        List<io.dejavu.training.train.CallPoint> points = points();
        TrainingRequest request = new TrainingRequest(
                caller,
                videos,
                List.of(),
                job.target(),
                base,
                Optional.of(genericTier),
                o.codec(),
                points.isEmpty() ? o.bitrateKbps() : points.get(0).kbps(),
                points.isEmpty() ? size.given() : Optional.of(points.get(0).size()),
                maxFrames,
                o.validationFraction,
                o.scorerPatch,
                enhancer,
                Duration.ofSeconds(o.scorerSeconds),
                points);
        PrintWriter err = spec.commandLine().getErr();
        TrainingOutcome outcome = new TrainingService(new ConsoleProgress(err), common.pairs.maker(spec))
                .resuming(common.resume)
                .train(request);
        job.finish();
        PrintWriter stdout = spec.commandLine().getOut();
        stdout.println(String.format(Locale.ROOT, "%s tier of %s's model written to %s", tier.id(), caller, out));
        stdout.println(String.format(
                Locale.ROOT,
                "  held-back frames: %d, PSNR-Y %.2f -> %.2f dB, gain %+.3f dB",
                outcome.validation().frames(),
                outcome.validation().psnrDecoded(),
                outcome.validation().psnrEnhanced(),
                outcome.validation().gainDb()));
        outcome.generic()
                .ifPresentOrElse(
                        g -> stdout.println(String.format(
                                Locale.ROOT,
                                "  generic model on the same frames: %+.3f dB; personal is %+.3f dB %s",
                                g.gainDb(),
                                outcome.validation().gainDb() - g.gainDb(),
                                outcome.validation().gainDb() > g.gainDb()
                                        ? "better (publishable)"
                                        : "NOT better: publish will refuse it; the caller keeps the generic model")),
                        () -> stdout.println("  no generic model found at " + genericDir + " to compare with"));
        stdout.println(String.format(
                Locale.ROOT,
                "  scorer: rank correlation %.3f, top-25%% keeps %.0f%% of the gain"
                        + " (total variation %.0f%%, random %.0f%%)",
                metric(outcome, "scorer_spearman"),
                100 * metric(outcome, "scorer_top25_share"),
                100 * metric(outcome, "tv_top25_share"),
                100 * metric(outcome, "random_top25_share")));
        stdout.println("  report: " + job.report());
        if (o.json) {
            CommonOptions.printJson(stdout, job.json(outcome.toJson()));
        }
        stdout.flush();
        return 0;
    }

    private static double metric(TrainingOutcome o, String name) {
        return o.metadata().metrics().getOrDefault(name, Double.NaN);
    }
}

package io.dejavu.cli.training;

import io.dejavu.cli.options.BitrateOption;
import io.dejavu.cli.options.SizeOption;
import io.dejavu.protocol.model.ModelMetadata;
import io.dejavu.protocol.model.ModelTier;
import io.dejavu.protocol.video.FrameSize;
import io.dejavu.training.train.CallPoint;
import io.dejavu.training.train.TrainingOutcome;
import io.dejavu.training.train.TrainingRequest;
import io.dejavu.training.train.TrainingService;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code train-generic}: one model over many people, some held out entirely to measure the gain on strangers. */
@Command(
        name = "train-generic",
        mixinStandardHelpOptions = true,
        description = "Train the generic model over many people's footage.")
final class TrainGenericCommand implements Callable<Integer> {
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
            arity = "1..*",
            paramLabel = "NAME",
            description = "Clip file names (or paths) left out of training entirely; the reported gain is on them.")
    List<String> holdOut = new ArrayList<>();

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Model directory to write.")
    Path out;

    @Option(names = "--base", paramLabel = "MODEL_DIR", description = "Continue from this model instead of scratch.")
    Path base;

    @Mixin
    SizeOption.Generic size;

    @Option(
            names = "--max-frames",
            description = "Most frames read per clip (default: ${DEFAULT-VALUE}).",
            defaultValue = "250")
    int maxFrames;

    @Mixin
    CommonOptions common;

    @Option(
            names = "--bitrates",
            split = ",",
            paramLabel = "KBPS",
            description =
                    "Make each clip's pairs at one of these call bitrates in turn (e.g. 30,60,120,250,500), so that"
                            + " one model covers the range calls use; the first is the job's own (instead of --bitrate), and the"
                            + " operating range is measured at each (issue 15 point 4).")
    List<Integer> bitrates;

    @Option(
            names = "--sizes",
            split = ",",
            paramLabel = "WxH",
            description =
                    "With --bitrates: also at these call sizes (e.g. 256x256,640x360); the first must be --size and"
                            + " the smallest (larger frames train as tiles of it). A clip is made at a larger size only when it"
                            + " covers that size without being scaled up.")
    List<String> sizes;

    /** The operating points of {@code --bitrates} and {@code --sizes}; empty for a job at one point. */
    private List<CallPoint> points() {
        if (bitrates == null || bitrates.isEmpty()) {
            if (sizes != null && !sizes.isEmpty()) {
                throw io.dejavu.protocol.cli.Cli.usage(spec, "--sizes needs --bitrates");
            }
            return List.of();
        }
        BitrateOption.requireInRange(spec, "--bitrates", bitrates);
        List<FrameSize> each = new ArrayList<>();
        for (String text :
                sizes == null || sizes.isEmpty() ? List.of(size.size().toString()) : sizes) {
            try {
                each.add(FrameSize.parse(text.trim()));
            } catch (IllegalArgumentException e) {
                throw io.dejavu.protocol.cli.Cli.usage(spec, SizeOption.refusal(e.getMessage()));
            }
        }
        if (!each.get(0).equals(size.size())) {
            throw io.dejavu.protocol.cli.Cli.usage(
                    spec, "--sizes must start with --size (" + size.size() + "), got " + each.get(0));
        }
        return CallPoint.grid(each, bitrates);
    }

    @Override
    public Integer call() {
        HeldOutClips clips = HeldOutClips.split(videos, holdOut);
        List<Path> train = clips.train();
        List<Path> held = clips.heldOut();
        List<CallPoint> points = points();
        TierJob job = TierJob.of(spec, out, common.tier);
        ModelTier tier = job.tier;
        Optional<Path> baseTier = base == null ? Optional.empty() : job.view(base);
        TrainingRequest request = new TrainingRequest(
                ModelMetadata.GENERIC_CALLER,
                train,
                held,
                job.target(),
                baseTier,
                Optional.empty(),
                common.codec(),
                points.isEmpty() ? common.bitrateKbps() : points.get(0).kbps(),
                Optional.of(size.size()),
                maxFrames,
                common.validationFraction,
                common.scorerPatch,
                common.enhancer(20, baseTier),
                Duration.ofSeconds(common.scorerSeconds),
                points);
        PrintWriter err = spec.commandLine().getErr();
        TrainingOutcome o = new TrainingService(new ConsoleProgress(err), common.pairs.maker(spec))
                .resuming(common.resume)
                .train(request);
        job.finish();
        PrintWriter stdout = spec.commandLine().getOut();
        stdout.println(String.format(
                Locale.ROOT,
                "%s tier of the generic model written to %s (%d people trained, %d held out)",
                tier.id(),
                out,
                train.size(),
                held.size()));
        stdout.println(String.format(
                Locale.ROOT,
                "  %s: %d frames, PSNR-Y %.2f -> %.2f dB, gain %+.3f dB",
                held.isEmpty() ? "later footage of the training people" : "people never seen",
                o.validation().frames(),
                o.validation().psnrDecoded(),
                o.validation().psnrEnhanced(),
                o.validation().gainDb()));
        stdout.println("  report: " + job.report());
        if (common.json) {
            CommonOptions.printJson(stdout, job.json(o.toJson()));
        }
        stdout.flush();
        return 0;
    }
}

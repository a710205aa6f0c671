package io.dejavu.cli.training;

import io.dejavu.cli.options.BitrateOption;
import io.dejavu.cli.options.CodecOption;
import io.dejavu.cli.options.SeedOption;
import io.dejavu.cli.options.ThreadsOption;
import io.dejavu.protocol.Json;
import io.dejavu.training.TrainingException;
import io.dejavu.training.footage.Codec;
import io.dejavu.training.model.Architecture;
import io.dejavu.training.train.DeviceChoice;
import io.dejavu.training.train.EnhancerTrainingOptions;
import io.dejavu.training.train.Loss;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Options shared by {@code train} and {@code train-generic}. */
final class CommonOptions {
    @Mixin
    PairsOption pairs;

    @Mixin
    CodecOption.Trainable codec;

    @Mixin
    BitrateOption.Pairs bitrate;

    @Option(
            names = "--max-minutes",
            paramLabel = "M",
            description = "Hard stop of the enhancer training in minutes (default: 7 for train, so the whole job stays"
                    + " within 10 minutes on 2 cores; 20 for train-generic).")
    Double maxMinutes;

    @Option(
            names = "--max-steps",
            description = "Step limit of the enhancer training (default: ${DEFAULT-VALUE}).",
            defaultValue = "100000")
    int maxSteps;

    @Option(
            names = "--resume",
            description = "Go on from the checkpoint a killed run of the same job left beside --out (written once"
                    + " a minute; removed when a run succeeds).")
    boolean resume;

    @Mixin
    SeedOption seed;

    @Option(
            names = "--channels",
            description = "Feature channels (default: the base's; from scratch 16, 32 for --tier gpu).")
    Integer channels;

    @Option(
            names = "--blocks",
            description = "Residual blocks (default: the base's; from scratch 4, 8 for --tier gpu). More than a"
                    + " --base of the same channels has deepens it: the added blocks start as the identity.")
    Integer blocks;

    @Option(
            names = "--tier",
            paramLabel = "cpu|gpu",
            description = "Which tier of the bundle at --out to train (default: ${DEFAULT-VALUE}): gpu trains a"
                    + " larger model and adds it beside the cpu tier already there (ADR 0104).",
            defaultValue = "cpu",
            converter = OptionConverters.TierConverter.class)
    io.dejavu.protocol.model.ModelTier tier;

    @Option(names = "--loss", description = "l1 or l2 (default: ${DEFAULT-VALUE}).", defaultValue = "l1")
    String loss;

    @Option(
            names = "--lr",
            description = "Initial learning rate of Adam (default: 1e-3 from scratch, 5e-4 fine-tuning).")
    Float learningRate;

    @Option(names = "--patch", description = "Training patch side (default: ${DEFAULT-VALUE}).", defaultValue = "48")
    int patch;

    /** Patches per step on the CPU when {@code --batch} is not given ({@link #batchFor}). */
    static final int CPU_BATCH = 16;

    @Option(
            names = "--batch",
            description = "Patches per step (default: " + CPU_BATCH + " on the CPU, four times that on a GPU,"
                    + " where a step costs about the same at either).")
    Integer batch;

    @Option(
            names = "--eval-every",
            description = "Steps between validation checks (default: ${DEFAULT-VALUE}).",
            defaultValue = "200")
    int evalEvery;

    @Option(
            names = "--patience",
            description = "Validation checks without improvement before stopping (default: ${DEFAULT-VALUE}).",
            defaultValue = "10")
    int patience;

    @Option(
            names = "--scorer-seconds",
            description = "Time limit of the scorer training (default: ${DEFAULT-VALUE}).",
            defaultValue = "60")
    int scorerSeconds;

    @Option(
            names = "--scorer-patch",
            description = "Scorer patch side (default: ${DEFAULT-VALUE}).",
            defaultValue = "32")
    int scorerPatch;

    @Option(
            names = "--validation-fraction",
            description = "Later part of each clip held back (default: ${DEFAULT-VALUE}).",
            defaultValue = "0.25")
    double validationFraction;

    @Option(names = "--json", description = "Print a JSON summary as the last line of stdout.")
    boolean json;

    @Mixin
    ThreadsOption.Training threads;

    @Option(
            names = "--device",
            paramLabel = "auto|cpu|gpu",
            description = "Where to train: auto takes the first CUDA GPU PyTorch sees, else the CPU"
                    + " (default: ${DEFAULT-VALUE}; a GPU needs the natives of docs/GPU-TRAINING.md).",
            defaultValue = "auto")
    String device;

    /** The codec as training knows it (the mixin admits only those it can make pairs with). */
    Codec codec() {
        return Codec.parse(codec.codec().name());
    }

    int bitrateKbps() {
        return bitrate.kbps();
    }

    /**
     * The enhancer's training options. Channels and blocks not given are {@code base}'s (the tier it
     * fine-tunes), or the tier's defaults from scratch: a base with a larger tier than the default
     * is fine-tuned at its own size, and {@code --blocks} above a base's deepens it.
     */
    EnhancerTrainingOptions enhancer(double defaultMinutes, Optional<Path> base) {
        return enhancer(
                defaultMinutes,
                base.isPresent(),
                architecture(channels, blocks, tier, base.map(CommonOptions::architectureOf)));
    }

    /** Each of channels and blocks as given, else the base's, else the tier's default from scratch. */
    static Architecture architecture(
            Integer channels, Integer blocks, io.dejavu.protocol.model.ModelTier tier, Optional<Architecture> base) {
        boolean gpu = tier == io.dejavu.protocol.model.ModelTier.GPU;
        return new Architecture(
                channels != null ? channels : base.map(Architecture::channels).orElse(gpu ? 32 : 16),
                blocks != null ? blocks : base.map(Architecture::blocks).orElse(gpu ? 8 : 4));
    }

    private static Architecture architectureOf(Path modelDir) {
        Path onnx = modelDir.resolve(io.dejavu.store.ModelBundle.ENHANCER);
        try {
            return io.dejavu.training.model.OnnxGraphs.readEnhancer(Files.readAllBytes(onnx))
                    .architecture();
        } catch (IOException e) {
            throw new TrainingException("cannot read base model " + onnx + ": " + e.getMessage(), e);
        }
    }

    private EnhancerTrainingOptions enhancer(double defaultMinutes, boolean fineTuning, Architecture arch) {
        io.dejavu.training.train.DjlEngine.threads(threads.threads());
        io.dejavu.training.train.DjlEngine.useDevice(DeviceChoice.parse(device));
        double minutes = maxMinutes != null ? maxMinutes : defaultMinutes;
        if (!(minutes > 0) || minutes > 24 * 60) {
            throw new TrainingException("--max-minutes must be in (0, 1440], got " + minutes);
        }
        float lr = learningRate != null ? learningRate : fineTuning ? 5e-4f : 1e-3f;
        return new EnhancerTrainingOptions(
                arch,
                Loss.parse(loss),
                patch,
                batchFor(batch, io.dejavu.training.train.DjlEngine.trainingDevice()),
                lr,
                maxSteps,
                Duration.ofMillis(Math.round(minutes * 60_000)),
                seed.seed(),
                evalEvery,
                patience,
                Optional.empty());
    }

    /** The batch a run takes on {@code device}: {@code given}, else the device's for {@link #CPU_BATCH}. */
    static int batchFor(Integer given, io.dejavu.training.train.TrainingDevice device) {
        return given != null ? given : device.batchFor(CPU_BATCH);
    }

    /** The project's shipped generic model: {@code $DEJAVU_HOME/models/generic} or {@code ./models/generic}. */
    static Path defaultGenericModel() {
        String home = System.getProperty("dejavu.home", System.getenv("DEJAVU_HOME"));
        Path root = home != null && !home.isBlank() ? Paths.get(home) : Paths.get("");
        return root.resolve("models").resolve("generic").toAbsolutePath().normalize();
    }

    /** Files as given, folders expanded to the videos inside (sorted). */
    static List<Path> expandVideos(List<Path> inputs) {
        List<Path> out = new ArrayList<>();
        for (Path p : inputs) {
            if (Files.isDirectory(p)) {
                try (Stream<Path> s = Files.list(p)) {
                    s.filter(Files::isRegularFile)
                            .filter(f -> {
                                String n = f.getFileName().toString().toLowerCase(Locale.ROOT);
                                return n.endsWith(".mp4")
                                        || n.endsWith(".mkv")
                                        || n.endsWith(".webm")
                                        || n.endsWith(".mov")
                                        || n.endsWith(".avi")
                                        || n.endsWith(".y4m");
                            })
                            .sorted()
                            .forEach(out::add);
                } catch (IOException e) {
                    throw new TrainingException("cannot list " + p + ": " + e.getMessage(), e);
                }
            } else {
                out.add(p);
            }
        }
        if (out.isEmpty()) {
            throw new TrainingException("no video files found in " + inputs);
        }
        return out;
    }

    static void printJson(PrintWriter out, Object value) {
        try {
            out.println(Json.mapper().writeValueAsString(value));
            out.flush();
        } catch (IOException e) {
            throw new TrainingException("cannot write JSON: " + e.getMessage(), e);
        }
    }
}

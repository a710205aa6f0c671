package io.dejavu.cli.training;

import io.dejavu.cli.options.ThreadsOption;
import io.dejavu.training.TrainingException;
import io.dejavu.training.model.Architecture;
import io.dejavu.training.train.DeviceChoice;
import io.dejavu.training.train.DjlEngine;
import io.dejavu.training.train.TrainingBench;
import io.dejavu.training.train.TrainingDevice;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code train-bench}: steps per second of the enhancer's training loop, per model and batch size. */
@Command(
        name = "train-bench",
        mixinStandardHelpOptions = true,
        description = "Time the enhancer's training loop (synthetic 256x256 pairs) per architecture and batch"
                + " size after a warm-up; prints a table and, with --json, one JSON array as the last line.")
final class TrainBenchCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(
            names = "--device",
            paramLabel = "auto|cpu|gpu",
            defaultValue = "auto",
            description = "Where to train (default: ${DEFAULT-VALUE}).")
    String device;

    @Mixin
    ThreadsOption.Training threads;

    @Option(
            names = "--archs",
            split = ",",
            paramLabel = "CxB",
            defaultValue = "16x4,32x8",
            description = "Channels x blocks, comma-separated (default: ${DEFAULT-VALUE}; 32x8 has 8x the"
                    + " weights of 16x4).")
    List<String> archs;

    @Option(
            names = "--batches",
            split = ",",
            defaultValue = "16",
            description = "Batch sizes, comma-separated (default: ${DEFAULT-VALUE}).")
    List<Integer> batches;

    @Option(names = "--patch", defaultValue = "48", description = "Patch side (default: ${DEFAULT-VALUE}).")
    int patch;

    @Option(names = "--warmup", defaultValue = "50", description = "Untimed steps first (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--steps", defaultValue = "300", description = "Timed steps (default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(
            names = "--max-seconds",
            defaultValue = "120",
            description = "Most seconds per configuration (default: ${DEFAULT-VALUE}).")
    int maxSeconds;

    @Option(names = "--json", description = "Print one JSON array as the last line of stdout.")
    boolean json;

    @Override
    public Integer call() {
        DjlEngine.threads(threads.threads());
        DjlEngine.useDevice(DeviceChoice.parse(device));
        TrainingDevice d = DjlEngine.trainingDevice();
        PrintWriter err = spec.commandLine().getErr();
        err.println("training on " + d);
        err.flush();
        List<Architecture> architectures =
                archs.stream().map(TrainBenchCommand::architecture).toList();
        List<TrainingBench.Row> rows =
                new TrainingBench(d, patch, warmup, steps, Duration.ofSeconds(maxSeconds)).run(architectures, batches);
        PrintWriter out = spec.commandLine().getOut();
        out.println("device: " + d);
        out.println(String.format(
                Locale.ROOT,
                "%-14s %10s %6s %6s %6s %10s %12s %9s",
                "model",
                "params",
                "batch",
                "patch",
                "steps",
                "steps/s",
                "patches/s",
                "ms/step"));
        List<Map<String, Object>> json = new ArrayList<>();
        for (TrainingBench.Row r : rows) {
            out.println(String.format(
                    Locale.ROOT,
                    "%-14s %10d %6d %6d %6d %10.2f %12.0f %9.2f",
                    r.architecture().label(),
                    r.parameters(),
                    r.batch(),
                    r.patch(),
                    r.steps(),
                    r.stepsPerSecond(),
                    r.patchesPerSecond(),
                    1000 / r.stepsPerSecond()));
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("architecture", r.architecture().label());
            m.put("parameters", r.parameters());
            m.put("device", r.device().id());
            m.put("device_description", r.device().description());
            m.put("threads", threads.threads());
            m.put("batch", r.batch());
            m.put("patch", r.patch());
            m.put("steps", r.steps());
            m.put("seconds", r.seconds());
            m.put("steps_per_second", r.stepsPerSecond());
            m.put("patches_per_second", r.patchesPerSecond());
            json.add(m);
        }
        if (this.json) {
            CommonOptions.printJson(out, json);
        }
        out.flush();
        return 0;
    }

    /** {@code CxB}, e.g. {@code 16x4}. */
    static Architecture architecture(String text) {
        String[] parts = text.trim().toLowerCase(Locale.ROOT).split("x");
        try {
            if (parts.length == 2) {
                return new Architecture(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]));
            }
        } catch (NumberFormatException e) {
            // falls through to the message below
        }
        throw new TrainingException("--archs takes CHANNELSxBLOCKS, e.g. 16x4, got '" + text + "'");
    }
}

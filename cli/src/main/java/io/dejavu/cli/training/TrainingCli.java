package io.dejavu.cli.training;

import io.dejavu.protocol.cli.Cli;
import io.dejavu.training.TrainingException;
import io.dejavu.training.footage.PairMaker;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Admin CLI of the training tools: {@code train}, {@code train-generic}, {@code evaluate},
 * {@code publish}. Thin commands over {@link io.dejavu.training.train.TrainingService},
 * {@link io.dejavu.training.eval.EvaluationService} and
 * {@link io.dejavu.training.publish.ModelPublisher}; results on stdout, progress and logs on stderr.
 */
@Command(
        name = "dejavu",
        mixinStandardHelpOptions = true,
        description = "Train, evaluate and publish Dejavu enhancement models.",
        subcommands = {
            TrainCommand.class,
            TrainGenericCommand.class,
            EvaluateCommand.class,
            CalibrateCommand.class,
            PublishCommand.class,
            TrainBenchCommand.class,
            TemporalEvalCommand.class
        })
public final class TrainingCli implements Runnable {
    /** The pair source every launcher has. */
    public static final String FFMPEG_PAIRS = "ffmpeg";

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private final Map<String, PairMaker> pairSources;

    private TrainingCli(Map<String, PairMaker> pairSources) {
        this.pairSources = Map.copyOf(pairSources);
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the CLI and returns its exit code (for tests). */
    public static int run(String... args) {
        return commandLine().execute(args);
    }

    /** The configured picocli command line with the shared error handler ({@link Cli}); FFmpeg pairs only. */
    public static CommandLine commandLine() {
        return commandLine(Map.of());
    }

    /**
     * The command line with more sources of training pairs for {@code --pairs}, e.g. the demo's
     * call-recorded pairs (training-tools may not use the call engine itself).
     *
     * <pre>{@code
     * int exit = TrainingCli.commandLine(Map.of("call", callPairs)).execute(args);
     * }</pre>
     */
    public static CommandLine commandLine(Map<String, PairMaker> extraPairSources) {
        Map<String, PairMaker> sources = new LinkedHashMap<>();
        sources.put(FFMPEG_PAIRS, PairMaker.FFMPEG);
        sources.putAll(extraPairSources);
        return Cli.configure(new CommandLine(new TrainingCli(sources)));
    }

    /** The pair source {@code --pairs name} asks for. */
    PairMaker pairMaker(String name) {
        PairMaker maker = pairSources.get(name);
        if (maker == null) {
            throw new TrainingException("unknown --pairs '" + name + "': this launcher offers "
                    + String.join(", ", new TreeSet<>(pairSources.keySet()))
                    + (pairSources.containsKey("call") ? "" : " (call-recorded pairs come with ./dejavu train)"));
        }
        return maker;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(
                spec.commandLine(),
                "missing command: train, train-generic, evaluate, calibrate, publish or train-bench");
    }
}

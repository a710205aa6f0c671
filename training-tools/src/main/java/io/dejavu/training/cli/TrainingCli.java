package io.dejavu.training.cli;

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
        subcommands = {TrainCommand.class, TrainGenericCommand.class, EvaluateCommand.class, PublishCommand.class})
public final class TrainingCli implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the CLI and returns its exit code (for tests). */
    public static int run(String... args) {
        return commandLine().execute(args);
    }

    /** The configured picocli command line with the shared exception handler. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new TrainingCli());
        cl.setExecutionExceptionHandler(new CliExceptionHandler());
        return cl;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(
                spec.commandLine(), "missing command: train, train-generic, evaluate" + " or publish");
    }
}

package io.dejavu.cli.app;

import io.dejavu.app.desktop.AppCommand;
import io.dejavu.cli.demo.DemoCommand;
import io.dejavu.protocol.cli.Cli;
import io.dejavu.protocol.cli.NativeStdout;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Entry point of {@code ./dejavu app} (the desktop app: the app module's {@code AppCommand}) and
 * {@code ./dejavu demo} (the one-command demo). Deliberately not a JavaFX {@code Application}:
 * JavaFX loaded from the class path needs a main class that does not extend it.
 */
@Command(
        name = "dejavu",
        mixinStandardHelpOptions = true,
        description = "Dejavu desktop app and demo.",
        subcommands = {AppCommand.class, DemoCommand.class})
public final class AppCli implements Runnable {
    public static void main(String[] args) {
        NativeStdout.isolate();
        int code = commandLine().execute(args);
        System.out.flush();
        System.exit(code);
    }

    /** The command line with every subcommand registered and the shared error handler (tests call this too). */
    public static CommandLine commandLine() {
        return Cli.configure(new CommandLine(new AppCli()));
    }

    @CommandLine.Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}

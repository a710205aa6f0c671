package io.dejavu.app.cli;

import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Entry point of the {@code app} module: {@code ./dejavu app} (the desktop app) and {@code ./dejavu
 * demo} (the one-command demo). Deliberately not a JavaFX {@code Application}: JavaFX loaded from
 * the class path needs a main class that does not extend it.
 */
@Command(
        name = "dejavu",
        mixinStandardHelpOptions = true,
        description = "Dejavu desktop app and demo.",
        subcommands = {AppCommand.class})
public final class AppCli implements Runnable {
    /** The lead's demo command; registered when the class is on the class path. */
    static final String DEMO_COMMAND = "io.dejavu.app.demo.DemoCommand";

    public static void main(String[] args) {
        int code = commandLine().execute(args);
        System.out.flush();
        detachNativeStdout();
        System.exit(code);
    }

    /**
     * libwebrtc's JNI layer prints "VM attach current thread failed" to stdout from native
     * destructors while the process exits, which would break "the last stdout line is the JSON
     * result" of {@code demo --json}. Closing Java's stdout descriptor points fd 1 at /dev/null.
     */
    private static void detachNativeStdout() {
        try {
            new java.io.FileOutputStream(java.io.FileDescriptor.out).close();
        } catch (java.io.IOException e) {
            org.slf4j.LoggerFactory.getLogger(AppCli.class).debug("cannot detach stdout: {}", e.toString());
        }
    }

    /** The command line with every subcommand registered (tests call this too). */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new AppCli());
        demoCommand().ifPresent(demo -> cli.addSubcommand("demo", demo));
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println("dejavu: " + io.dejavu.app.common.UserMessages.describe(e));
            org.slf4j.LoggerFactory.getLogger(AppCli.class).debug("Command failed", e);
            return 1;
        });
        return cli;
    }

    private static Optional<Object> demoCommand() {
        try {
            Class<?> type = Class.forName(DEMO_COMMAND);
            if (type.isAnnotationPresent(Command.class)) {
                return Optional.of(CommandLine.defaultFactory().create(type));
            }
        } catch (ClassNotFoundException e) {
            // not built yet: ./dejavu demo then says it is missing
        } catch (Exception e) {
            throw new IllegalStateException("cannot create " + DEMO_COMMAND + ": " + e.getMessage(), e);
        }
        return Optional.empty();
    }

    @CommandLine.Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}

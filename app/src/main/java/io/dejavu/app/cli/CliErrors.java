package io.dejavu.app.cli;

import io.dejavu.app.common.UserMessages;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/** The app's picocli error handler: one line on stderr, exit code 1, the details at DEBUG. */
final class CliErrors {
    private CliErrors() {}

    /** Gives {@code cli} the handler and returns it. */
    static CommandLine handledBy(CommandLine cli) {
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println("dejavu: " + UserMessages.describe(e));
            LoggerFactory.getLogger(CliErrors.class).debug("Command failed", e);
            return 1;
        });
        return cli;
    }
}

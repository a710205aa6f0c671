package io.dejavu.training.cli;

import io.dejavu.training.TrainingException;
import io.dejavu.training.model.ModelBundle;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/**
 * The one place errors become exit codes: problems the admin can fix print one clear line (exit
 * 1); anything else prints its type and message and is logged with its stack trace (exit 3).
 */
final class CliExceptionHandler implements CommandLine.IExecutionExceptionHandler {
    private static final Logger LOG = LoggerFactory.getLogger(CliExceptionHandler.class);
    static final int USER_ERROR = 1;
    static final int INTERNAL_ERROR = 3;

    @Override
    public int handleExecutionException(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) {
        String name = cmd.getCommandName();
        if (e instanceof TrainingException) {
            cmd.getErr().println(name + ": " + e.getMessage());
            LOG.debug("{} failed", name, e);
            return USER_ERROR;
        }
        if (e instanceof UncheckedIOException u) {
            cmd.getErr().println(name + ": " + ModelBundle.describe("I/O error", u.getCause()));
            LOG.debug("{} failed", name, e);
            return USER_ERROR;
        }
        if (e instanceof IOException io) {
            cmd.getErr().println(name + ": " + ModelBundle.describe("I/O error", io));
            LOG.debug("{} failed", name, e);
            return USER_ERROR;
        }
        LOG.error("{} failed unexpectedly", name, e);
        cmd.getErr().println(name + ": internal error: " + e);
        return INTERNAL_ERROR;
    }
}

package io.dejavu.protocol.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/**
 * The one error handler and exit-code table of every {@code ./dejavu} command: each main configures
 * its picocli command line here, so every command reports errors the same way.
 *
 * <table>
 *   <caption>Exit codes</caption>
 *   <tr><td>{@value #OK}</td><td>done</td></tr>
 *   <tr><td>{@value #FAILURE}</td><td>the work failed: a file missing or unreadable, a server
 *       unreachable, training or a call that did not succeed, an internal error</td></tr>
 *   <tr><td>{@value #USAGE}</td><td>the command line is wrong: unknown command or option, a missing or
 *       malformed value, a value out of range; refused before any work starts</td></tr>
 * </table>
 *
 * <p>Every error is one line on stderr starting with {@value #PREFIX}; stack traces go to the log at
 * DEBUG only ({@code DEJAVU_LOG_LEVEL=DEBUG}).
 *
 * <pre>{@code
 * public static void main(String[] args) {
 *     System.exit(Cli.configure(new CommandLine(new MyCli())).execute(args));
 * }
 * // inside a command, for a value picocli cannot check itself:
 * throw Cli.usage(spec, "--bitrate must be 30..20000 kbps, got " + kbps);
 * }</pre>
 */
public final class Cli {
    /** Exit code of a command that did its work. */
    public static final int OK = 0;
    /** Exit code of a command whose work failed. */
    public static final int FAILURE = 1;
    /** Exit code of a command line that is wrong; nothing was done. */
    public static final int USAGE = 2;
    /** What every error line starts with. */
    public static final String PREFIX = "dejavu: ";

    private static final Logger LOG = LoggerFactory.getLogger(Cli.class);

    private Cli() {}

    /** Installs the shared handlers on {@code cli} (and its subcommands) and returns it. */
    public static CommandLine configure(CommandLine cli) {
        cli.setExecutionExceptionHandler(Cli::onFailure);
        cli.setParameterExceptionHandler(Cli::onUsageError);
        return cli;
    }

    /** A usage error (exit {@value #USAGE}) for an option value the command checks itself. */
    public static CommandLine.ParameterException usage(CommandLine.Model.CommandSpec spec, String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }

    private static int onUsageError(CommandLine.ParameterException e, String[] args) {
        CommandLine cmd = e.getCommandLine();
        PrintWriter err = cmd.getErr();
        err.println(PREFIX + firstLine(e.getMessage()) + " (see ./"
                + cmd.getCommandSpec().qualifiedName() + " --help)");
        err.flush();
        LOG.debug("usage error", e);
        return USAGE;
    }

    private static int onFailure(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) {
        PrintWriter err = cmd.getErr();
        if (e instanceof CommandLine.ParameterException p) {
            return onUsageError(p, new String[0]);
        }
        err.println(PREFIX + describe(e));
        err.flush();
        LOG.debug("{} failed", cmd.getCommandName(), e);
        return FAILURE;
    }

    /**
     * One line saying what went wrong, without library internals: the message of the cause that
     * matters, or for an error nobody expected its type and where to find the stack trace.
     */
    public static String describe(Throwable error) {
        Throwable t = unwrap(error);
        String msg = t.getMessage() == null ? "" : firstLine(t.getMessage());
        if (t instanceof NoSuchFileException) {
            return "file not found: " + msg;
        }
        if (t instanceof AccessDeniedException) {
            return "permission denied: " + msg;
        }
        if (t instanceof ConnectException) {
            return "cannot connect" + (msg.isEmpty() ? "" : " (" + msg + ")");
        }
        if (t instanceof UnknownHostException) {
            return "unknown host " + msg;
        }
        if (t instanceof TimeoutException) {
            return msg.isEmpty() ? "timed out" : msg;
        }
        if (t instanceof IOException && (msg.contains("No space left") || msg.contains("Disk quota"))) {
            return "the disk is full (" + msg + ")";
        }
        if (expected(t) && !msg.isEmpty()) {
            return msg;
        }
        return "internal error: " + t.getClass().getSimpleName() + (msg.isEmpty() ? "" : ": " + msg)
                + " (DEJAVU_LOG_LEVEL=DEBUG shows where)";
    }

    // Failures our own code reports with a sentence; anything else is a bug or a library's insides.
    private static boolean expected(Throwable t) {
        return t instanceof IOException
                || t instanceof IllegalArgumentException
                || t instanceof IllegalStateException
                || t.getClass().getName().startsWith("io.dejavu.");
    }

    private static Throwable unwrap(Throwable error) {
        Throwable t = error;
        while ((t instanceof CompletionException
                        || t instanceof ExecutionException
                        || t instanceof UncheckedIOException)
                && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    // Library internals that messages of wrapped exceptions carry into ours: Jackson's parser
    // location ("at [Source: REDACTED ...; line: 1, column: 2]", on a line of its own or not) and
    // JavaCV's hint for a format it could not guess.
    private static final Pattern INTERNALS =
            Pattern.compile("\\s*(\\bat \\[Source: [^\\]]*\\]|\\(Has setFormat\\(\\) been called\\?\\))");

    private static String firstLine(String msg) {
        String s = msg == null ? "" : INTERNALS.matcher(msg).replaceAll("").strip();
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl).strip();
    }
}

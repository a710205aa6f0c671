package io.dejavu.app.desktop;

import io.dejavu.protocol.cli.Cli;
import io.dejavu.protocol.cli.NativeStdout;
import picocli.CommandLine;

/**
 * Entry point of the installed desktop app ({@code ./dejavu package}): only the {@code app}
 * command. The demo and the admin tools stay behind {@link AppCli}, so nothing this class reaches
 * needs the training, server or benchmark libraries that the packaged app leaves out (ADR 0603;
 * {@code DesktopClasspathTest} checks it).
 *
 * <pre>{@code
 * /opt/dejavu/bin/dejavu --server wss://calls.example.org/signal --user alice
 * }</pre>
 */
public final class DesktopMain {
    private DesktopMain() {}

    public static void main(String[] args) {
        NativeStdout.isolate();
        CommandLine cli = Cli.configure(new CommandLine(new AppCommand()));
        cli.setCommandName("dejavu");
        int code = cli.execute(args);
        System.out.flush();
        System.exit(code);
    }
}

package io.dejavu.cli.training;

import io.dejavu.training.train.ProgressListener;
import io.dejavu.training.train.TrainingProgress;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * A progress bar on stderr: redrawn in place on a terminal, one line every few seconds otherwise
 * (logs, CI).
 */
final class ConsoleProgress implements ProgressListener {
    private final PrintWriter err;
    private final boolean terminal;
    private long lastLine;
    private boolean open;

    ConsoleProgress(PrintWriter err) {
        this.err = err;
        this.terminal = System.console() != null;
    }

    @Override
    public void onProgress(TrainingProgress p) {
        long now = System.nanoTime();
        if (!terminal && now - lastLine < 5_000_000_000L && p.fraction() < 1.0) {
            return;
        }
        lastLine = now;
        int width = 30;
        int filled = (int) Math.round(p.fraction() * width);
        String bar = "#".repeat(filled) + ".".repeat(width - filled);
        String line = String.format(
                Locale.ROOT,
                "%-8s [%s] %3.0f%% step %d  loss %s  val gain %s  %s/%s",
                p.phase(),
                bar,
                p.fraction() * 100,
                p.step(),
                Double.isFinite(p.loss()) ? String.format(Locale.ROOT, "%.5f", p.loss()) : "-",
                Double.isNaN(p.validationGainDb()) ? "-" : String.format(Locale.ROOT, "%+.3f dB", p.validationGainDb()),
                clock(p.elapsed().toSeconds()),
                clock(p.budget().toSeconds()));
        if (terminal) {
            err.print("\r" + line);
            open = true;
        } else {
            err.println(line);
        }
        err.flush();
    }

    @Override
    public void onMessage(String message) {
        if (open) {
            err.println();
            open = false;
        }
        err.println(message);
        err.flush();
    }

    private static String clock(long s) {
        return String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}

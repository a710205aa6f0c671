package io.dejavu.cli.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dejavu.training.train.TrainingProgress;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** Without a terminal (tests, CI logs) progress is printed as whole lines. */
class ConsoleProgressTest {
    @Test
    void printsABarWithStepLossGainAndClockAndAlwaysTheFinishedLine() {
        // JDK 22+ has a console object even without a terminal; then the bar is redrawn in place
        Assumptions.assumeTrue(System.console() == null, "runs where the JVM has no console");
        StringWriter err = new StringWriter();
        ConsoleProgress progress = new ConsoleProgress(new PrintWriter(err));

        progress.onProgress(new TrainingProgress(
                "enhancer", 30, 100, Duration.ofSeconds(75), Duration.ofMinutes(10), 0.0123456, 0.25));
        progress.onProgress(new TrainingProgress(
                "enhancer", 100, 100, Duration.ofSeconds(130), Duration.ofMinutes(10), Double.NaN, Double.NaN));
        progress.onMessage("done");

        String[] lines = err.toString().split("\\R");
        assertEquals(3, lines.length, err.toString());
        assertEquals(
                "enhancer [#########.....................]  30% step 30  loss 0.01235  val gain +0.250 dB  1:15/10:00",
                lines[0]);
        assertEquals(
                "enhancer [##############################] 100% step 100  loss -  val gain -  2:10/10:00", lines[1]);
        assertEquals("done", lines[2]);
    }

    @Test
    void fractionIsStepsOrTimeWhicheverIsFurther() {
        assertEquals(
                0.5,
                new TrainingProgress("p", 50, 100, Duration.ofSeconds(1), Duration.ofSeconds(100), 0, 0).fraction());
        assertEquals(
                0.75,
                new TrainingProgress("p", 10, 100, Duration.ofSeconds(75), Duration.ofSeconds(100), 0, 0).fraction());
        assertEquals(1.0, new TrainingProgress("p", 500, 100, Duration.ZERO, Duration.ofSeconds(100), 0, 0).fraction());
        assertTrue(new TrainingProgress("p", 0, 0, Duration.ZERO, Duration.ZERO, 0, 0).fraction() == 0);
    }
}

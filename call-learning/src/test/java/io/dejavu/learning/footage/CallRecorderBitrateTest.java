package io.dejavu.learning.footage;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.dejavu.call.CallStats;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The kept call's bitrate: the outgoing payload over the kept stretch, never zero or NaN. */
class CallRecorderBitrateTest {
    private static Optional<CallStats> stats(long elapsedMillis, double sendKbps, long videoBytesSent) {
        return Optional.of(new CallStats(
                elapsedMillis,
                sendKbps,
                0,
                0,
                0,
                0,
                0,
                0,
                0,
                0,
                "video/VP8",
                "",
                0,
                0,
                0,
                0,
                0,
                0,
                "",
                0,
                0,
                Double.NaN,
                0,
                videoBytesSent,
                0));
    }

    @Test
    void aStretchOfSeveralSecondsIsItsPayloadOverItsWindow() {
        // 60,000 bytes in 8 s = 60 kbps, whatever the call sent before keeping began
        assertEquals(60, CallRecorder.sentKbps(stats(5_000, 300, 900_000), stats(13_000, 55, 960_000), 150));
    }

    @Test
    void aStretchShorterThanTheWindowTakesTheLatestSecondsRate() {
        assertEquals(48, CallRecorder.sentKbps(stats(5_000, 90, 900_000), stats(6_000, 47.6, 906_000), 150));
        assertEquals(48, CallRecorder.sentKbps(Optional.empty(), stats(6_000, 47.6, 906_000), 150));
    }

    @Test
    void withoutStatsTheCapIsTaken() {
        assertEquals(150, CallRecorder.sentKbps(Optional.empty(), Optional.empty(), 150));
        assertEquals(150, CallRecorder.sentKbps(Optional.empty(), stats(500, 0, 0), 150));
    }
}

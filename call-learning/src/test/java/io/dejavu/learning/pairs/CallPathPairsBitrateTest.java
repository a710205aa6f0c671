package io.dejavu.learning.pairs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.dejavu.call.CallStats;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The bitrate recorded with call-made pairs feeds the operating range, which refuses NaN: a
 * recording too short for a stats window must still give a finite rate.
 */
class CallPathPairsBitrateTest {
    private static Optional<CallStats> stats(long elapsedMillis, long videoBytesReceived) {
        return Optional.of(new CallStats(
                elapsedMillis,
                0,
                0,
                0,
                0,
                0,
                0,
                0,
                0,
                0,
                "",
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
                0,
                videoBytesReceived));
    }

    @Test
    void aLongRecordingIsThePayloadOverItsWindow() {
        // 90,000 bytes in 8 s = 90 kbps, whatever came before the first paired frame
        assertEquals(90.0, CallPathPairs.receivedKbps(stats(2000, 500_000), stats(10_000, 590_000), 60), 1e-9);
    }

    @Test
    void aRecordingShorterThanTheWindowTakesTheWholeCall() {
        // a one-second recording: 2.5 s of call, 25,000 bytes = 80 kbps
        assertEquals(80.0, CallPathPairs.receivedKbps(stats(1500, 15_000), stats(2500, 25_000), 60), 1e-9);
    }

    @Test
    void aRecordingThatStartedBeforeTheFirstStatsReportTakesTheWholeCall() {
        assertEquals(80.0, CallPathPairs.receivedKbps(Optional.empty(), stats(2500, 25_000), 60), 1e-9);
    }

    @Test
    void aCallWithoutStatsTakesTheCap() {
        assertEquals(60.0, CallPathPairs.receivedKbps(Optional.empty(), Optional.empty(), 60));
        assertEquals(60.0, CallPathPairs.receivedKbps(stats(0, 0), stats(400, 0), 60));
    }

    @Test
    void callsRunHalfTheCoresAtATimeAndOneOnASmallMachine() {
        try (CallPathPairs pairs = new CallPathPairs(new java.io.PrintWriter(java.io.Writer.nullWriter()))) {
            assertEquals(1, pairs.parallelism(1));
            assertEquals(1, pairs.parallelism(2), "the 2-core box plays one call at a time");
            assertEquals(8, pairs.parallelism(16));
        }
    }
}

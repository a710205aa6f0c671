package io.dejavu.protocol.signaling.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ReconnectBackoffTest {
    private static final long T0 = 1_000_000_000L;

    @ParameterizedTest
    @CsvSource(
            textBlock =
                    """
            # attempt, base ms: delays are jittered into [base/2, base]
            0, 100
            1, 200
            2, 400
            3, 800
            4, 1600
            5, 2000
            9, 2000
            """)
    void delayDoublesFrom100MsUpTo2SecondsWithJitterInTheUpperHalf(int attempt, long base) {
        for (int trial = 0; trial < 50; trial++) {
            ReconnectBackoff b = new ReconnectBackoff(Duration.ofMinutes(1));
            b.restart(T0);
            for (int i = 0; i < attempt; i++) {
                b.nextDelayMs(T0);
            }
            long delay = b.nextDelayMs(T0);
            assertTrue(delay >= base / 2 && delay <= base, "attempt " + attempt + " waited " + delay + " ms");
        }
    }

    @Test
    void givesUpOnceTheWindowHasPassed() {
        ReconnectBackoff b = new ReconnectBackoff(Duration.ofSeconds(2));
        b.restart(T0);
        assertTrue(b.nextDelayMs(T0 + 2_000_000_000L) >= 0);
        assertEquals(-1, b.nextDelayMs(T0 + 2_000_000_001L));
    }

    @Test
    void restartBeginsANewWindowFromTheShortestDelay() {
        ReconnectBackoff b = new ReconnectBackoff(Duration.ofSeconds(2));
        b.restart(T0);
        for (int i = 0; i < 6; i++) {
            b.nextDelayMs(T0);
        }
        long later = T0 + 10_000_000_000L;
        b.restart(later);
        assertTrue(b.nextDelayMs(later) <= 100);
    }
}

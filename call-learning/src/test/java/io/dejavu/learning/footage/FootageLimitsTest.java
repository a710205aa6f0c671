package io.dejavu.learning.footage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dejavu.learning.LearningSettings;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class FootageLimitsTest {
    @Test
    void defaultsAre500MegabytesThirtyDaysAndAMinuteACall() {
        assertEquals(
                new FootageLimits(500_000_000L, Duration.ofDays(30), Duration.ofSeconds(60)), FootageLimits.DEFAULTS);
    }

    @Test
    void theUsersSettingsGiveTheLimits() {
        LearningSettings settings =
                new LearningSettings(true, false, 200_000_000L, Duration.ofDays(7), Duration.ofSeconds(20));

        assertEquals(
                new FootageLimits(200_000_000L, Duration.ofDays(7), Duration.ofSeconds(20)),
                FootageLimits.of(settings));
    }

    @Test
    void refusesLimitsThatKeepNothingNamingTheValue() {
        var tooSmall = assertThrows(IllegalArgumentException.class, () -> FootageLimits.DEFAULTS.withMaxBytes(1000));
        assertTrue(tooSmall.getMessage().contains("1000"), tooSmall.getMessage());
        assertThrows(IllegalArgumentException.class, () -> FootageLimits.DEFAULTS.withMaxAge(Duration.ZERO));
        var perCall = assertThrows(
                IllegalArgumentException.class, () -> FootageLimits.DEFAULTS.withMaxPerCall(Duration.ofMillis(10)));
        assertTrue(perCall.getMessage().contains("PT0.01S"), perCall.getMessage());
    }
}

package io.dejavu.learning.footage;

import io.dejavu.learning.LearningSettings;
import java.time.Duration;

/**
 * How much footage a {@link FootageStore} keeps: all calls together at most {@code maxBytes} on
 * disk (oldest dropped first; one call alone is cut short to fit), none older than {@code maxAge},
 * and at most {@code maxPerCall} of each call.
 *
 * <pre>{@code
 * FootageLimits limits = FootageLimits.DEFAULTS.withMaxBytes(200L << 20);
 * }</pre>
 */
public record FootageLimits(long maxBytes, Duration maxAge, Duration maxPerCall) {
    /** 500 MB, 30 days, 60 s a call. */
    public static final FootageLimits DEFAULTS =
            new FootageLimits(500L * 1000 * 1000, Duration.ofDays(30), Duration.ofSeconds(60));

    // Below this a single frame of a small call would not fit.
    static final long MIN_BYTES = 1L << 20;

    public FootageLimits {
        if (maxBytes < MIN_BYTES) {
            throw new IllegalArgumentException("footage limit must be at least 1 MiB, got " + maxBytes + " bytes");
        }
        if (maxAge == null || maxAge.isNegative() || maxAge.isZero()) {
            throw new IllegalArgumentException("footage age limit must be positive, got " + maxAge);
        }
        if (maxPerCall == null || maxPerCall.toMillis() < 1000) {
            throw new IllegalArgumentException("seconds kept per call must be at least 1 s, got " + maxPerCall);
        }
    }

    /** The limits the user chose in the learning settings. */
    public static FootageLimits of(LearningSettings settings) {
        return new FootageLimits(settings.maxFootageBytes(), settings.maxFootageAge(), settings.maxPerCall());
    }

    public FootageLimits withMaxBytes(long bytes) {
        return new FootageLimits(bytes, maxAge, maxPerCall);
    }

    public FootageLimits withMaxAge(Duration age) {
        return new FootageLimits(maxBytes, age, maxPerCall);
    }

    public FootageLimits withMaxPerCall(Duration perCall) {
        return new FootageLimits(maxBytes, maxAge, perCall);
    }
}

package io.dejavu.learning;

import java.time.Duration;

/**
 * The user's choices: consent to keep footage (off until turned on), learning paused, and the bounds
 * of what is kept: total size, age, and seconds kept per call.
 */
public record LearningSettings(
        boolean consent, boolean paused, long maxFootageBytes, Duration maxFootageAge, Duration maxPerCall) {}

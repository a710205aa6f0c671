package io.dejavu.learning;

import io.dejavu.call.Call;
import java.util.Optional;

/**
 * Starts keeping one call's outgoing footage: {@link io.dejavu.learning.footage.FootageCapture}
 * records it into the footage store; {@link #NONE} keeps nothing (tests that bring their own clips).
 * {@link SelfLearning#callStarted} asks only with the user's consent.
 */
@FunctionalInterface
public interface CaptureFactory {
    /** Keeps nothing. */
    CaptureFactory NONE = call -> Optional.empty();

    /** A capture attached to {@code call}, or empty when nothing can be kept for it. */
    Optional<CallCapture> start(Call call);
}

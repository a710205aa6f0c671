package io.dejavu.learning;

import io.dejavu.call.Call;
import java.util.Optional;

/**
 * Starts keeping one call's outgoing footage. The capture change's {@code CallRecorder} is the real
 * one; until it lands, {@link #NONE} keeps nothing and the demo keeps the footage it played.
 */
@FunctionalInterface
public interface CaptureFactory {
    // TODO(capture): replace with the footage package's CallRecorder once it lands on main.
    CaptureFactory NONE = call -> Optional.empty();

    /** A capture attached to {@code call}, or empty when nothing can be kept for it. */
    Optional<CallCapture> start(Call call);
}

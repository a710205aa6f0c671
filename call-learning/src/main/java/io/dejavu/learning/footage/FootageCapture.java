package io.dejavu.learning.footage;

import io.dejavu.call.Call;
import io.dejavu.learning.CallCapture;
import io.dejavu.learning.CaptureFactory;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps each call's outgoing frames in a {@link FootageStore} with a {@link CallRecorder}, within
 * the store's limits (the user's settings, applied through {@link
 * FootageStore#settingsChanged}). Only asked with the user's consent ({@link
 * io.dejavu.learning.SelfLearning#callStarted}). A store that cannot start a call costs that call's
 * footage, never the call: the reason goes to the log and nothing is kept.
 */
public record FootageCapture(FootageStore store) implements CaptureFactory {
    private static final Logger LOG = LoggerFactory.getLogger(FootageCapture.class);

    public FootageCapture {
        Objects.requireNonNull(store, "store");
    }

    @Override
    public Optional<CallCapture> start(Call call) {
        try {
            return Optional.of(store.record(call));
        } catch (FootageException e) {
            LOG.warn("not keeping this call's footage: {}", e.getMessage());
            return Optional.empty();
        }
    }
}

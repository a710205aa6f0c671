package io.dejavu.training.train;

import io.dejavu.training.TrainingException;
import java.util.Locale;

/** Where training runs: {@code auto} takes the first CUDA GPU PyTorch sees, else the CPU. */
public enum DeviceChoice {
    AUTO,
    CPU,
    GPU;

    /** Parses {@code auto}, {@code cpu} or {@code gpu} (any case). */
    public static DeviceChoice parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new TrainingException("unknown device '" + text + "', expected auto, cpu or gpu", e);
        }
    }
}

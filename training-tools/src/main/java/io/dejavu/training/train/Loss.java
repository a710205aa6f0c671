package io.dejavu.training.train;

import io.dejavu.training.TrainingException;
import java.util.Locale;

/** Training loss of the enhancer. */
public enum Loss {
    L1,
    L2;

    public static Loss parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new TrainingException("unknown loss '" + text + "', expected l1 or l2", e);
        }
    }
}

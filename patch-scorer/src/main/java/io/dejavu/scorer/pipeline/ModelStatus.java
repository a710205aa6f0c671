package io.dejavu.scorer.pipeline;

import java.util.Objects;

/**
 * Whether the pipeline has a working model, for the app to show.
 *
 * @param state none, ready or failed
 * @param model the model's name, or {@code ""} when there is none
 * @param detail where it runs when ready ({@code "CPU 2 threads"}), why not when failed
 */
public record ModelStatus(State state, String model, String detail) {
    /** The pipeline's model state. */
    public enum State {
        /** No model loaded: frames pass through. */
        NONE,
        /** A model is loaded and runs. */
        READY,
        /** The last model failed to load or run: frames pass through, {@code detail} says why. */
        FAILED
    }

    public ModelStatus {
        Objects.requireNonNull(state, "state");
        model = model == null ? "" : model;
        detail = detail == null ? "" : detail;
    }

    public static ModelStatus none() {
        return new ModelStatus(State.NONE, "", "no model loaded");
    }

    public boolean ready() {
        return state == State.READY;
    }
}

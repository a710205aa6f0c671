package io.dejavu.learning;

/** Where learning stands: off (no consent), paused, waiting for calls or idleness, or training. */
public enum LearningState {
    OFF,
    PAUSED,
    IDLE,
    WAITING_FOR_CALL_TO_END,
    LEARNING
}

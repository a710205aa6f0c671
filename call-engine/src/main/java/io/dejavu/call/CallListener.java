package io.dejavu.call;

/**
 * Receives a call's events on the call's own event thread (never a libwebrtc thread); keep the
 * work short, and hop to the UI thread yourself (e.g. {@code Platform.runLater}).
 */
public interface CallListener {
    /** The call moved to {@code state}; {@code reason} is set only for {@link CallState#ENDED}. */
    default void onStateChanged(CallState state, CallState.EndReason reason) {}

    /** About once a second while connected. */
    default void onStats(CallStats stats) {}
}

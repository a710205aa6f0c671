package io.dejavu.app.shell;

/** Chooses the real adapters for the desktop app. */
public final class ProductionServices {
    private ProductionServices() {}

    public static AppServices create() {
        throw new IllegalStateException("the call engine is not wired into the app yet");
    }
}

package io.dejavu.app.probe;

import io.dejavu.signaling.SignalingServerOptions;

/** An app class that reaches the signaling server (a probe for ArchitectureRulesTest). */
public final class AppUsingServer {
    private AppUsingServer() {}

    public static String describe(SignalingServerOptions options) {
        return options.toString();
    }
}

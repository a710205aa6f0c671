package io.dejavu.protocol.signaling.client;

/** Where a {@link SignalingClient}'s connection stands. */
public enum ConnectionState {
    /** {@link SignalingClient#connect()} is running. */
    CONNECTING,
    /** Authenticated; messages flow. */
    CONNECTED,
    /** The connection was lost; the client is trying to resume its session. Sends are queued. */
    RECONNECTING,
    /** Closed by {@link SignalingClient#close()}, refused by the server, or reconnection gave up. Final. */
    CLOSED
}

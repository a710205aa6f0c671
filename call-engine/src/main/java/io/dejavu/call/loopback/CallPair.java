package io.dejavu.call.loopback;

import io.dejavu.call.Call;

/** The two ends of a loopback call; closing it closes both. */
public record CallPair(Call caller, Call callee, AutoCloseable link) implements AutoCloseable {
    @Override
    public void close() {
        caller.close();
        callee.close();
        try {
            link.close();
        } catch (Exception e) {
            throw new IllegalStateException("closing loopback signaling failed: " + e.getMessage(), e);
        }
    }
}

package io.dejavu.call;

/**
 * How a {@link Call} reaches its peer: implementations forward each signal to the other end (over
 * the signaling server, or directly in-process for loopback) and must not block for long; the
 * engine calls {@link #send} from its own call thread, never from a libwebrtc thread.
 */
@FunctionalInterface
public interface SignalingChannel {
    void send(CallSignal signal);
}

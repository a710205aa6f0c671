package io.dejavu.signaling;

import static org.junit.jupiter.api.Assertions.fail;

import io.dejavu.protocol.signaling.SignalMessage;
import io.dejavu.protocol.signaling.SignalingCodec;
import io.dejavu.protocol.signaling.SignalingProtocolException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A bare WebSocket with no heartbeats or protocol logic, to send what a well-behaved client never would and to
 * play dead.
 */
final class RawSocket implements AutoCloseable {
    private final LinkedBlockingQueue<String> texts = new LinkedBlockingQueue<>();
    final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private final WebSocket ws;
    private final StringBuilder partial = new StringBuilder();

    RawSocket(HttpClient http, URI uri) throws Exception {
        ws = http.newWebSocketBuilder()
                .buildAsync(uri, new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                        partial.append(data);
                        if (last) {
                            texts.add(partial.toString());
                            partial.setLength(0);
                        }
                        webSocket.request(1);
                        return null;
                    }

                    @Override
                    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
                        closed.complete(statusCode);
                        return null;
                    }

                    @Override
                    public void onError(WebSocket webSocket, Throwable error) {
                        closed.complete(-1);
                    }
                })
                .get(5, TimeUnit.SECONDS);
    }

    void sendText(String text) throws Exception {
        ws.sendText(text, true).get(5, TimeUnit.SECONDS);
    }

    void send(SignalMessage message) throws Exception {
        sendText(SignalingCodec.encode(message));
    }

    void sendBinary(byte[] bytes) throws Exception {
        ws.sendBinary(ByteBuffer.wrap(bytes), true).get(5, TimeUnit.SECONDS);
    }

    /** The next message of {@code type}, skipping others. */
    <T extends SignalMessage> T next(Class<T> type) {
        return next(type, Duration.ofSeconds(5));
    }

    <T extends SignalMessage> T next(Class<T> type, Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        List<String> skipped = new ArrayList<>();
        try {
            while (true) {
                long left = deadline - System.nanoTime();
                String text = left <= 0 ? null : texts.poll(left, TimeUnit.NANOSECONDS);
                if (text == null) {
                    fail("no " + type.getSimpleName() + " within " + wait + "; skipped " + skipped);
                }
                SignalMessage m = SignalingCodec.decode(text);
                if (type.isInstance(m)) {
                    return type.cast(m);
                }
                skipped.add(text);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        } catch (SignalingProtocolException e) {
            throw new AssertionError("server sent something we cannot read: " + e.getMessage(), e);
        }
    }

    int awaitClose(Duration wait) throws Exception {
        return closed.get(wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Says goodbye with a close frame carrying {@code code}, like a client that leaves on purpose. */
    void close(int code) throws Exception {
        ws.sendClose(code, "bye").get(5, TimeUnit.SECONDS);
    }

    /** Drops the TCP connection without a close frame, like a crashed peer. */
    void kill() {
        ws.abort();
    }

    @Override
    public void close() {
        ws.abort();
    }
}

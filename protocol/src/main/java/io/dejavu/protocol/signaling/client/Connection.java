package io.dejavu.protocol.signaling.client;

import io.dejavu.protocol.signaling.SignalMessage.Hello;
import io.dejavu.protocol.signaling.SignalMessage.Welcome;
import io.dejavu.protocol.signaling.SignalingCodec;
import java.net.URI;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One WebSocket of a client: says hello once open, reassembles text frames, and sends without blocking. A
 * reconnection makes a new one; the owner ignores events of old ones by comparing identities.
 */
final class Connection implements WebSocket.Listener {
    private static final Logger LOG = LoggerFactory.getLogger(Connection.class);

    /** What the connection reports; called on the JDK's socket threads. */
    interface Owner {
        void received(Connection c, String text);

        void lost(Connection c, String why);
    }

    final CompletableFuture<Welcome> welcome = new CompletableFuture<>();
    volatile long lastReceivedNanos = System.nanoTime();
    /** Set when the server closed with 1001: it is going away, so a reconnect should go elsewhere. */
    volatile boolean serverGoingAway;

    private final URI uri;
    private final Hello hello;
    private final Owner owner;
    private volatile WebSocket socket;
    // Touched only by onText, which the JDK calls one frame at a time (we request one at a time).
    private final StringBuilder partial = new StringBuilder();
    private boolean discarding;
    private final Object sendLock = new Object();
    private CompletableFuture<?> sendTail = CompletableFuture.completedFuture(null); // guarded by sendLock

    Connection(URI uri, Hello hello, Owner owner) {
        this.uri = uri;
        this.hello = hello;
        this.owner = owner;
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        socket = webSocket;
        send(SignalingCodec.encode(hello));
        webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        if (!discarding) {
            partial.append(data);
            if (partial.length() > SignalingCodec.MAX_MESSAGE_CHARS) {
                LOG.warn("dropping an oversized message from {}", uri);
                partial.setLength(0);
                discarding = true;
            }
        }
        if (last) {
            if (!discarding) {
                String text = partial.toString();
                partial.setLength(0);
                owner.received(this, text);
            }
            discarding = false;
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        serverGoingAway = statusCode == 1001;
        if (!welcome.isDone()) {
            welcome.completeExceptionally(new SignalingException(
                    "server closed the connection (" + statusCode + " " + reason + ")", null, null));
        }
        owner.lost(this, "closed by server: " + statusCode + " " + reason);
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        if (!welcome.isDone()) {
            welcome.completeExceptionally(error);
        }
        owner.lost(this, describe(error));
    }

    void send(String text) {
        WebSocket ws = socket;
        if (ws == null) {
            return;
        }
        // The JDK WebSocket allows one outstanding send; chain them so callers never block.
        synchronized (sendLock) {
            sendTail = sendTail.handle((r, e) -> null)
                    .thenCompose(ignored -> ws.sendText(text, true))
                    .whenComplete((r, e) -> {
                        if (e != null) {
                            // The JDK socket may not report a reset peer until a write fails.
                            owner.lost(this, "send failed: " + describe(e));
                        }
                    });
        }
    }

    void closeNormally() {
        WebSocket ws = socket;
        if (ws == null) {
            return;
        }
        CompletableFuture<?> done;
        synchronized (sendLock) {
            done = sendTail.handle((r, e) -> null)
                    .thenCompose(ignored -> ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye"));
            sendTail = done;
        }
        try {
            done.get(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.debug("close to {} did not complete: {}", uri, describe(e));
        }
        ws.abort();
    }

    void abort() {
        WebSocket ws = socket;
        if (ws != null) {
            ws.abort();
        }
    }

    /** The root cause in one line, for logs and exception messages. */
    static String describe(Throwable t) {
        if (t == null) {
            return "unknown error";
        }
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
    }
}

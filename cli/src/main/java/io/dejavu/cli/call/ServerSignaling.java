package io.dejavu.cli.call;

import io.dejavu.call.CallOptions;
import io.dejavu.call.MediaException;
import io.dejavu.call.MediaRuntime;
import io.dejavu.call.loopback.CallPair;
import io.dejavu.call.loopback.LoopbackSignaling;
import io.dejavu.call.signaling.CallHandle;
import io.dejavu.call.signaling.SignalingCalls;
import io.dejavu.protocol.signaling.SignalMessage;
import io.dejavu.protocol.signaling.client.SignalingClient;
import io.dejavu.protocol.signaling.client.SignalingException;
import io.dejavu.protocol.signaling.client.SignalingListener;
import io.dejavu.protocol.ticket.TicketSigner;
import io.dejavu.signaling.SignalingServer;
import io.dejavu.signaling.SignalingServerException;
import io.dejavu.signaling.SignalingServerOptions;
import io.dejavu.signaling.UserStoreException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Loopback through a real signaling server: embeds a {@link SignalingServer} on a random loopback
 * port with a fresh user database, connects two users ({@code alice} calls {@code bob}) with real
 * {@link SignalingClient}s, and sets each call up by invite, accept, SDP and ICE over WebSockets.
 *
 * <pre>{@code
 * try (ServerSignaling signaling = ServerSignaling.start(Files.createTempDirectory("loopback"));
 *         CallPair pair = signaling.start(runtime, callerOptions, calleeOptions)) {
 *     pair.caller().awaitConnected(Duration.ofSeconds(10));
 * }
 * }</pre>
 */
public final class ServerSignaling implements LoopbackSignaling {
    private final SignalingServer server;
    private final SignalingClient alice;
    private final SignalingClient bob;
    private final SignalingCalls aliceCalls;
    private final SignalingCalls bobCalls;
    private final AtomicReference<CallOptions> calleeOptions = new AtomicReference<>();
    private final AtomicReference<CompletableFuture<CallHandle>> incoming = new AtomicReference<>();

    private ServerSignaling(MediaRuntime runtime, SignalingServer server, SignalingClient alice, SignalingClient bob) {
        this.server = server;
        this.alice = alice;
        this.bob = bob;
        this.aliceCalls = new SignalingCalls(runtime, alice);
        this.bobCalls = new SignalingCalls(runtime, bob);
        bob.addListener(new SignalingListener() {
            @Override
            public void onInvite(SignalMessage.Invite invite) {
                CompletableFuture<CallHandle> target = incoming.get();
                try {
                    target.complete(bobCalls.accept(invite, calleeOptions.get()));
                } catch (MediaException | RuntimeException e) {
                    target.completeExceptionally(e);
                }
            }
        });
    }

    /**
     * Starts the server (database in {@code workDir}) and connects both users.
     *
     * @throws MediaException wrapping any server or client start-up failure, with its message
     */
    public static ServerSignaling start(MediaRuntime runtime, Path workDir) throws MediaException {
        SignalingServer server = null;
        SignalingClient alice = null;
        SignalingClient bob = null;
        try {
            Files.createDirectories(workDir);
            byte[] secret = new byte[32];
            new SecureRandom().nextBytes(secret);
            server = new SignalingServer(
                    SignalingServerOptions.builder(workDir.resolve("loopback-users.db"), new TicketSigner(secret))
                            .port(0)
                            .build());
            server.start();
            alice = SignalingClient.builder(server.uri(), server.users().addUser("alice"))
                    .clientName("dejavu-loopback")
                    .build();
            alice.connect();
            bob = SignalingClient.builder(server.uri(), server.users().addUser("bob"))
                    .clientName("dejavu-loopback")
                    .build();
            bob.connect();
            return new ServerSignaling(runtime, server, alice, bob);
        } catch (IOException | SignalingServerException | UserStoreException | SignalingException e) {
            closeQuietly(bob);
            closeQuietly(alice);
            closeQuietly(server);
            throw new MediaException("cannot start loopback signaling: " + e.getMessage(), e);
        }
    }

    /** The embedded server (tests inspect it). */
    public SignalingServer server() {
        return server;
    }

    /** The callee's signaling client (tests cut it to simulate a dying peer). */
    public SignalingClient calleeClient() {
        return bob;
    }

    @Override
    public synchronized CallPair start(MediaRuntime runtime, CallOptions caller, CallOptions callee)
            throws MediaException {
        CompletableFuture<CallHandle> callee0 = new CompletableFuture<>();
        calleeOptions.set(callee);
        incoming.set(callee0);
        try {
            CallHandle out = aliceCalls.invite("bob", caller).get(10, TimeUnit.SECONDS);
            CallHandle in = callee0.get(10, TimeUnit.SECONDS);
            return new CallPair(out.call(), in.call(), () -> {});
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof MediaException m) {
                throw m;
            }
            throw new MediaException("loopback call was not set up: " + cause.getMessage(), cause);
        } catch (TimeoutException e) {
            throw new MediaException("loopback call was not set up within 10 s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MediaException("interrupted while setting up the loopback call", e);
        }
    }

    @Override
    public void close() {
        aliceCalls.close();
        bobCalls.close();
        closeQuietly(alice);
        closeQuietly(bob);
        closeQuietly(server);
    }

    private static void closeQuietly(AutoCloseable c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (Exception e) {
            // Shutting down; the first failure was already reported.
        }
    }
}

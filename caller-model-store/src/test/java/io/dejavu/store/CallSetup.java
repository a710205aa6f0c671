package io.dejavu.store;

import io.dejavu.protocol.signaling.SignalMessage;
import io.dejavu.protocol.signaling.client.SignalingClient;
import io.dejavu.protocol.signaling.client.SignalingListener;
import io.dejavu.signaling.SignalingServer;
import io.dejavu.signaling.SignalingServerOptions;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A real signaling server sharing {@link StoreFixture#SECRET}, with Alice and Bob signed in; {@link
 * #call()} sets up a call and returns Bob's ticket for Alice's model.
 */
final class CallSetup implements AutoCloseable {
    final SignalingServer signaling;
    final SignalingClient alice;
    final SignalingClient bob;
    /** Alice's and Bob's own signaling tokens (they ask signaling for publish credentials with them). */
    final String aliceToken;

    final String bobToken;
    private volatile CompletableFuture<SignalMessage.CallAccepted> bobAccepted = new CompletableFuture<>();
    private volatile CompletableFuture<SignalMessage.CallEnded> aliceEnded = new CompletableFuture<>();
    private volatile CompletableFuture<SignalMessage.CallEnded> bobEnded = new CompletableFuture<>();

    CallSetup() throws Exception {
        Path db = StoreFixture.newDir("signaling").resolve("users.db");
        signaling = new SignalingServer(
                SignalingServerOptions.builder(db, StoreFixture.SIGNER).build());
        signaling.start();
        aliceToken = signaling.users().addUser("alice");
        bobToken = signaling.users().addUser("bob");
        alice = SignalingClient.builder(signaling.uri(), aliceToken)
                .listener(new SignalingListener() {
                    @Override
                    public void onCallEnded(SignalMessage.CallEnded ended) {
                        aliceEnded.complete(ended);
                    }
                })
                .build();
        bob = SignalingClient.builder(signaling.uri(), bobToken)
                .listener(new SignalingListener() {
                    @Override
                    public void onInvite(SignalMessage.Invite invite) {
                        bob.accept(invite.callId());
                    }

                    @Override
                    public void onCallAccepted(SignalMessage.CallAccepted accepted) {
                        bobAccepted.complete(accepted);
                    }

                    @Override
                    public void onCallEnded(SignalMessage.CallEnded ended) {
                        bobEnded.complete(ended);
                    }
                })
                .build();
        alice.connect();
        bob.connect();
    }

    /** The signaling server's HTTP base, for {@code StoreConfig.signaling}. */
    URI httpBase() {
        return URI.create("http://127.0.0.1:" + signaling.uri().getPort());
    }

    /** Alice calls Bob, Bob accepts; Bob's acceptance, with his ticket for Alice's model. */
    SignalMessage.CallAccepted call() throws Exception {
        bobAccepted = new CompletableFuture<>();
        aliceEnded = new CompletableFuture<>();
        bobEnded = new CompletableFuture<>();
        alice.invite("bob");
        return bobAccepted.get(10, TimeUnit.SECONDS);
    }

    /** Waits until the server has told Bob the call ended (so it has ended it). */
    SignalMessage.CallEnded bobHeardEnd() throws Exception {
        return bobEnded.get(10, TimeUnit.SECONDS);
    }

    /** Waits until the server has told Alice the call ended. */
    SignalMessage.CallEnded aliceHeardEnd() throws Exception {
        return aliceEnded.get(10, TimeUnit.SECONDS);
    }

    static Duration patience() {
        return Duration.ofSeconds(10);
    }

    @Override
    public void close() {
        alice.close();
        bob.close();
        signaling.close();
    }
}

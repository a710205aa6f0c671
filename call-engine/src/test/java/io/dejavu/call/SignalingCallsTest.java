package io.dejavu.call;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.dejavu.call.signaling.CallRefusedException;
import io.dejavu.call.signaling.SignalingCalls;
import io.dejavu.protocol.signaling.EndReason;
import io.dejavu.protocol.signaling.SignalMessage;
import io.dejavu.protocol.signaling.client.SignalingClient;
import io.dejavu.protocol.signaling.client.SignalingListener;
import io.dejavu.protocol.ticket.TicketSigner;
import io.dejavu.signaling.SignalingServer;
import io.dejavu.signaling.SignalingServerOptions;
import io.dejavu.testing.SampleFootage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Invites that do not become calls, through a real server: the caller learns why and no media starts. */
@ExtendWith(SharedRuntime.class)
class SignalingCallsTest {
    private final MediaRuntime runtime;
    private SignalingServer server;
    private SignalingClient alice;
    private SignalingCalls calls;

    SignalingCallsTest(MediaRuntime runtime) {
        this.runtime = runtime;
    }

    @BeforeEach
    void start() throws Exception {
        server = new SignalingServer(SignalingServerOptions.builder(
                        SampleFootage.tempDir("calls").resolve("users.db"),
                        TicketSigner.fromText("call-engine test secret, shared with nobody"))
                .port(0)
                .build());
        server.start();
        alice = SignalingClient.builder(server.uri(), server.users().addUser("alice"))
                .build();
        alice.connect();
        calls = new SignalingCalls(runtime, alice);
    }

    @AfterEach
    void stop() {
        if (calls != null) {
            calls.close();
        }
        if (alice != null) {
            alice.close();
        }
        if (server != null) {
            server.close();
        }
        assertEquals(0, runtime.openCalls());
    }

    private static CallRefusedException refusal(java.util.concurrent.CompletableFuture<?> future) {
        ExecutionException e = assertThrows(ExecutionException.class, () -> future.get(5, TimeUnit.SECONDS));
        return assertInstanceOf(CallRefusedException.class, e.getCause());
    }

    @Test
    void invitingAnOfflineUserFailsAsOffline() throws Exception {
        server.users().addUser("carol");
        CallRefusedException e =
                refusal(calls.invite("carol", CallOptions.builder().build()));
        assertEquals(EndReason.OFFLINE, e.reason());
    }

    @Test
    void cancellingARingingInviteWithdrawsIt() throws Exception {
        java.util.concurrent.CompletableFuture<EndReason> bobSaw = new java.util.concurrent.CompletableFuture<>();
        java.util.concurrent.CountDownLatch ringing = new java.util.concurrent.CountDownLatch(1);
        try (SignalingClient bob = SignalingClient.builder(
                        server.uri(), server.users().addUser("bob"))
                .build()) {
            bob.addListener(new SignalingListener() {
                @Override
                public void onInvite(SignalMessage.Invite invite) {
                    ringing.countDown();
                }

                @Override
                public void onCallEnded(SignalMessage.CallEnded ended) {
                    bobSaw.complete(ended.reason());
                }
            });
            bob.connect();
            java.util.concurrent.CompletableFuture<?> call =
                    calls.invite("bob", CallOptions.builder().build());
            org.junit.jupiter.api.Assertions.assertTrue(ringing.await(5, TimeUnit.SECONDS), "bob was never invited");
            call.cancel(false);
            assertEquals(EndReason.CANCELLED, bobSaw.get(5, TimeUnit.SECONDS));
        }
    }

    @Test
    void rejectedInviteFailsAsRejected() throws Exception {
        try (SignalingClient bob = SignalingClient.builder(
                        server.uri(), server.users().addUser("bob"))
                .build()) {
            bob.addListener(new SignalingListener() {
                @Override
                public void onInvite(SignalMessage.Invite invite) {
                    bob.reject(invite.callId());
                }
            });
            bob.connect();
            CallRefusedException e =
                    refusal(calls.invite("bob", CallOptions.builder().build()));
            assertEquals(EndReason.REJECTED, e.reason());
        }
    }
}

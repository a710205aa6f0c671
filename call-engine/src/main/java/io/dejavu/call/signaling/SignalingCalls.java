package io.dejavu.call.signaling;

import io.dejavu.call.Call;
import io.dejavu.call.CallOptions;
import io.dejavu.call.CallSignal;
import io.dejavu.call.MediaException;
import io.dejavu.call.MediaRuntime;
import io.dejavu.protocol.signaling.EndReason;
import io.dejavu.protocol.signaling.SignalMessage;
import io.dejavu.protocol.signaling.client.SignalingClient;
import io.dejavu.protocol.signaling.client.SignalingListener;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs {@link Call}s over a connected {@link SignalingClient}: places and accepts calls, relays SDP
 * and ICE through the server, and ends the media when the server says the call is over (hang-up,
 * peer lost). The ICE servers the server hands out are used unless the options name their own.
 *
 * <pre>{@code
 * SignalingClient client = SignalingClient.builder(uri, token).build();
 * client.connect();
 * try (SignalingCalls calls = new SignalingCalls(runtime, client)) {
 *     // caller
 *     CallHandle handle = calls.invite("bob", options).get(30, TimeUnit.SECONDS);
 *     handle.call().awaitConnected(Duration.ofSeconds(10));
 *     // callee, from a SignalingListener.onInvite(invite):
 *     CallHandle incoming = calls.accept(invite, options);
 *     String ticket = incoming.accepted().get().ticket();   // for the model store, with client.ticketKey()
 *     ...
 *     handle.call().close();                                // hangs up through the server
 * }
 * }</pre>
 */
public final class SignalingCalls implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SignalingCalls.class);

    private record Pending(String user, CallOptions options, CompletableFuture<CallHandle> result) {}

    private record Active(CallHandle handle) {}

    private final MediaRuntime runtime;
    private final SignalingClient client;
    private final Map<String, Pending> invites = new ConcurrentHashMap<>();
    private final Map<String, Active> active = new ConcurrentHashMap<>();
    private final Listener listener = new Listener();
    private final Object inviteLock = new Object();
    private volatile boolean closed;

    public SignalingCalls(MediaRuntime runtime, SignalingClient client) {
        this.runtime = runtime;
        this.client = client;
        client.addListener(listener);
    }

    /**
     * Invites {@code user}; completes when they accept and the media engine has started (it connects
     * shortly after), or fails with {@link CallRefusedException} (rejected, busy, offline, no answer)
     * or {@link MediaException} (our video source could not open). Cancelling the future while it
     * rings withdraws the invite.
     */
    public CompletableFuture<CallHandle> invite(String user, CallOptions options) {
        ensureOpen();
        CompletableFuture<CallHandle> result = new CompletableFuture<>();
        String callId;
        // The answer may arrive before invite() returns; the listener waits for this entry.
        synchronized (inviteLock) {
            callId = client.invite(user);
            invites.put(callId, new Pending(user, options, result));
        }
        result.whenComplete((handle, error) -> {
            if (error instanceof java.util.concurrent.CancellationException && takeInvite(callId) != null) {
                client.cancel(callId);
            }
        });
        return result;
    }

    /**
     * Accepts an incoming invite and starts the media engine as callee.
     *
     * @throws MediaException if our video source cannot open (the invite is then rejected)
     */
    public CallHandle accept(SignalMessage.Invite invite, CallOptions options) throws MediaException {
        ensureOpen();
        String callId = invite.callId();
        CompletableFuture<SignalMessage.CallAccepted> accepted = new CompletableFuture<>();
        Call call;
        try {
            call = Call.start(runtime, Call.Role.CALLEE, withIceServers(options), channel(callId));
        } catch (MediaException | RuntimeException e) {
            client.reject(callId);
            throw e;
        }
        CallHandle handle = new CallHandle(callId, invite.from(), call, accepted);
        track(handle);
        client.accept(callId);
        return handle;
    }

    /** Declines an incoming invite. */
    public void reject(SignalMessage.Invite invite) {
        client.reject(invite.callId());
    }

    /** Calls in progress through this client. */
    public List<CallHandle> calls() {
        return active.values().stream().map(Active::handle).toList();
    }

    private void track(CallHandle handle) {
        active.put(handle.callId(), new Active(handle));
        handle.call().ended().whenComplete((reason, error) -> active.remove(handle.callId()));
    }

    private CallOptions withIceServers(CallOptions options) {
        if (!options.iceServers().isEmpty()) {
            return options;
        }
        return client.welcome()
                .map(w -> options.toBuilder().iceServers(w.iceServers()).build())
                .orElse(options);
    }

    private io.dejavu.call.SignalingChannel channel(String callId) {
        return signal -> {
            if (client.state() == io.dejavu.protocol.signaling.client.ConnectionState.CLOSED) {
                return;
            }
            if (signal instanceof CallSignal.Offer o) {
                client.sendOffer(callId, o.sdp());
            } else if (signal instanceof CallSignal.Answer a) {
                client.sendAnswer(callId, a.sdp());
            } else if (signal instanceof CallSignal.Candidate c) {
                client.sendIceCandidate(callId, c.sdpMid(), c.sdpMLineIndex(), c.candidate());
            } else if (signal instanceof CallSignal.HangUp) {
                if (client.calls().contains(callId)) {
                    client.hangUp(callId);
                }
            }
        };
    }

    private Pending takeInvite(String callId) {
        synchronized (inviteLock) {
            return invites.remove(callId);
        }
    }

    private Call callOf(String callId) {
        Active a = active.get(callId);
        return a == null ? null : a.handle().call();
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("SignalingCalls is closed");
        }
    }

    /** Hangs up every call it runs and stops listening to the client (the client stays open). */
    @Override
    public void close() {
        closed = true;
        client.removeListener(listener);
        for (Active a : List.copyOf(active.values())) {
            a.handle().call().close();
        }
        for (Pending p : List.copyOf(invites.values())) {
            p.result().cancel(false);
        }
        invites.clear();
    }

    // Runs on the signaling client's event thread.
    private final class Listener implements SignalingListener {
        @Override
        public void onCallAccepted(SignalMessage.CallAccepted accepted) {
            Pending pending = takeInvite(accepted.callId());
            if (pending != null && accepted.caller()) {
                try {
                    Call call = Call.start(
                            runtime, Call.Role.CALLER, withIceServers(pending.options()), channel(accepted.callId()));
                    CallHandle handle = new CallHandle(
                            accepted.callId(), accepted.peer(), call, CompletableFuture.completedFuture(accepted));
                    track(handle);
                    pending.result().complete(handle);
                } catch (MediaException | RuntimeException e) {
                    client.hangUp(accepted.callId());
                    pending.result().completeExceptionally(e);
                }
                return;
            }
            Active a = active.get(accepted.callId());
            if (a != null) {
                a.handle().accepted().complete(accepted);
            }
        }

        @Override
        public void onCallEnded(SignalMessage.CallEnded ended) {
            Pending pending = takeInvite(ended.callId());
            if (pending != null) {
                pending.result().completeExceptionally(new CallRefusedException(pending.user(), ended.reason()));
                return;
            }
            Call call = callOf(ended.callId());
            if (call != null) {
                boolean lost = ended.reason() == EndReason.PEER_LOST || ended.reason() == EndReason.CONNECTION_LOST;
                call.deliver(new CallSignal.HangUp(lost ? CallSignal.HangUp.PEER_LOST : "hung_up"));
                Active a = active.get(ended.callId());
                if (a != null) {
                    a.handle()
                            .accepted()
                            .completeExceptionally(
                                    new CallRefusedException(a.handle().peer(), ended.reason()));
                }
            }
        }

        @Override
        public void onOffer(SignalMessage.Offer offer) {
            Call call = callOf(offer.callId());
            if (call != null) {
                call.deliver(new CallSignal.Offer(offer.sdp()));
            }
        }

        @Override
        public void onAnswer(SignalMessage.Answer answer) {
            Call call = callOf(answer.callId());
            if (call != null) {
                call.deliver(new CallSignal.Answer(answer.sdp()));
            }
        }

        @Override
        public void onIceCandidate(SignalMessage.IceCandidate candidate) {
            Call call = callOf(candidate.callId());
            if (call != null) {
                call.deliver(
                        new CallSignal.Candidate(candidate.sdpMid(), candidate.sdpMLineIndex(), candidate.candidate()));
            }
        }

        @Override
        public void onError(SignalMessage.ErrorMessage error) {
            // A hang-up crossing the server's own end of the call is expected, not a problem.
            if (error.code() == io.dejavu.protocol.signaling.ErrorCode.UNKNOWN_CALL) {
                LOG.debug("signaling: {} ({})", error.message(), error.ref());
            } else {
                LOG.warn("signaling error {}: {} ({})", error.code(), error.message(), error.ref());
            }
        }
    }
}

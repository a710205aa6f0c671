package io.dejavu.app.services;

import io.dejavu.app.common.NamedThreads;
import io.dejavu.app.session.CallOptions;
import io.dejavu.app.session.Contact;
import io.dejavu.app.session.LearningAccount;
import io.dejavu.app.session.LearningOpener;
import io.dejavu.app.session.Session;
import io.dejavu.app.session.SessionEvent;
import io.dejavu.app.session.SessionEvent.EndReason;
import io.dejavu.app.session.UserLearning;
import io.dejavu.call.Call;
import io.dejavu.call.CallListener;
import io.dejavu.call.CallSignal;
import io.dejavu.call.CallState;
import io.dejavu.call.MediaException;
import io.dejavu.call.MediaRuntime;
import io.dejavu.call.VideoSourceSpec;
import io.dejavu.protocol.signaling.IceServer;
import io.dejavu.protocol.signaling.SignalMessage;
import io.dejavu.protocol.signaling.client.ConnectionState;
import io.dejavu.protocol.signaling.client.SignalingClient;
import io.dejavu.protocol.signaling.client.SignalingListener;
import io.dejavu.protocol.ticket.HeldTicket;
import io.dejavu.protocol.video.FrameSize;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One signed-in user: the signaling client's events and the app's requests are serialised on one
 * worker thread, which owns the call bookkeeping and starts and ends the call engine's calls.
 * Nothing here blocks the caller; the app's events go out through the listener.
 */
final class SignalingSession implements Session, SignalingListener {
    private static final Logger log = LoggerFactory.getLogger(SignalingSession.class);
    /** Size asked of a camera; files keep their own size. */
    private static final FrameSize CAMERA_SIZE = new FrameSize(640, 360);
    /** What is sent when there is no camera: a light test pattern, so the call still works. */
    private static final VideoSourceSpec NO_CAMERA = VideoSourceSpec.synthetic(new FrameSize(320, 180), 15);

    private final String user;
    private final URI server;
    private final String token;
    private final Supplier<MediaRuntime> runtime;
    private final LearningOpener learningOpener;
    private final ExecutorService worker;
    /** Unavailable until {@link #openLearning}; calls read it on the worker thread. */
    private volatile UserLearning learning = UserLearning.unavailable("");

    private boolean learningOpened; // guarded by this
    private volatile Consumer<SessionEvent> listener = e -> {};
    private volatile boolean closing;
    private volatile SignalingClient client;

    // Worker thread only.
    private final Map<String, CallContext> calls = new HashMap<>();
    private final Map<String, Contact.Presence> presence = new TreeMap<>();
    private List<IceServer> iceServers = List.of();
    private List<String> blocked = List.of();

    SignalingSession(String user, URI server, String token, Supplier<MediaRuntime> runtime, LearningOpener learning) {
        this.user = user;
        this.server = server;
        this.token = token;
        this.runtime = runtime;
        this.learningOpener = learning;
        this.worker = Executors.newSingleThreadExecutor(new NamedThreads("dejavu-session-" + user));
    }

    /** After a successful connect: keep the client and what the welcome said. */
    void connected(SignalingClient c, SignalMessage.Welcome welcome) {
        this.client = c;
        post(() -> welcome(welcome));
    }

    /** Sign-in failed: stop the worker. */
    void abandon() {
        closing = true;
        worker.shutdownNow();
    }

    @Override
    public String user() {
        return user;
    }

    @Override
    public void setListener(Consumer<SessionEvent> l) {
        listener = l;
        post(this::publishPresence); // the welcome's list came before anyone listened
        post(() -> emit(new SessionEvent.BlockListChanged(blocked)));
    }

    @Override
    public void dial(String callee, CallOptions options) {
        post(() -> {
            try {
                String id = client.invite(callee);
                calls.put(id, new CallContext(id, callee, true, options));
            } catch (IllegalStateException e) {
                emit(new SessionEvent.Ended("", EndReason.FAILED, "not connected to the signaling server"));
            }
        });
    }

    @Override
    public void accept(String callId, CallOptions options) {
        post(() -> {
            CallContext ctx = calls.get(callId);
            if (ctx == null) {
                emit(new SessionEvent.Ended(callId, EndReason.CANCELLED, ""));
                return;
            }
            ctx.options = options;
            client.accept(callId);
        });
    }

    @Override
    public void reject(String callId) {
        post(() -> {
            calls.remove(callId);
            client.reject(callId);
        });
    }

    @Override
    public void busy(String callId) {
        post(() -> {
            calls.remove(callId);
            client.busy(callId);
        });
    }

    @Override
    public void block(String other) {
        post(() -> {
            // The server ends what rings or runs with them; the other side hears it, we do not.
            for (CallContext ctx : List.copyOf(calls.values())) {
                if (ctx.peer.equals(other)) {
                    calls.remove(ctx.id);
                    ctx.ended = true;
                    ctx.closeMedia();
                }
            }
            client.block(other);
        });
    }

    @Override
    public void unblock(String other) {
        post(() -> client.unblock(other));
    }

    @Override
    public void hangUp(String callId) {
        post(() -> {
            CallContext ctx = calls.remove(callId);
            if (ctx == null) {
                return;
            }
            ctx.ended = true;
            if (ctx.outgoing && !ctx.accepted) {
                client.cancel(callId);
            } else {
                client.hangUp(callId);
            }
            ctx.closeMedia();
        });
    }

    @Override
    public synchronized UserLearning openLearning(String storeUrl) throws IOException {
        if (closing) {
            throw new IllegalStateException("the session of " + user + " is closed");
        }
        if (!learningOpened) {
            learning = learningOpener.open(new LearningAccount(user, server, token, client.ticketKey(), storeUrl));
            learningOpened = true;
        }
        return learning;
    }

    @Override
    public void close() {
        if (closing) {
            return;
        }
        closing = true;
        try {
            worker.execute(() -> {
                for (CallContext ctx : List.copyOf(calls.values())) {
                    ctx.ended = true;
                    ctx.closeMedia();
                }
                calls.clear();
                SignalingClient c = client;
                if (c != null) {
                    c.close();
                }
                closeLearning();
            });
        } catch (RejectedExecutionException e) {
            return;
        }
        worker.shutdown();
    }

    /** After the calls have ended (they tell learning so): stops a run and frees its thread. */
    private void closeLearning() {
        UserLearning l;
        synchronized (this) {
            l = learning;
        }
        try {
            l.close();
        } catch (RuntimeException e) {
            log.warn("Closing the learning of {} failed", user, e);
        }
    }

    // ---------------------------------------------------------------- signaling events (client thread)

    @Override
    public void onConnectionState(ConnectionState state) {
        if (state == ConnectionState.RECONNECTING) {
            post(() -> emit(new SessionEvent.Reconnecting(true)));
        } else if (state == ConnectionState.CONNECTED) {
            post(() -> emit(new SessionEvent.Reconnecting(false)));
        } else if (state == ConnectionState.CLOSED && !closing) {
            post(() -> {
                for (CallContext ctx : List.copyOf(calls.values())) {
                    endCall(ctx, EndReason.FAILED, "the connection to the server was lost");
                }
                emit(new SessionEvent.Disconnected("The connection to the signaling server was lost."));
            });
        }
    }

    @Override
    public void onWelcome(SignalMessage.Welcome welcome) {
        post(() -> welcome(welcome));
    }

    @Override
    public void onPresence(SignalMessage.Presence p) {
        post(() -> {
            p.online().forEach(u -> presence.put(u, Contact.Presence.ONLINE));
            p.offline().forEach(u -> presence.put(u, Contact.Presence.OFFLINE));
            publishPresence();
        });
    }

    @Override
    public void onBlocked(SignalMessage.Blocked blocked) {
        post(() -> {
            this.blocked = blocked.users();
            emit(new SessionEvent.BlockListChanged(this.blocked));
        });
    }

    @Override
    public void onInvite(SignalMessage.Invite invite) {
        post(() -> {
            String from = invite.from() == null ? "someone" : invite.from();
            calls.put(invite.callId(), new CallContext(invite.callId(), from, false, null));
            emit(new SessionEvent.IncomingCall(invite.callId(), from));
        });
    }

    @Override
    public void onRinging(SignalMessage.Ringing ringing) {
        post(() -> {
            if (calls.containsKey(ringing.callId())) {
                emit(new SessionEvent.Ringing(ringing.callId(), ringing.to()));
            }
        });
    }

    @Override
    public void onCallAccepted(SignalMessage.CallAccepted accepted) {
        post(() -> startMedia(accepted));
    }

    @Override
    public void onCallEnded(SignalMessage.CallEnded ended) {
        post(() -> {
            CallContext ctx = calls.get(ended.callId());
            if (ctx == null) {
                return;
            }
            switch (ended.reason()) {
                case REJECTED -> endCall(ctx, EndReason.REJECTED, "");
                case BUSY -> endCall(ctx, EndReason.BUSY, "");
                case CANCELLED -> endCall(ctx, EndReason.CANCELLED, "");
                case HUNG_UP -> endCall(ctx, EndReason.HUNG_UP, "");
                case OFFLINE, NO_ANSWER -> endCall(ctx, EndReason.UNREACHABLE, "");
                case PEER_LOST -> endCall(ctx, EndReason.FAILED, "the connection to " + ctx.peer + " was lost");
                default -> endCall(ctx, EndReason.FAILED, "the server ended it (" + ended.reason() + ")");
            }
        });
    }

    @Override
    public void onOffer(SignalMessage.Offer offer) {
        post(() -> deliver(offer.callId(), new CallSignal.Offer(offer.sdp())));
    }

    @Override
    public void onAnswer(SignalMessage.Answer answer) {
        post(() -> deliver(answer.callId(), new CallSignal.Answer(answer.sdp())));
    }

    @Override
    public void onIceCandidate(SignalMessage.IceCandidate c) {
        post(() -> deliver(c.callId(), new CallSignal.Candidate(c.sdpMid(), c.sdpMLineIndex(), c.candidate())));
    }

    @Override
    public void onError(SignalMessage.ErrorMessage error) {
        log.warn(
                "Signaling server refused something from {}: {} {} ({})",
                user,
                error.code(),
                error.message(),
                error.ref());
        post(() -> {
            CallContext ctx = error.ref() == null ? null : calls.get(error.ref());
            if (ctx != null) {
                endCall(ctx, EndReason.FAILED, error.message());
            }
        });
    }

    // ---------------------------------------------------------------- worker thread

    private void welcome(SignalMessage.Welcome welcome) {
        iceServers = welcome.iceServers();
        welcome.online().forEach(u -> presence.put(u, Contact.Presence.ONLINE));
        publishPresence();
    }

    private void publishPresence() {
        List<Contact> contacts = new ArrayList<>();
        presence.forEach((name, p) -> {
            if (!name.equals(user)) {
                contacts.add(new Contact(name, p));
            }
        });
        emit(new SessionEvent.PresenceChanged(contacts));
    }

    private void startMedia(SignalMessage.CallAccepted accepted) {
        CallContext ctx = calls.get(accepted.callId());
        if (ctx == null || ctx.ended) {
            return;
        }
        ctx.accepted = true;
        // Bound to the key this client sent in its hello: only this process can use it at the store.
        ctx.ticket = new HeldTicket(accepted.ticket(), client.ticketKey());
        CallOptions options = ctx.options != null ? ctx.options : new CallOptions("", "", "", 300);
        io.dejavu.call.CallOptions engineOptions;
        try {
            engineOptions = engineOptions(options, iceServers);
        } catch (IllegalArgumentException e) {
            client.hangUp(ctx.id);
            endCall(ctx, EndReason.FAILED, e.getMessage());
            return;
        }
        try {
            useMicrophone(ctx, options.microphone());
            Call.Role role = accepted.caller() ? Call.Role.CALLER : Call.Role.CALLEE;
            Call call;
            try {
                call = Call.start(runtime.get(), role, engineOptions, signal -> toServer(ctx, signal));
            } catch (MediaException e) {
                if (!(engineOptions.video() instanceof VideoSourceSpec.Camera)) {
                    throw e;
                }
                log.info("No camera for call {} ({}); sending a test pattern", ctx.id, e.getMessage());
                ctx.notice = withNotice(ctx.notice, "No camera (" + e.getMessage() + "); sending a test pattern.");
                call = Call.start(
                        runtime.get(),
                        role,
                        engineOptions.toBuilder().video(NO_CAMERA).build(),
                        signal -> toServer(ctx, signal));
            }
            ctx.call = call;
            call.addListener(new CallListener() {
                @Override
                public void onStateChanged(CallState state, CallState.EndReason reason) {
                    post(() -> mediaState(ctx, state, reason));
                }
            });
            for (CallSignal s : ctx.pending) {
                call.deliver(s);
            }
            ctx.pending.clear();
        } catch (MediaException | RuntimeException e) {
            log.warn("Could not start the media of call {} with {}", ctx.id, ctx.peer, e);
            client.hangUp(ctx.id);
            endCall(ctx, EndReason.FAILED, "cannot start video: " + e.getMessage());
        }
    }

    /** Applies the chosen microphone; a missing one leaves the default and says so, the call goes on. */
    private void useMicrophone(CallContext ctx, String microphone) {
        if (microphone.isEmpty()) {
            return;
        }
        try {
            runtime.get().selectMicrophone(microphone);
        } catch (MediaException e) {
            log.info("Microphone '{}' not used for call {}: {}", microphone, ctx.id, e.getMessage());
            ctx.notice = withNotice(ctx.notice, "Microphone not used (" + e.getMessage() + ").");
        }
    }

    private static String withNotice(String notice, String more) {
        return notice == null || notice.isEmpty() ? more : notice + " " + more;
    }

    /** The engine's options for one call, with the STUN/TURN servers (and TURN credentials) of the last welcome. */
    static io.dejavu.call.CallOptions engineOptions(CallOptions options, List<IceServer> iceServers) {
        VideoSourceSpec video = options.videoFile().isEmpty()
                ? new VideoSourceSpec.Camera(
                        options.camera().isEmpty() ? Optional.empty() : Optional.of(options.camera()), CAMERA_SIZE, 30)
                : VideoSourceSpec.file(Path.of(options.videoFile()));
        return io.dejavu.call.CallOptions.builder()
                .video(video)
                .maxBitrateKbps(Math.max(30, Math.min(20_000, options.maxBitrateKbps())))
                .audio(true)
                .iceServers(iceServers)
                .build();
    }

    private void mediaState(CallContext ctx, CallState state, CallState.EndReason reason) {
        if (ctx.ended || calls.get(ctx.id) != ctx) {
            return;
        }
        if (state == CallState.CONNECTED && ctx.active == null) {
            ctx.active = new EngineActiveCall(
                    ctx.call, ctx.ticket, ctx.notice, "dejavu-preview-" + user, learning.learning());
            emit(new SessionEvent.Connected(ctx.id, ctx.peer, ctx.active));
        } else if (state == CallState.ENDED) {
            client.hangUp(ctx.id);
            String why =
                    switch (reason == null ? CallState.EndReason.FAILED : reason) {
                        case REMOTE_HANGUP -> "";
                        case PEER_LOST -> "no media from " + ctx.peer + " for too long";
                        case LOCAL_HANGUP -> "";
                        case FAILED -> "the media connection could not be set up";
                    };
            endCall(ctx, reason == CallState.EndReason.REMOTE_HANGUP ? EndReason.HUNG_UP : EndReason.FAILED, why);
        }
    }

    private void deliver(String callId, CallSignal signal) {
        CallContext ctx = calls.get(callId);
        if (ctx == null) {
            return;
        }
        if (ctx.call == null) {
            ctx.pending.add(signal);
        } else {
            ctx.call.deliver(signal);
        }
    }

    /** On the call's event thread: the engine's SDP and candidates go to the peer through the server. */
    private void toServer(CallContext ctx, CallSignal signal) {
        SignalingClient c = client;
        try {
            if (signal instanceof CallSignal.Offer o) {
                c.sendOffer(ctx.id, o.sdp());
            } else if (signal instanceof CallSignal.Answer a) {
                c.sendAnswer(ctx.id, a.sdp());
            } else if (signal instanceof CallSignal.Candidate k) {
                c.sendIceCandidate(ctx.id, k.sdpMid(), k.sdpMLineIndex(), k.candidate());
            }
            // Hang-ups go through the signaling server's own messages (see hangUp and mediaState).
        } catch (IllegalStateException e) {
            log.debug("Signal for call {} not sent: {}", ctx.id, e.getMessage());
        }
    }

    private void endCall(CallContext ctx, EndReason kind, String reason) {
        calls.remove(ctx.id);
        if (ctx.ended) {
            return;
        }
        ctx.ended = true;
        ctx.closeMedia();
        emit(new SessionEvent.Ended(ctx.id, kind, reason));
    }

    private void emit(SessionEvent event) {
        try {
            listener.accept(event);
        } catch (RuntimeException e) {
            log.error("Session listener failed on {}", event.getClass().getSimpleName(), e);
        }
    }

    private void post(Runnable task) {
        if (closing && worker.isShutdown()) {
            return;
        }
        try {
            worker.execute(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    log.error("Session task of {} failed", user, e);
                }
            });
        } catch (RejectedExecutionException e) {
            log.debug("Session of {} is closed; dropped a task", user);
        }
    }

    /** What the session knows about one call. Worker thread only, except the volatile flag. */
    private static final class CallContext {
        final String id;
        final String peer;
        final boolean outgoing;
        final List<CallSignal> pending = new ArrayList<>();
        CallOptions options;
        boolean accepted;
        HeldTicket ticket;
        String notice;
        Call call;
        EngineActiveCall active;
        volatile boolean ended;

        CallContext(String id, String peer, boolean outgoing, CallOptions options) {
            this.id = id;
            this.peer = peer;
            this.outgoing = outgoing;
            this.options = options;
        }

        void closeMedia() {
            if (active != null) {
                active.stop();
            }
            if (call != null) {
                call.close();
            }
        }
    }
}

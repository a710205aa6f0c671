package io.dejavu.app.call;

import io.dejavu.app.common.UserMessages;
import io.dejavu.app.session.ActiveCall;
import io.dejavu.app.session.CallOptions;
import io.dejavu.app.session.CallStats;
import io.dejavu.app.session.Session;
import io.dejavu.app.session.SessionEvent;
import io.dejavu.app.session.SessionEvent.EndReason;
import io.dejavu.app.settings.AppSettings;
import io.dejavu.protocol.ticket.HeldTicket;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One person's calls: placing, ringing, taking, the call itself and its end. Talks to the
 * {@link Session} (signaling and media), the {@link ModelFetcher} (the peer's model, with the
 * call's ticket) and the {@link EnhancementService} (received frames, decoded and enhanced).
 *
 * <p>All public methods and the {@code on*} event handlers run on the UI thread ({@code ui});
 * model fetches run on {@code background}. Frames never pass through here: the enhancement run and
 * the call's local preview hand them straight to the view's {@link FrameSinks}; this model only
 * reads the run's and the call's numbers for the stats, once a second.
 *
 * <pre>{@code
 * CallViewModel vm = new CallViewModel(Platform::runLater, pool, ticker, fetcher, enhancer, ringer, settings);
 * vm.attach(session);
 * vm.dial("bob");                 // phase CALLING, then IN_CALL on Connected
 * vm.hangUp();                    // phase IDLE
 * }</pre>
 */
public final class CallViewModel {
    private static final Logger log = LoggerFactory.getLogger(CallViewModel.class);

    /** Where the person is with calls. */
    public enum Phase {
        IDLE,
        INCOMING,
        CALLING,
        IN_CALL
    }

    private final Executor ui;
    private final Executor background;
    private final ScheduledExecutorService ticker;
    private final ModelFetcher models;
    private final EnhancementService enhancement;
    private final Ringer ringer;
    private final Supplier<AppSettings> settings;

    private final ReadOnlyObjectWrapper<Phase> phase = new ReadOnlyObjectWrapper<>(Phase.IDLE);
    private final ReadOnlyStringWrapper peer = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper lastEnd = new ReadOnlyStringWrapper("");
    private final BooleanProperty micMuted = new SimpleBooleanProperty(false);
    private final BooleanProperty cameraOn = new SimpleBooleanProperty(true);
    private final BooleanProperty enhancementOn = new SimpleBooleanProperty(true);
    private final BooleanProperty splitView = new SimpleBooleanProperty(false);
    private final BooleanProperty statsVisible = new SimpleBooleanProperty(true);
    private final BooleanProperty autoAnswer = new SimpleBooleanProperty(false);
    private final DoubleProperty divider = new SimpleDoubleProperty(0.5);
    private final ReadOnlyObjectWrapper<ModelState> modelState =
            new ReadOnlyObjectWrapper<>(new ModelState.None("not in a call"));
    private final ReadOnlyObjectWrapper<StatsLines> stats = new ReadOnlyObjectWrapper<>(StatsLines.EMPTY);
    private final ReadOnlyDoubleWrapper streamFps = new ReadOnlyDoubleWrapper(30);

    private Session session;
    private String callId;
    private boolean cancelWhenRinging;
    private ActiveCall call;
    private EnhancementRun run;
    private ScheduledFuture<?> statsTimer;
    private long generation;
    private FrameSinks sinks = FrameSinks.NONE;
    private long framesShownAtLastTick;
    private long lastTickNanos;

    public CallViewModel(
            Executor ui,
            Executor background,
            ScheduledExecutorService ticker,
            ModelFetcher models,
            EnhancementService enhancement,
            Ringer ringer,
            Supplier<AppSettings> settings) {
        this.ui = ui;
        this.background = background;
        this.ticker = ticker;
        this.models = models;
        this.enhancement = enhancement;
        this.ringer = ringer;
        this.settings = settings;
        micMuted.addListener((o, was, now) -> {
            if (call != null) {
                call.setMicrophoneMuted(now);
            }
        });
        cameraOn.addListener((o, was, now) -> {
            if (call != null) {
                call.setCameraOn(now);
            }
        });
        enhancementOn.addListener((o, was, now) -> {
            if (run != null) {
                run.setEnabled(now);
            }
        });
        // The decoded picture is copied off each frame only while the split view shows it.
        splitView.addListener((o, was, now) -> {
            if (run != null) {
                run.setKeepDecoded(now);
            }
        });
    }

    /** Uses {@code newSession} for calls from now on (after sign-in). */
    public void attach(Session newSession) {
        endLocally("");
        this.session = newSession;
    }

    /** Forgets the session (after sign-out), ending any call. */
    public void detach(String reason) {
        endLocally(reason);
        session = null;
    }

    /**
     * The view's renderers: each call's enhancement run and local preview hand frames to them
     * directly, from their own threads. Set it before calls (a running call keeps the sinks it
     * started with).
     */
    public void setFrameSinks(FrameSinks newSinks) {
        sinks = newSinks == null ? FrameSinks.NONE : newSinks;
    }

    /** Routes one session event about calls; returns whether it was about calls. */
    public boolean handle(SessionEvent event) {
        if (event instanceof SessionEvent.IncomingCall e) {
            onIncoming(e.callId(), e.caller());
        } else if (event instanceof SessionEvent.Ringing e) {
            onRinging(e.callId(), e.callee());
        } else if (event instanceof SessionEvent.Connected e) {
            onConnected(e.callId(), e.peer(), e.call());
        } else if (event instanceof SessionEvent.Ended e) {
            onEnded(e.callId(), e.kind(), e.reason());
        } else {
            return false;
        }
        return true;
    }

    /** Calls {@code callee}. */
    public void dial(String callee) {
        if (session == null) {
            lastEnd.set("Sign in before calling.");
            return;
        }
        if (phase.get() != Phase.IDLE) {
            lastEnd.set("Hang up before calling someone else.");
            return;
        }
        callId = null;
        cancelWhenRinging = false;
        peer.set(callee);
        status.set("Calling " + callee + "…");
        lastEnd.set("");
        phase.set(Phase.CALLING);
        session.dial(callee, CallOptions.from(settings.get()));
    }

    /** Takes the ringing incoming call. */
    public void accept() {
        if (phase.get() != Phase.INCOMING) {
            return;
        }
        ringer.stop();
        status.set("Connecting to " + peer.get() + "…");
        phase.set(Phase.CALLING);
        session.accept(callId, CallOptions.from(settings.get()));
    }

    /** Declines the ringing incoming call. */
    public void reject() {
        if (phase.get() != Phase.INCOMING) {
            return;
        }
        ringer.stop();
        session.reject(callId);
        String who = peer.get();
        reset();
        lastEnd.set("You declined the call from " + who + ".");
    }

    /** Declines the ringing incoming call and refuses every later call from that caller. */
    public void blockCaller() {
        if (phase.get() != Phase.INCOMING) {
            return;
        }
        ringer.stop();
        String who = peer.get();
        session.block(who); // the server ends the ringing call for the caller
        reset();
        lastEnd.set("You blocked " + who + ". Unblock them in your contacts.");
    }

    /** Ends the call, or cancels it while it rings. */
    public void hangUp() {
        if (phase.get() == Phase.IDLE) {
            return;
        }
        if (phase.get() == Phase.INCOMING) {
            reject();
            return;
        }
        if (callId != null) {
            session.hangUp(callId);
        } else {
            cancelWhenRinging = true;
        }
        String who = peer.get();
        endLocally("Call with " + who + " ended.");
    }

    void onIncoming(String id, String caller) {
        if (phase.get() != Phase.IDLE) {
            session.busy(id); // the caller hears that we are in another call
            return;
        }
        callId = id;
        peer.set(caller);
        status.set(caller + " is calling…");
        lastEnd.set("");
        phase.set(Phase.INCOMING);
        if (autoAnswer.get()) {
            accept();
        } else {
            ringer.start();
        }
    }

    void onRinging(String id, String callee) {
        if (phase.get() != Phase.CALLING || !callee.equals(peer.get())) {
            if (cancelWhenRinging && session != null) {
                session.hangUp(id);
                cancelWhenRinging = false;
            }
            return;
        }
        callId = id;
        status.set("Ringing " + callee + "…");
    }

    void onConnected(String id, String who, ActiveCall active) {
        if (phase.get() != Phase.CALLING || (callId != null && !callId.equals(id))) {
            log.info("Ignoring connection of call {} with {} in phase {}", id, who, phase.get());
            return;
        }
        callId = id;
        call = active;
        peer.set(who);
        status.set("In call with " + who + active.notice().map(n -> " — " + n).orElse(""));
        phase.set(Phase.IN_CALL);
        long myGeneration = ++generation;
        framesShownAtLastTick = 0;
        lastTickNanos = System.nanoTime();
        active.setMicrophoneMuted(micMuted.get());
        active.setCameraOn(cameraOn.get());
        FrameSinks view = sinks;
        active.setLocalPreview(view::local);
        run = enhancement.start(active.receivedFrames(), settings.get().kPolicy(), view);
        run.setEnabled(enhancementOn.get());
        run.setKeepDecoded(splitView.get());
        fetchModel(myGeneration, run, session.user(), who, active.modelTicket());
        statsTimer = ticker.scheduleAtFixedRate(() -> ui.execute(this::refreshStats), 1, 1, TimeUnit.SECONDS);
    }

    void onEnded(String id, EndReason kind, String reason) {
        if (callId != null && !callId.equals(id)) {
            return;
        }
        if (phase.get() == Phase.IDLE) {
            return;
        }
        String who = peer.get();
        String message =
                switch (kind) {
                    case HUNG_UP -> who + " hung up.";
                    case REJECTED -> who + " declined the call.";
                    case BUSY -> who + " is busy in another call.";
                    case CANCELLED -> who + " cancelled the call.";
                    case UNREACHABLE -> who + " cannot be reached.";
                    case FAILED ->
                        "The call with " + who + " failed"
                                + (reason.isBlank() ? "." : ": " + UserMessages.sentence(reason));
                };
        ringer.stop();
        endLocally(message);
    }

    private void fetchModel(
            long myGeneration, EnhancementRun myRun, String me, String who, Optional<HeldTicket> ticket) {
        if (ticket.isEmpty()) {
            modelState.set(new ModelState.None("the server issued no ticket"));
            return;
        }
        modelState.set(new ModelState.Fetching());
        String store = settings.get().storeUrl();
        background.execute(() -> {
            ModelState result;
            try {
                result = models.fetch(new ModelRequest(store, me, who, ticket.get()));
                if (result instanceof ModelState.Ready ready) {
                    result = myRun.useModel(ready.model());
                }
            } catch (RuntimeException e) {
                log.warn("Fetching the model of {} failed", who, e);
                result = new ModelState.Failed(UserMessages.describe(e));
            }
            ModelState fetched = result;
            ui.execute(() -> {
                if (generation != myGeneration || run == null) {
                    return; // that call is over
                }
                modelState.set(fetched);
                refreshStats();
            });
        });
    }

    /** Recomputes the stats overlay; the view model's timer calls it each second. */
    public void refreshStats() {
        EnhancementRun r = run;
        if (call == null || r == null) {
            return;
        }
        long now = System.nanoTime();
        long shown = r.framesOut();
        double seconds = Math.max(1e-3, (now - lastTickNanos) / 1e9);
        double shownFps = (shown - framesShownAtLastTick) / seconds;
        framesShownAtLastTick = shown;
        lastTickNanos = now;
        CallStats engine = call.stats();
        r.observe(engine);
        EnhancementReport lastReport = r.lastReport();
        if (engine.fpsReceived() >= 1) {
            streamFps.set(Math.ceil(engine.fpsReceived()) + 1);
        }
        long pipelineDropped = call.receivedFrames().droppedCount() + lastReport.framesDropped();
        stats.set(StatsLines.of(engine, lastReport, enhancementOn.get(), shownFps, modelState.get(), pipelineDropped));
    }

    private void endLocally(String message) {
        generation++;
        if (statsTimer != null) {
            statsTimer.cancel(false);
            statsTimer = null;
        }
        if (call != null) {
            call.setLocalPreview(f -> {});
        }
        if (run != null) {
            EnhancementRun closing = run;
            run = null;
            background.execute(
                    () -> { // joins the pipeline thread: not on the UI thread
                        try {
                            closing.close();
                        } catch (RuntimeException e) {
                            log.warn("Closing the enhancement pipeline failed", e);
                        }
                    });
        }
        ringer.stop();
        reset();
        if (!message.isEmpty()) {
            lastEnd.set(message);
        }
    }

    private void reset() {
        call = null;
        callId = null;
        peer.set("");
        status.set("");
        stats.set(StatsLines.EMPTY);
        modelState.set(new ModelState.None("not in a call"));
        phase.set(Phase.IDLE);
    }

    public ReadOnlyObjectProperty<Phase> phaseProperty() {
        return phase.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty peerProperty() {
        return peer.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    /** Why the last call ended or did not happen, as a sentence. */
    public ReadOnlyStringProperty lastEndProperty() {
        return lastEnd.getReadOnlyProperty();
    }

    public BooleanProperty micMutedProperty() {
        return micMuted;
    }

    public BooleanProperty cameraOnProperty() {
        return cameraOn;
    }

    public BooleanProperty enhancementOnProperty() {
        return enhancementOn;
    }

    public BooleanProperty splitViewProperty() {
        return splitView;
    }

    public BooleanProperty statsVisibleProperty() {
        return statsVisible;
    }

    /** Takes incoming calls without ringing (demos and kiosks). */
    public BooleanProperty autoAnswerProperty() {
        return autoAnswer;
    }

    /** Where the split view's divider sits, 0 (left edge) to 1 (right edge). */
    public DoubleProperty dividerProperty() {
        return divider;
    }

    public ReadOnlyObjectProperty<ModelState> modelStateProperty() {
        return modelState.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<StatsLines> statsProperty() {
        return stats.getReadOnlyProperty();
    }

    /** The received stream's frame rate: renderers show at most this many frames per second. */
    public ReadOnlyDoubleProperty streamFpsProperty() {
        return streamFps.getReadOnlyProperty();
    }
}

package io.dejavu.cli.demo;

import io.dejavu.call.Call;
import io.dejavu.call.CallOptions;
import io.dejavu.call.CallStats;
import io.dejavu.call.MediaException;
import io.dejavu.call.VideoCodec;
import io.dejavu.call.VideoSourceSpec;
import io.dejavu.call.signaling.CallHandle;
import io.dejavu.call.signaling.SignalingCalls;
import io.dejavu.learning.CallCapture;
import io.dejavu.learning.LearningEvent;
import io.dejavu.learning.LocalSelfLearning;
import io.dejavu.learning.SelfTrainedVersion;
import io.dejavu.learning.StorePublisher;
import io.dejavu.learning.learn.LearnerBudget;
import io.dejavu.learning.pairs.CallPathPairs;
import io.dejavu.learning.pairs.RuntimeLease;
import io.dejavu.protocol.signaling.SignalMessage;
import io.dejavu.protocol.signaling.client.SignalingClient;
import io.dejavu.protocol.signaling.client.SignalingException;
import io.dejavu.protocol.signaling.client.SignalingListener;
import io.dejavu.protocol.video.FrameSize;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code demo learn}: a person without a personal model makes N calls in a row from their earlier
 * recording (call i sends seconds i*S to (i+1)*S), through the embedded signaling server to a
 * callee, with real libwebrtc calls. With consent on, the app's {@link LocalSelfLearning} keeps each
 * call's outgoing frames as the app would (a {@link io.dejavu.learning.footage.CallRecorder} into
 * the {@link io.dejavu.learning.footage.FootageStore}, from 3 s after connecting); after each call it
 * learns from the kept footage while no call runs and publishes an accepted version to the store with the
 * user's own publish credential (ADR 0308). Each version is then measured on the person's later
 * recording against the generic model, on pairs recorded once through a real loopback call at the
 * calls' bitrate cap, so every version and the generic model see the same frames.
 */
final class DemoLearn {
    /** How the calls run and what learning may spend. */
    record Settings(
            int calls,
            Duration callLength,
            VideoCodec codec,
            Optional<Integer> bitrateKbps,
            LearnerBudget budget,
            int evalFrames,
            int threads) {}

    /** The signaling server and store as the app reaches them (a test may watch in between). */
    record Endpoints(URI signaling, URI store) {
        static Endpoints of(DemoServers servers) {
            return new Endpoints(servers.signalingUri(), servers.storeUri());
        }
    }

    private static final Duration CONNECT = Duration.ofSeconds(20);

    private final Path work;
    private final Path generic;
    private final PrintWriter err;

    DemoLearn(Path work, Path generic, PrintWriter err) {
        this.work = work;
        this.generic = generic;
        this.err = err;
    }

    LearnReport run(DemoServers servers, Endpoints at, Path earlier, Path later, Settings s)
            throws IOException, InterruptedException {
        double length = CallSegment.lengthSeconds(earlier);
        long lastStart = (s.calls() - 1) * s.callLength().toSeconds();
        if (lastStart + 3 > length) {
            throw new IllegalArgumentException(String.format(
                    Locale.ROOT,
                    "%s is %.0f s long: call %d would start at %d s with less than 3 s left; use fewer --calls or"
                            + " shorter --seconds",
                    earlier.getFileName(),
                    length,
                    s.calls(),
                    lastStart));
        }
        Path run = Files.createDirectories(work.resolve("learn").resolve("run-" + System.currentTimeMillis()));
        Path footageDir = run.resolve("footage");
        CallSegment first = CallSegment.cut(earlier, 0, s.callLength().toSeconds(), run.resolve("probe.mkv"));
        Files.deleteIfExists(first.file());
        FrameSize size = first.size();
        int kbps = s.bitrateKbps().orElseGet(() -> DemoBitrate.forSize(size.width(), size.height(), first.fps())
                .kbps());
        err.printf(
                Locale.ROOT,
                "learn: %d calls of %d s from %s (%s, %.0f fps) at a %d kbps cap; the later session %s measures"
                        + " each version%n",
                s.calls(),
                s.callLength().toSeconds(),
                earlier.getFileName(),
                size,
                first.fps(),
                kbps,
                later.getFileName());
        err.flush();
        try (RuntimeLease lease = RuntimeLease.acquire();
                CallPathPairs pairMaker = new CallPathPairs(err);
                SignalingClient alice = connect(at.signaling(), servers.callerToken());
                SignalingClient bob = connect(at.signaling(), servers.calleeToken());
                SignalingCalls aliceCalls = new SignalingCalls(lease.runtime(), alice);
                SignalingCalls bobCalls = new SignalingCalls(lease.runtime(), bob)) {
            LaterSession laterSession = LaterSession.record(later, size, kbps, s, pairMaker, generic, err);
            StorePublisher publisher = new StorePublisher(
                    at.store(),
                    at.signaling(),
                    servers.callerToken(),
                    alice.ticketKey(),
                    Files.createDirectories(run.resolve("store-cache")));
            LocalSelfLearning.Config config = LocalSelfLearning.Config.onThisMachine(
                    DemoServers.CALLER,
                    footageDir,
                    publisher,
                    pairMaker,
                    generic,
                    Optional::empty,
                    s.budget(),
                    Duration.ZERO);
            List<LearnRow> rows = new ArrayList<>();
            try (LocalSelfLearning learning = new LocalSelfLearning(config)) {
                learning.setConsent(true);
                Waiter waiter = new Waiter();
                learning.addListener(e -> {
                    if (e instanceof LearningEvent.Progress p && !Double.isFinite(p.fraction())) {
                        err.println("learn: " + p.line().replaceFirst("^learning: ", ""));
                        err.flush();
                    }
                    waiter.accept(e);
                });
                for (int i = 0; i < s.calls(); i++) {
                    long from = i * s.callLength().toSeconds();
                    CallSegment segment = CallSegment.cut(
                            earlier,
                            from,
                            from + s.callLength().toSeconds(),
                            Files.createDirectories(run.resolve("camera")).resolve("call-" + (i + 1) + ".mkv"));
                    CallNumbers numbers = call(aliceCalls, bob, bobCalls, learning, segment, kbps, s);
                    if (numbers.framesKept() == 0) {
                        throw new IOException("call " + (i + 1) + " kept no footage: a call must last longer than the"
                                + " 3 s after connecting that keeping waits (use a longer --seconds)");
                    }
                    err.printf(
                            Locale.ROOT,
                            "learn: call %d kept %d frames (%.1f s) in %s%n",
                            i + 1,
                            numbers.framesKept(),
                            numbers.framesKept() / first.fps(),
                            footageDir);
                    err.flush();
                    CompletableFuture<LearningEvent> done = waiter.next();
                    learning.callEnded();
                    LearningEvent outcome = await(done, s.budget().maxTime().plusMinutes(10));
                    if (outcome instanceof LearningEvent.Failed f) {
                        throw new IOException("learning after call " + (i + 1) + " failed: " + f.message());
                    }
                    SelfTrainedVersion v = ((LearningEvent.VersionTrained) outcome).version();
                    double gain =
                            learning.latestModel().map(laterSession::gainDb).orElse(laterSession.genericGainDb());
                    OptionalDouble gpuGain =
                            learning.latestModel().map(laterSession::gpuGainDb).orElse(OptionalDouble.empty());
                    LearnRow row = new LearnRow(
                            i + 1,
                            segment.seconds(),
                            numbers.sendKbps(),
                            v.storeVersion().orElse(0),
                            v.refusal(),
                            v.trainingSeconds(),
                            v.device(),
                            v.gainDb(),
                            gain,
                            gpuGain,
                            numbers.dropped(),
                            numbers.encoderSkipped());
                    rows.add(row);
                    err.println("learn: " + row.line(laterSession.genericGainDb()));
                    err.flush();
                }
            }
            return new LearnReport(
                    earlier.getFileName().toString(),
                    later.getFileName().toString(),
                    size,
                    kbps,
                    s.callLength().toSeconds(),
                    laterSession.frames(),
                    laterSession.genericGainDb(),
                    rows.stream().anyMatch(r -> r.gpuGainDb().isPresent())
                            ? laterSession.genericGpuGainDb()
                            : OptionalDouble.empty(),
                    rows);
        } catch (MediaException | SignalingException e) {
            throw new IOException("a demo call failed: " + e.getMessage(), e);
        } catch (TimeoutException e) {
            throw new IOException("timed out: " + e.getMessage(), e);
        }
    }

    /** What one call measured. */
    private record CallNumbers(double sendKbps, long dropped, long encoderSkipped, long framesKept) {}

    /**
     * Alice calls bob with the segment (her camera) for the call's length; bob takes every frame he
     * receives; alice's app keeps her outgoing frames (consent is on) until just before she hangs up.
     */
    private CallNumbers call(
            SignalingCalls aliceCalls,
            SignalingClient bob,
            SignalingCalls bobCalls,
            LocalSelfLearning learning,
            CallSegment segment,
            int kbps,
            Settings s)
            throws MediaException, TimeoutException, InterruptedException {
        CallOptions caller = CallOptions.builder()
                .video(VideoSourceSpec.file(segment.file()))
                .codec(s.codec())
                .maxBitrateKbps(kbps)
                .audio(false)
                .build();
        CallOptions callee = CallOptions.builder()
                .video(VideoSourceSpec.synthetic(new FrameSize(160, 96), 5))
                .codec(s.codec())
                .maxBitrateKbps(30)
                .audio(false)
                .build();
        CompletableFuture<CallHandle> incoming = new CompletableFuture<>();
        SignalingListener answer = new SignalingListener() {
            @Override
            public void onInvite(SignalMessage.Invite invite) {
                try {
                    incoming.complete(bobCalls.accept(invite, callee));
                } catch (MediaException | RuntimeException e) {
                    incoming.completeExceptionally(e);
                }
            }
        };
        bob.addListener(answer);
        try {
            CallHandle mine = await(aliceCalls.invite(DemoServers.CALLEE, caller), CONNECT);
            CallHandle theirs = await(incoming, CONNECT);
            Call sender = mine.call();
            Call receiver = theirs.call();
            // A run in progress stops here (none is, between calls); the capture keeps alice's frames.
            try (CallCapture capture = learning.callStarted(sender)
                    .orElseThrow(
                            () -> new MediaException("consent is on but the app started no capture of the call"))) {
                sender.awaitConnected(CONNECT);
                receiver.awaitConnected(CONNECT);
                AtomicBoolean over = new AtomicBoolean();
                Thread take = new Thread(
                        () -> {
                            while (!over.get()) {
                                try {
                                    receiver.receivedFrames().poll(100, TimeUnit.MILLISECONDS);
                                } catch (InterruptedException e) {
                                    return;
                                }
                            }
                        },
                        "demo-learn-callee");
                take.setDaemon(true);
                take.start();
                Optional<CallStats> start = sender.lastStats();
                Thread.sleep(s.callLength().toMillis());
                Optional<CallStats> end = sender.lastStats();
                over.set(true);
                take.join(5000);
                long skipped = Math.max(
                        0,
                        sender.framesPushed() - end.map(CallStats::framesSent).orElse(0L));
                long dropped = receiver.receivedFrames().droppedCount();
                capture.close(); // commits the kept stretch with its measured send bitrate
                sender.hangUp();
                return new CallNumbers(sendKbps(start, end, kbps), dropped, skipped, capture.framesKept());
            }
        } finally {
            bob.removeListener(answer);
        }
    }

    /** The caller's video payload rate between two stats reports, else the cap. */
    static double sendKbps(Optional<CallStats> start, Optional<CallStats> end, int capKbps) {
        if (end.isEmpty()) {
            return capKbps;
        }
        long bytes0 = start.map(CallStats::videoBytesSent).orElse(0L);
        long ms0 = start.map(CallStats::elapsedMillis).orElse(0L);
        long ms = end.get().elapsedMillis() - ms0;
        long bytes = end.get().videoBytesSent() - bytes0;
        return ms >= 1000 && bytes > 0 ? bytes * 8.0 / ms : capKbps;
    }

    /** Hands the next learning outcome (a version or a failure) to whoever waits for it. */
    private static final class Waiter {
        private CompletableFuture<LearningEvent> next = new CompletableFuture<>();

        synchronized CompletableFuture<LearningEvent> next() {
            next = new CompletableFuture<>();
            return next;
        }

        synchronized void accept(LearningEvent e) {
            if (e instanceof LearningEvent.VersionTrained || e instanceof LearningEvent.Failed) {
                next.complete(e);
            }
        }
    }

    private static SignalingClient connect(URI signaling, String token) throws SignalingException {
        SignalingClient client = SignalingClient.builder(signaling, token)
                .clientName("dejavu-demo-learn")
                .build();
        client.connect();
        return client;
    }

    private static <T> T await(CompletableFuture<T> future, Duration limit)
            throws MediaException, TimeoutException, InterruptedException {
        try {
            return future.get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new MediaException(e.getCause().getMessage(), e.getCause());
        }
    }
}

package io.dejavu.call;

import dev.onvoid.webrtc.PeerConnectionFactory;
import dev.onvoid.webrtc.PeerConnectionObserver;
import dev.onvoid.webrtc.RTCIceCandidate;
import dev.onvoid.webrtc.RTCPeerConnection;
import dev.onvoid.webrtc.RTCPeerConnectionState;
import dev.onvoid.webrtc.RTCRtpSender;
import dev.onvoid.webrtc.RTCRtpTransceiver;
import dev.onvoid.webrtc.media.MediaStreamTrack;
import io.dejavu.protocol.video.FrameSize;
import io.dejavu.protocol.video.I420Frame;
import io.dejavu.protocol.video.LatestFrameQueue;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One peer-to-peer audio/video call over libwebrtc, independent of how signals travel.
 *
 * <p>The engine emits {@link CallSignal}s (offer, answer, ICE candidates, hang-up) on the given
 * {@link SignalingChannel} and takes the peer's through {@link #deliver(CallSignal)}. The caller
 * sends the offer as soon as it starts; the callee waits for it. Received video is copied off the
 * libwebrtc thread into {@link #receivedFrames()} (newest wins, drops counted) for the enhancement
 * pipeline; outgoing frames are offered to {@link #localPreview()} and to the {@link
 * SentFrameListener}s. Everything the call holds
 * (peer connection, tracks, sources, threads) is released by {@link #close()}, which also hangs up.
 *
 * <pre>{@code
 * try (MediaRuntime runtime = MediaRuntime.open(MediaRuntime.Audio.AUTO);
 *         Call call = Call.start(runtime, Call.Role.CALLER, CallOptions.builder()
 *                 .video(VideoSourceSpec.file(Path.of("me.mp4"), new FrameSize(640, 360)))
 *                 .maxBitrateKbps(150)
 *                 .build(), signal -> mySignaling.send(peer, signal))) {
 *     mySignaling.onSignal(call::deliver);          // feed the peer's answer and candidates
 *     call.addListener(new CallListener() {
 *         public void onStats(CallStats s) { log.info("{} kbps, {} fps", s.sendKbps(), s.fpsDecoded()); }
 *     });
 *     call.awaitConnected(Duration.ofSeconds(10));
 *     I420Frame frame = call.receivedFrames().poll(100, TimeUnit.MILLISECONDS).orElse(null);
 *     call.setMicrophoneMuted(true);
 *     call.setVideoEnabled(false);                  // camera off
 *     call.setMaxBitrateKbps(300);
 *     call.hangUp();
 * }
 * }</pre>
 *
 */
public final class Call implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Call.class);

    /** Which side of the call this engine is: the caller makes the SDP offer. */
    public enum Role {
        CALLER,
        CALLEE
    }

    private final int id;
    private final MediaRuntime runtime;
    private final Role role;
    private final CallOptions options;
    private final SignalingChannel channel;
    private final ScheduledExecutorService events;
    private final CallListeners listeners = new CallListeners();
    private final CallContext context = new Context();
    private final LatestFrameQueue received;
    private final LatestFrameQueue preview = new LatestFrameQueue(2);
    private final SentFrameListeners sentListeners = new SentFrameListeners();
    private final CompletableFuture<Void> connected = new CompletableFuture<>();
    private final CompletableFuture<CallState.EndReason> ended = new CompletableFuture<>();
    private final long startNanos = System.nanoTime();
    private final QualityTap tap;
    private final ReceivePath receive;

    private final RTCPeerConnection pc;
    private final LocalMedia media;
    private final Negotiation negotiation;
    private final StatsPoller stats;

    private volatile long connectedNanos;
    private volatile CallState state = CallState.CONNECTING;

    private Call(MediaRuntime runtime, Role role, CallOptions options, SignalingChannel channel) throws MediaException {
        this.runtime = runtime;
        this.role = role;
        this.options = options;
        this.channel = channel;
        this.id = runtime.nextCallId();
        this.received = new LatestFrameQueue(options.receiveQueueCapacity());
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "dejavu-call-" + id);
            t.setDaemon(true);
            return t;
        });
        // Once the call ends, pending timers (connect timeout, stats) must not keep it alive.
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        executor.setContinueExistingPeriodicTasksAfterShutdownPolicy(false);
        executor.setRemoveOnCancelPolicy(true);
        this.events = executor;
        this.tap = QualityTap.open(options, id);
        this.receive = new ReceivePath(received, tap);

        PeerConnectionFactory factory = runtime.factory();
        try {
            this.media = LocalMedia.open(factory, id, options, tap::mark, frame -> {
                preview.offer(frame);
                sentListeners.deliver(frame);
            });
        } catch (MediaException | RuntimeException e) {
            shutdownThreads();
            throw e;
        }
        RTCPeerConnection conn;
        try {
            conn = factory.createPeerConnection(Negotiation.configuration(options), new Observer());
            if (conn == null) {
                throw new IllegalStateException("libwebrtc could not create a peer connection");
            }
        } catch (RuntimeException e) {
            // A failed start leaves no native object or thread behind.
            media.abandon();
            shutdownThreads();
            throw e;
        }
        this.pc = conn;
        this.stats =
                new StatsPoller(context, events, pc, startNanos, options.peerLossTimeout(), tap, received, listeners);
        this.negotiation = new Negotiation(context, role, options, factory, channel, events, pc, media);
    }

    /**
     * Starts a call: the caller sends its offer at once; the callee waits for the offer to arrive
     * through {@link #deliver}.
     *
     * @throws MediaException if the video source (file, camera) cannot be opened
     * @throws IllegalStateException if the runtime is closed
     */
    public static Call start(MediaRuntime runtime, Role role, CallOptions options, SignalingChannel channel)
            throws MediaException {
        Call call = new Call(runtime, role, options, channel);
        runtime.register(call);
        call.begin();
        return call;
    }

    private void begin() {
        media.start();
        long timeout = options.connectTimeout().toMillis();
        events.schedule(
                () -> {
                    if (state == CallState.CONNECTING) {
                        LOG.warn("call {} did not connect within {} ms", id, timeout);
                        endOnEvents(CallState.EndReason.FAILED, true);
                    }
                },
                timeout,
                TimeUnit.MILLISECONDS);
        if (role == Role.CALLER) {
            onEvents(negotiation::sendOffer);
        }
    }

    // ---- public API ----

    /** This call's role. */
    public Role role() {
        return role;
    }

    public CallOptions options() {
        return options;
    }

    public CallState state() {
        return state;
    }

    /** Why the call ended, once it has. */
    public Optional<CallState.EndReason> endReason() {
        return Optional.ofNullable(ended.getNow(null));
    }

    /** Completes with the end reason when the call ends, whoever ends it. */
    public CompletableFuture<CallState.EndReason> ended() {
        return ended.copy();
    }

    /**
     * Waits until media can flow.
     *
     * @throws TimeoutException if not connected in time
     * @throws IllegalStateException if the call ended before connecting
     */
    public void awaitConnected(java.time.Duration timeout) throws TimeoutException, InterruptedException {
        try {
            connected.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(
                    "call " + id + " ended before connecting: " + e.getCause().getMessage());
        }
    }

    /** Milliseconds from {@link #start} to the connection coming up; -1 until then. */
    public long setupMillis() {
        return connectedNanos == 0 ? -1 : (connectedNanos - startNanos) / 1_000_000;
    }

    /** Decoded frames from the peer, copied off the libwebrtc thread; newest wins when you lag. */
    public LatestFrameQueue receivedFrames() {
        return received;
    }

    /**
     * The frames being sent (after scaling; marked when the quality tap is on), for a self view;
     * each carries its send sequence number as {@link I420Frame#index()}.
     */
    public LatestFrameQueue localPreview() {
        return preview;
    }

    /** The size of outgoing frames. */
    public FrameSize sendSize() {
        return media.size();
    }

    /** The rate outgoing frames are produced at: the file's or synthetic source's, or the camera's asked rate. */
    public double sendFps() {
        return media.pushedFps().orElseGet(() -> ((VideoSourceSpec.Camera) options.video()).fps());
    }

    /**
     * Lets {@code listener} see every frame handed to the encoder from now on, on the capture
     * thread (see {@link SentFrameListener} for what it may do there).
     */
    public void addSentFrameListener(SentFrameListener listener) {
        sentListeners.add(listener);
    }

    /** Stops offering frames to {@code listener}; a frame being delivered may still reach it. */
    public void removeSentFrameListener(SentFrameListener listener) {
        sentListeners.remove(listener);
    }

    /** Frames of the peer's video decoded so far. */
    public long framesReceived() {
        return receive.framesReceived();
    }

    /** Frames handed to libwebrtc so far (file and synthetic sources). */
    public long framesPushed() {
        return media.framesPushed();
    }

    /** The latest per-second stats, if any yet. */
    public Optional<CallStats> lastStats() {
        return stats.last();
    }

    /**
     * The candidate pair the media travels on, from the latest stats (about a second after connecting); empty
     * before the first report.
     */
    public Optional<IceRoute> iceRoute() {
        return stats.route();
    }

    public void addListener(CallListener listener) {
        listeners.add(listener);
    }

    public void removeListener(CallListener listener) {
        listeners.remove(listener);
    }

    /** Feeds a signal from the peer (offer, answer, candidate, hang-up); safe from any thread. */
    public void deliver(CallSignal signal) {
        onEvents(() -> handle(signal));
    }

    /** Mutes or unmutes the microphone (silence is sent while muted). */
    public void setMicrophoneMuted(boolean muted) {
        if (media.audio().isPresent()) {
            onEvents(() -> {
                if (state != CallState.ENDED) {
                    media.setMicrophoneMuted(muted);
                }
            });
        }
    }

    /**
     * Turns outgoing video ("the camera") on or off; while off the peer gets one black frame a
     * second, a real camera is stopped, and the local preview pauses.
     */
    public void setVideoEnabled(boolean on) {
        media.setPumpEnabled(on);
        onEvents(() -> {
            if (state != CallState.ENDED) {
                media.setVideoEnabled(on);
            }
        });
    }

    /** Caps the outgoing video bitrate from now on (30..20000 kbps); resolution and frame rate stay. */
    public void setMaxBitrateKbps(int kbps) {
        if (kbps < 30 || kbps > 20_000) {
            throw new IllegalArgumentException("max bitrate must be 30..20000 kbps, got " + kbps);
        }
        negotiation.setMaxBitrateKbps(kbps);
    }

    public int maxBitrateKbps() {
        return negotiation.maxBitrateKbps();
    }

    /**
     * The frames this call sent, by quality-tap index, for a receiver in the same process to measure
     * against (see {@link #measureAgainst}); empty unless the quality tap is on.
     */
    public Optional<FrameReference> sentFrames() {
        return tap.sentFrames();
    }

    /**
     * Makes this call's quality tap compare what it decodes with {@code reference} (the peer's sent
     * frames) and report PSNR-Y in its stats.
     *
     * @throws IllegalStateException if the quality tap is off
     */
    public void measureAgainst(FrameReference reference) {
        tap.measureAgainst(reference);
    }

    /** Mean PSNR-Y in dB of decoded frames paired with sent ones; NaN without pairs or tap. */
    public double meanPsnrY() {
        return tap.meanPsnrY();
    }

    /** Starts the quality tap's PSNR mean afresh (e.g. after a warm-up); no-op without the tap. */
    public void restartQualityMeasurement() {
        tap.restart();
    }

    /** Frames the quality tap paired. */
    public long pairedFrames() {
        return tap.paired();
    }

    /** Tells the peer and ends the call; returns at once, {@link #close()} waits for the release. */
    public void hangUp() {
        onEvents(() -> endOnEvents(CallState.EndReason.LOCAL_HANGUP, true));
    }

    /** Hangs up if needed and releases every native resource and thread; idempotent. */
    @Override
    public void close() {
        if (Thread.currentThread().getName().equals("dejavu-call-" + id)) {
            endOnEvents(CallState.EndReason.LOCAL_HANGUP, true);
            return;
        }
        onEvents(() -> endOnEvents(CallState.EndReason.LOCAL_HANGUP, true));
        try {
            ended.get(10, TimeUnit.SECONDS);
            events.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException | TimeoutException e) {
            LOG.warn("call {} did not release within 10 s", id);
        }
    }

    /** Ends the call without telling the peer, as if this process died; for tests of peer loss. */
    void dropWithoutHangUp() {
        onEvents(() -> endOnEvents(CallState.EndReason.LOCAL_HANGUP, false));
    }

    @Override
    public String toString() {
        return "Call[" + id + ", " + role + ", " + state + "]";
    }

    // ---- events thread ----

    private void onEvents(Runnable task) {
        try {
            events.execute(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    LOG.error("call {}: {}", id, e.toString(), e);
                    endOnEvents(CallState.EndReason.FAILED, true);
                }
            });
        } catch (RejectedExecutionException e) {
            LOG.debug("call {} is over; dropped an event", id);
        }
    }

    private void handle(CallSignal signal) {
        if (state == CallState.ENDED) {
            return;
        }
        if (signal instanceof CallSignal.HangUp h) {
            endOnEvents(
                    CallSignal.HangUp.PEER_LOST.equals(h.reason())
                            ? CallState.EndReason.PEER_LOST
                            : CallState.EndReason.REMOTE_HANGUP,
                    false);
        } else {
            negotiation.receive(signal);
        }
    }

    private void onConnected() {
        if (state != CallState.CONNECTING) {
            return;
        }
        connectedNanos = System.nanoTime();
        setState(CallState.CONNECTED, null);
        connected.complete(null);
        LOG.info("call {} ({}) connected in {} ms", id, role, setupMillis());
        stats.start(connectedNanos);
    }

    private void onRemoteTrack(MediaStreamTrack track) {
        if (state != CallState.ENDED) {
            receive.attach(track);
        }
    }

    private void setState(CallState next, CallState.EndReason reason) {
        state = next;
        listeners.stateChanged(next, reason);
    }

    private void endOnEvents(CallState.EndReason reason, boolean tellPeer) {
        if (state == CallState.ENDED) {
            return;
        }
        if (tellPeer) {
            try {
                channel.send(new CallSignal.HangUp(reason.name().toLowerCase(java.util.Locale.ROOT)));
            } catch (RuntimeException e) {
                LOG.debug("call {}: could not send hang-up: {}", id, e.toString());
            }
        }
        LOG.info("call {} ({}) ended: {}", id, role, reason);
        state = CallState.ENDED;
        release();
        connected.completeExceptionally(new IllegalStateException("call ended: " + reason));
        setState(CallState.ENDED, reason);
        runtime.unregister(this);
        ended.complete(reason);
        events.shutdown();
    }

    // The order is what keeps libwebrtc from crashing: nothing may push into or read from a track or
    // source once it is disposed, so frames stop and sinks come off first, then the peer connection
    // lets go of the tracks and closes, and only then are tracks and source disposed.
    private void release() {
        stats.close();
        media.stopPump();
        receive.close();
        media.detachPreview();
        // Senders must let go of our tracks before the tracks are disposed.
        for (RTCRtpSender sender : pc.getSenders()) {
            pc.removeTrack(sender);
        }
        pc.close();
        media.close();
        tap.close();
        received.close();
        preview.close();
    }

    private void shutdownThreads() {
        events.shutdownNow();
        tap.close();
    }

    private final class Context implements CallContext {
        @Override
        public int id() {
            return id;
        }

        @Override
        public CallState state() {
            return state;
        }

        @Override
        public void onEvents(Runnable task) {
            Call.this.onEvents(task);
        }

        @Override
        public void end(CallState.EndReason reason, boolean tellPeer) {
            endOnEvents(reason, tellPeer);
        }
    }

    // Runs on libwebrtc's signaling thread: only hops onto the events thread.
    private final class Observer implements PeerConnectionObserver {
        @Override
        public void onIceCandidate(RTCIceCandidate candidate) {
            CallSignal.Candidate c = new CallSignal.Candidate(candidate.sdpMid, candidate.sdpMLineIndex, candidate.sdp);
            onEvents(() -> negotiation.sendCandidate(c));
        }

        @Override
        public void onConnectionChange(RTCPeerConnectionState s) {
            onEvents(() -> {
                if (s == RTCPeerConnectionState.CONNECTED) {
                    onConnected();
                } else if (s == RTCPeerConnectionState.FAILED) {
                    endOnEvents(CallState.EndReason.PEER_LOST, true);
                }
            });
        }

        @Override
        public void onTrack(RTCRtpTransceiver transceiver) {
            MediaStreamTrack track = transceiver.getReceiver().getTrack();
            onEvents(() -> onRemoteTrack(track));
        }
    }
}

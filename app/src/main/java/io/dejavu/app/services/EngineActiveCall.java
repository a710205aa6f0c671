package io.dejavu.app.services;

import io.dejavu.app.session.ActiveCall;
import io.dejavu.app.session.CallStats;
import io.dejavu.call.Call;
import io.dejavu.learning.CallCapture;
import io.dejavu.learning.SelfLearning;
import io.dejavu.protocol.ticket.HeldTicket;
import io.dejavu.protocol.video.I420Frame;
import io.dejavu.protocol.video.LatestFrameQueue;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A connected call of the call engine, as the app sees it; forwards the self view on its own thread.
 * It tells the user's learning that a call is in progress from connect to {@link #stop()} (learning
 * yields at once), and with consent the learning keeps this call's own outgoing footage meanwhile.
 */
final class EngineActiveCall implements ActiveCall {
    private static final Logger log = LoggerFactory.getLogger(EngineActiveCall.class);
    private final Call call;
    private final HeldTicket ticket;
    private final String notice;
    private final Thread previewPump;
    private final SelfLearning learning;
    private final Optional<CallCapture> capture;
    private volatile Consumer<I420Frame> preview = f -> {};
    private volatile boolean stopped;

    EngineActiveCall(Call call, HeldTicket ticket, String notice, String threadName, SelfLearning learning) {
        this.call = call;
        this.ticket = ticket;
        this.notice = notice;
        this.learning = learning;
        this.capture = started(learning, call);
        this.previewPump = new Thread(this::pumpPreview, threadName);
        previewPump.setDaemon(true);
        previewPump.start();
    }

    private void pumpPreview() {
        LatestFrameQueue frames = call.localPreview();
        try {
            while (!stopped) {
                Optional<I420Frame> f = frames.pollLatest(200, TimeUnit.MILLISECONDS);
                if (f.isPresent()) {
                    preview.accept(f.get());
                } else if (frames.isClosed()) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.warn("Self view stopped", e);
        }
    }

    private static Optional<CallCapture> started(SelfLearning learning, Call call) {
        try {
            return learning.callStarted(call);
        } catch (RuntimeException e) {
            log.warn("Learning could not start keeping this call; the call goes on without it", e);
            return Optional.empty();
        }
    }

    /** The call is over: the kept footage is committed, then learning may run. Once only. */
    void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        previewPump.interrupt();
        try {
            capture.ifPresent(CallCapture::close);
        } catch (RuntimeException e) {
            log.warn("Closing this call's footage failed", e);
        }
        try {
            learning.callEnded();
        } catch (RuntimeException e) {
            log.warn("Telling learning the call ended failed", e);
        }
    }

    @Override
    public LatestFrameQueue receivedFrames() {
        return call.receivedFrames();
    }

    @Override
    public void setLocalPreview(Consumer<I420Frame> sink) {
        preview = sink == null ? f -> {} : sink;
    }

    @Override
    public Optional<HeldTicket> modelTicket() {
        return Optional.ofNullable(ticket);
    }

    @Override
    public Optional<String> notice() {
        return Optional.ofNullable(notice);
    }

    @Override
    public CallStats stats() {
        return call.lastStats()
                .map(s -> new CallStats(
                        s.receiveWidth(),
                        s.receiveHeight(),
                        s.fpsDecoded(),
                        s.fpsSent(),
                        s.receiveKbps(),
                        s.sendKbps(),
                        codecName(
                                s.receiveCodec() == null || s.receiveCodec().isEmpty()
                                        ? s.sendCodec()
                                        : s.receiveCodec()),
                        s.framesDropped()))
                .orElse(CallStats.EMPTY);
    }

    /** "video/VP8" (libwebrtc's MIME type) reads as "VP8". */
    private static String codecName(String mime) {
        if (mime == null) {
            return "";
        }
        int slash = mime.indexOf('/');
        return slash >= 0 ? mime.substring(slash + 1) : mime;
    }

    @Override
    public void setMicrophoneMuted(boolean muted) {
        call.setMicrophoneMuted(muted);
    }

    @Override
    public void setCameraOn(boolean on) {
        call.setVideoEnabled(on);
    }
}

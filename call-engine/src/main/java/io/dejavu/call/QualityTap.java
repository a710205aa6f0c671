package io.dejavu.call;

import io.dejavu.call.internal.FrameMarker;
import io.dejavu.call.internal.QualityMeter;
import io.dejavu.call.internal.SentFrameLog;
import io.dejavu.protocol.video.I420Frame;
import java.util.Optional;

/**
 * Both ends of the quality tap (ADR 0402): the sender stamps each frame's index into the picture and
 * keeps its luma plane; the receiver reads the stamp back and hands the decoded plane to a {@link
 * QualityMeter} to pair with what the peer sent. A tap that is off stamps and measures nothing.
 */
final class QualityTap implements AutoCloseable {
    private static final int SENT_LOG_FRAMES = 90;

    // Both null when the tap is off.
    private final SentFrameLog sentLog;
    private final QualityMeter meter;
    // Touched only on the decoder thread.
    private long lastIndex = -1;

    private QualityTap(SentFrameLog sentLog, QualityMeter meter) {
        this.sentLog = sentLog;
        this.meter = meter;
    }

    /** The tap {@code options} ask for; its meter thread runs until {@link #close()}. */
    static QualityTap open(CallOptions options, int callId) {
        if (!options.qualityTap()) {
            return new QualityTap(null, null);
        }
        if (options.video() instanceof VideoSourceSpec.Camera) {
            throw new IllegalArgumentException("the quality tap needs a file or synthetic video source, not a camera");
        }
        return new QualityTap(new SentFrameLog(SENT_LOG_FRAMES), new QualityMeter("dejavu-quality-" + callId));
    }

    /** Stamps and remembers an outgoing frame; runs on the frame pump's thread. */
    void mark(I420Frame frame, long index) {
        if (sentLog != null) {
            FrameMarker.mark(frame, index);
            sentLog.record(index, frame.y(), frame.width(), frame.height());
        }
    }

    /**
     * Reads the stamp of a decoded frame the caller owns, queues its luma plane for pairing and
     * returns the frame carrying the sender's index; runs on the decoder thread, so it only copies.
     */
    I420Frame read(I420Frame decoded) {
        if (meter == null) {
            return decoded;
        }
        int code = FrameMarker.read(decoded.y(), decoded.width(), decoded.height());
        if (code < 0) {
            return decoded;
        }
        lastIndex = FrameMarker.unwrap(code, lastIndex);
        I420Frame indexed = decoded.withIndex(lastIndex, decoded.timestampNanos());
        meter.offer(lastIndex, indexed.width(), indexed.height(), indexed.y().clone());
        return indexed;
    }

    Optional<FrameReference> sentFrames() {
        return Optional.ofNullable(sentLog);
    }

    void measureAgainst(FrameReference reference) {
        if (meter == null) {
            throw new IllegalStateException("quality tap is off; build the options with qualityTap(true)");
        }
        meter.reference(reference);
    }

    double meanPsnrY() {
        return meter == null ? Double.NaN : meter.meanPsnr();
    }

    long paired() {
        return meter == null ? 0 : meter.paired();
    }

    void restart() {
        if (meter != null) {
            meter.reset();
        }
    }

    /** Stops the meter's thread. */
    @Override
    public void close() {
        if (meter != null) {
            meter.close();
        }
    }
}

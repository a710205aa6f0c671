package io.dejavu.call;

import dev.onvoid.webrtc.RTCPeerConnection;
import dev.onvoid.webrtc.RTCStatsReport;
import io.dejavu.call.internal.StatsCollector;
import io.dejavu.protocol.video.LatestFrameQueue;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks libwebrtc for stats once a second while the call is connected, hands each report as {@link
 * CallStats} to the listeners, and ends the call once the peer has sent nothing for the peer-loss
 * timeout. Runs on the call's events thread; only {@link #last()} is read from elsewhere.
 */
final class StatsPoller implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StatsPoller.class);

    private final CallContext call;
    private final ScheduledExecutorService events;
    private final RTCPeerConnection pc;
    private final StatsCollector collector;
    private final Duration peerLossTimeout;
    private final QualityTap tap;
    private final LatestFrameQueue received;
    private final CallListeners listeners;

    // Touched only on the events thread.
    private ScheduledFuture<?> task;
    private long connectedNanos;
    private volatile CallStats last;
    private volatile IceRoute route;

    StatsPoller(
            CallContext call,
            ScheduledExecutorService events,
            RTCPeerConnection pc,
            long startNanos,
            Duration peerLossTimeout,
            QualityTap tap,
            LatestFrameQueue received,
            CallListeners listeners) {
        this.call = call;
        this.events = events;
        this.pc = pc;
        this.collector = new StatsCollector(startNanos);
        this.peerLossTimeout = peerLossTimeout;
        this.tap = tap;
        this.received = received;
        this.listeners = listeners;
    }

    /** Starts polling; the peer-loss clock starts at {@code connectedNanos} (System.nanoTime). */
    void start(long connectedNanos) {
        this.connectedNanos = connectedNanos;
        task = events.scheduleAtFixedRate(this::request, 1000, 1000, TimeUnit.MILLISECONDS);
    }

    Optional<CallStats> last() {
        return Optional.ofNullable(last);
    }

    Optional<IceRoute> route() {
        return Optional.ofNullable(route);
    }

    private void request() {
        if (call.state() != CallState.CONNECTED) {
            return;
        }
        pc.getStats(report -> call.onEvents(() -> onReport(report)));
    }

    private void onReport(RTCStatsReport report) {
        if (call.state() != CallState.CONNECTED) {
            return;
        }
        long now = System.nanoTime();
        CallStats stats = collector.update(report, now, tap.meanPsnrY(), tap.paired(), received.droppedCount());
        last = stats;
        route = collector.route();
        listeners.stats(stats);
        long silentNanos = now - Math.max(collector.lastTransportActivityNanos(), connectedNanos);
        if (silentNanos > peerLossTimeout.toNanos()) {
            LOG.info("call {}: nothing from the peer for {} ms, ending", call.id(), silentNanos / 1_000_000);
            call.end(CallState.EndReason.PEER_LOST, true);
        }
    }

    /** Stops polling; a report already on its way is ignored once the call has ended. */
    @Override
    public void close() {
        if (task != null) {
            task.cancel(false);
        }
    }
}

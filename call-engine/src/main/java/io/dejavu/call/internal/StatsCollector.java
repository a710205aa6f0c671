package io.dejavu.call.internal;

import dev.onvoid.webrtc.RTCStats;
import dev.onvoid.webrtc.RTCStatsReport;
import dev.onvoid.webrtc.RTCStatsType;
import io.dejavu.call.CallStats;
import io.dejavu.call.IceRoute;
import java.util.HashMap;
import java.util.Map;

/**
 * Turns successive libwebrtc stats reports into per-second {@link CallStats}: rates are deltas
 * between two reports. Used from one thread.
 */
public final class StatsCollector {
    private final long startNanos;
    private long lastNanos;
    private long lastBytesSent;
    private long lastBytesReceived;
    private long lastFramesSent;
    private long lastFramesDecoded;
    private long transportBytesReceived = -1;
    private long lastTransportChangeNanos;
    private IceRoute route;

    public StatsCollector(long startNanos) {
        this.startNanos = startNanos;
        this.lastNanos = startNanos;
        this.lastTransportChangeNanos = startNanos;
    }

    /** Nanos (System.nanoTime) when the peer last sent us any byte, as far as reports tell. */
    public long lastTransportActivityNanos() {
        return lastTransportChangeNanos;
    }

    /** The selected candidate pair as of the latest report that named one; null before. */
    public IceRoute route() {
        return route;
    }

    /** One report in, one stats record out; {@code psnrY}/{@code paired}/{@code queueDrops} come from the engine. */
    public CallStats update(RTCStatsReport report, long nowNanos, double psnrY, long paired, long queueDrops) {
        Map<String, String> codecs = new HashMap<>();
        RTCStats out = null;
        RTCStats in = null;
        RTCStats remoteIn = null;
        double rtt = 0;
        long transport = 0;
        for (RTCStats s : report.getStats().values()) {
            Map<String, Object> a = s.getAttributes();
            RTCStatsType type = s.getType();
            if (type == RTCStatsType.CODEC) {
                codecs.put(s.getId(), str(a.get("mimeType")));
            } else if (type == RTCStatsType.OUTBOUND_RTP && isVideo(a)) {
                out = s;
            } else if (type == RTCStatsType.INBOUND_RTP && isVideo(a)) {
                in = s;
            } else if (type == RTCStatsType.REMOTE_INBOUND_RTP && isVideo(a)) {
                remoteIn = s;
            } else if (type == RTCStatsType.CANDIDATE_PAIR
                    && "succeeded".equals(str(a.get("state")))
                    && a.get("currentRoundTripTime") != null) {
                rtt = Math.max(rtt, dbl(a.get("currentRoundTripTime")) * 1000);
            } else if (type == RTCStatsType.TRANSPORT) {
                transport += lng(a.get("bytesReceived"));
            }
        }
        IceRoute selected = selectedRoute(report.getStats());
        if (selected != null) {
            route = selected;
        }
        if (transport != transportBytesReceived) {
            transportBytesReceived = transport;
            lastTransportChangeNanos = nowNanos;
        }
        double seconds = Math.max(1e-3, (nowNanos - lastNanos) / 1e9);
        lastNanos = nowNanos;

        long bytesSent = out == null ? lastBytesSent : lng(out.getAttributes().get("bytesSent"));
        long framesSent = out == null ? lastFramesSent : lng(out.getAttributes().get("framesSent"));
        long bytesReceived =
                in == null ? lastBytesReceived : lng(in.getAttributes().get("bytesReceived"));
        long framesDecoded =
                in == null ? lastFramesDecoded : lng(in.getAttributes().get("framesDecoded"));
        double sendKbps = (bytesSent - lastBytesSent) * 8 / seconds / 1000;
        double receiveKbps = (bytesReceived - lastBytesReceived) * 8 / seconds / 1000;
        double fpsSent = (framesSent - lastFramesSent) / seconds;
        double fpsDecoded = (framesDecoded - lastFramesDecoded) / seconds;
        lastBytesSent = bytesSent;
        lastBytesReceived = bytesReceived;
        lastFramesSent = framesSent;
        lastFramesDecoded = framesDecoded;

        Map<String, Object> o = out == null ? Map.of() : out.getAttributes();
        Map<String, Object> i = in == null ? Map.of() : in.getAttributes();
        Map<String, Object> r = remoteIn == null ? Map.of() : remoteIn.getAttributes();
        if (rtt == 0 && r.get("roundTripTime") != null) {
            rtt = dbl(r.get("roundTripTime")) * 1000;
        }
        return new CallStats(
                (nowNanos - startNanos) / 1_000_000,
                sendKbps,
                receiveKbps,
                dbl(o.get("targetBitrate")) / 1000,
                fpsSent,
                fpsDecoded,
                (int) lng(o.get("frameWidth")),
                (int) lng(o.get("frameHeight")),
                (int) lng(i.get("frameWidth")),
                (int) lng(i.get("frameHeight")),
                codecs.getOrDefault(str(o.get("codecId")), ""),
                codecs.getOrDefault(str(i.get("codecId")), ""),
                rtt,
                lng(i.get("packetsLost")),
                dbl(r.get("fractionLost")),
                dbl(i.get("jitter")) * 1000,
                lng(i.get("framesDropped")),
                queueDrops,
                o.get("qualityLimitationReason") == null ? "" : str(o.get("qualityLimitationReason")),
                framesSent,
                framesDecoded,
                psnrY,
                paired,
                bytesSent,
                bytesReceived);
    }

    // transport.selectedCandidatePairId -> candidate-pair.{local,remote}CandidateId -> candidate.candidateType
    private static IceRoute selectedRoute(Map<String, RTCStats> stats) {
        for (RTCStats s : stats.values()) {
            if (s.getType() != RTCStatsType.TRANSPORT) {
                continue;
            }
            RTCStats pair = stats.get(str(s.getAttributes().get("selectedCandidatePairId")));
            if (pair == null) {
                continue;
            }
            RTCStats local = stats.get(str(pair.getAttributes().get("localCandidateId")));
            RTCStats remote = stats.get(str(pair.getAttributes().get("remoteCandidateId")));
            if (local != null && remote != null) {
                return new IceRoute(
                        str(local.getAttributes().get("candidateType")),
                        str(remote.getAttributes().get("candidateType")),
                        str(local.getAttributes().get("protocol")));
            }
        }
        return null;
    }

    private static boolean isVideo(Map<String, Object> a) {
        return "video".equals(a.get("kind")) || "video".equals(a.get("mediaType"));
    }

    private static String str(Object o) {
        return o == null ? "" : o.toString();
    }

    private static long lng(Object o) {
        return o instanceof Number n ? n.longValue() : 0;
    }

    private static double dbl(Object o) {
        return o instanceof Number n ? n.doubleValue() : 0;
    }
}

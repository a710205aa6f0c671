package io.dejavu.cli.signaling;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.dejavu.protocol.Json;
import java.util.Locale;

/**
 * What {@link SignalingBench} measured. Latencies are in milliseconds, measured at the calling client:
 * {@code invite*} from sending invite to receiving ringing (one round trip through the server),
 * {@code accept*} from invite to call_accepted (the callee's client answers in between), {@code offerAnswer*}
 * from sending the SDP offer to receiving the answer (two relays).
 */
public record BenchResult(
        int clientsRequested,
        int clientsConnected,
        int connectFailures,
        double connectSeconds,
        int stillConnectedAfterHold,
        double holdSeconds,
        int callsCompleted,
        int callsFailed,
        double callsPerSecond,
        double inviteP50Ms,
        double inviteP99Ms,
        double inviteMaxMs,
        double acceptP50Ms,
        double acceptP99Ms,
        double offerAnswerP50Ms,
        double offerAnswerP99Ms,
        long heapUsedMb,
        int availableProcessors,
        boolean inProcessServer) {

    public String toJson() {
        try {
            return Json.mapper().writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write bench result", e);
        }
    }

    public String toTable() {
        StringBuilder sb = new StringBuilder();
        row(sb, "clients connected", clientsConnected + " / " + clientsRequested + " (" + connectFailures + " failed)");
        row(
                sb,
                "connect time",
                fmt("%.1f s (%.0f connects/s)", connectSeconds, clientsConnected / Math.max(connectSeconds, 1e-9)));
        row(sb, "still connected after hold", stillConnectedAfterHold + " after " + fmt("%.0f s", holdSeconds));
        row(sb, "calls", callsCompleted + " ok, " + callsFailed + " failed, " + fmt("%.0f/s", callsPerSecond));
        row(sb, "invite→ringing p50 / p99 / max", fmt("%.2f / %.2f / %.2f ms", inviteP50Ms, inviteP99Ms, inviteMaxMs));
        row(sb, "invite→accepted p50 / p99", fmt("%.2f / %.2f ms", acceptP50Ms, acceptP99Ms));
        row(sb, "offer→answer p50 / p99", fmt("%.2f / %.2f ms", offerAnswerP50Ms, offerAnswerP99Ms));
        row(
                sb,
                "heap used",
                heapUsedMb + " MB (" + (inProcessServer ? "server and clients in one JVM" : "clients only") + ")");
        row(sb, "CPUs", String.valueOf(availableProcessors));
        return sb.toString();
    }

    private static void row(StringBuilder sb, String name, String value) {
        sb.append(String.format(Locale.ROOT, "%-32s %s%n", name, value));
    }

    private static String fmt(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }
}

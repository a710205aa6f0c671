package io.dejavu.cli.signaling;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.dejavu.protocol.Json;
import java.util.Locale;

/**
 * What {@link ClusterBench} measured, in the naming of {@link BenchResult}. {@code invite*} is a cross-node round
 * trip: invite on the caller's node, ringing once the callee's node rang the callee. With a kill: {@code
 * killedNodeClients} were on the stopped node, {@code clientsBack} of them resumed elsewhere, the slowest after
 * {@code backMaxMs}; {@code callsSurvived} of {@code callsInProgress} calls (half with a party on the killed node,
 * half between two other nodes) still relayed SDP afterwards and heard no call_ended.
 */
public record ClusterBenchResult(
        int nodes,
        int clientsRequested,
        int clientsHeld,
        double connectSeconds,
        int crossNodeInvites,
        int crossNodeInvitesFailed,
        double inviteP50Ms,
        double inviteP99Ms,
        double inviteMaxMs,
        double acceptP50Ms,
        double acceptP99Ms,
        double offerAnswerP50Ms,
        double offerAnswerP99Ms,
        boolean killedOne,
        int killedNodeClients,
        int clientsBack,
        double backP50Ms,
        double backMaxMs,
        int callsInProgress,
        int callsSurvived,
        int callsBetweenOtherNodesSurvived,
        long heapUsedMb,
        int availableProcessors) {

    public String toJson() {
        try {
            return Json.mapper().writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write bench result", e);
        }
    }

    public String toTable() {
        StringBuilder sb = new StringBuilder();
        row(sb, "nodes", String.valueOf(nodes));
        row(sb, "clients held", clientsHeld + " / " + clientsRequested + fmt(" (connected in %.1f s)", connectSeconds));
        row(sb, "cross-node invites", crossNodeInvites + " ok, " + crossNodeInvitesFailed + " failed");
        row(sb, "invite→ringing p50 / p99 / max", fmt("%.2f / %.2f / %.2f ms", inviteP50Ms, inviteP99Ms, inviteMaxMs));
        row(sb, "invite→accepted p50 / p99", fmt("%.2f / %.2f ms", acceptP50Ms, acceptP99Ms));
        row(sb, "offer→answer p50 / p99", fmt("%.2f / %.2f ms", offerAnswerP50Ms, offerAnswerP99Ms));
        if (killedOne) {
            row(sb, "killed node's clients back", clientsBack + " / " + killedNodeClients);
            row(sb, "back after p50 / max", fmt("%.0f / %.0f ms", backP50Ms, backMaxMs));
            row(
                    sb,
                    "calls in progress survived",
                    callsSurvived + " / " + callsInProgress + " (" + callsBetweenOtherNodesSurvived
                            + " between two other nodes)");
        }
        row(sb, "heap used", heapUsedMb + " MB (nodes, Redis client and bench clients in one JVM)");
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

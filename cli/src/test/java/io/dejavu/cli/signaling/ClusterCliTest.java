package io.dejavu.cli.signaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.dejavu.protocol.Json;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code signaling --redis} and {@code signaling-bench --nodes} against a real redis-server (ADR 0306). */
class ClusterCliTest {
    record Run(int exit, String out, String err) {}

    private static Run run(String... args) {
        CommandLine cmd = SignalingCli.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cmd.setOut(new PrintWriter(out));
        cmd.setErr(new PrintWriter(err));
        int exit = cmd.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    private static Path db() throws Exception {
        Files.createDirectories(Path.of("target", "test-dbs"));
        return Path.of("target", "test-dbs", UUID.randomUUID() + ".db");
    }

    @Test
    void clusterBenchSpreadsClientsKillsANodeAndReportsTheirReturn() throws Exception {
        Run r = run(
                "signaling-bench",
                "--nodes",
                "3",
                "--clients",
                "60",
                "--hold-s",
                "0",
                "--calls",
                "30",
                "--warmup-calls",
                "5",
                "--concurrency",
                "3",
                "--kill-one",
                "--calls-in-progress",
                "4",
                "--json");
        assertEquals(0, r.exit(), r.err());
        JsonNode json = Json.mapper()
                .readTree(r.out().trim().lines().reduce((a, b) -> b).orElseThrow());
        assertEquals(3, json.get("nodes").asInt());
        assertEquals(60, json.get("clientsHeld").asInt());
        assertEquals(30, json.get("crossNodeInvites").asInt());
        assertTrue(json.get("inviteP99Ms").asDouble() > 0, r.out());
        assertEquals(20, json.get("killedNodeClients").asInt(), r.out());
        assertEquals(20, json.get("clientsBack").asInt(), r.out());
        assertEquals(4, json.get("callsInProgress").asInt(), r.out());
        assertEquals(4, json.get("callsSurvived").asInt(), r.out());
        assertEquals(2, json.get("callsBetweenOtherNodesSurvived").asInt(), r.out());
    }

    @Test
    void killOneNeedsThreeNodes() {
        Run r = run("signaling-bench", "--nodes", "2", "--clients", "40", "--kill-one");
        assertEquals(2, r.exit());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains("--nodes 3"), r.err());
    }

    @Test
    void redisMustBeARedisUrl() throws Exception {
        Run r = run("signaling", "--port", "0", "--db", db().toString(), "--redis", "http://127.0.0.1:6379");
        assertEquals(2, r.exit());
        assertTrue(r.err().startsWith("dejavu: --redis must be redis://"), r.err());
    }

    @Test
    void unreachableRedisIsAOneLineFailure() throws Exception {
        Run r = run("signaling", "--port", "0", "--db", db().toString(), "--redis", "redis://127.0.0.1:1");
        assertEquals(1, r.exit(), r.err());
        assertTrue(r.err().startsWith("dejavu: cannot connect to Redis at redis://127.0.0.1:1"), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
    }
}

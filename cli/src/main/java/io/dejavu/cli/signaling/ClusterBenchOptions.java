package io.dejavu.cli.signaling;

import java.net.URI;
import java.time.Duration;

/**
 * What {@link ClusterBench} does: start {@code nodes} signaling nodes sharing one Redis, spread {@code clients}
 * over them, hold them for {@code hold}, time {@code calls} call set-ups whose two parties are on different nodes,
 * and with {@code killOne} stop one node while calls run and time its clients' return.
 *
 * @param redis a Redis to share, or null to start a private redis-server
 * @param callsInProgress calls kept up across the kill (with {@code killOne})
 */
public record ClusterBenchOptions(
        int nodes,
        int clients,
        Duration hold,
        int calls,
        int warmupCalls,
        int concurrency,
        int connectParallelism,
        URI redis,
        boolean killOne,
        int callsInProgress,
        Duration timeout) {
    public static final int MAX_NODES = 16;

    public ClusterBenchOptions {
        if (nodes < 2 || nodes > MAX_NODES) {
            throw new IllegalArgumentException("--nodes must be in 2.." + MAX_NODES + ", got " + nodes);
        }
        if (killOne && nodes < 3) {
            throw new IllegalArgumentException(
                    "--kill-one needs --nodes 3 or more: the killed node's clients go elsewhere and a call between"
                            + " two other nodes must go on");
        }
        if (clients < 2 * nodes || clients > BenchOptions.MAX_CLIENTS) {
            throw new IllegalArgumentException(
                    "--clients must be in " + 2 * nodes + ".." + BenchOptions.MAX_CLIENTS + ", got " + clients);
        }
        if (hold == null || hold.isNegative() || hold.compareTo(Duration.ofMinutes(10)) > 0) {
            throw new IllegalArgumentException("hold must be between 0 and 10 minutes, got " + hold);
        }
        if (calls < 1 || calls > 1_000_000) {
            throw new IllegalArgumentException("--calls must be in 1..1000000, got " + calls);
        }
        if (warmupCalls < 0 || warmupCalls > 100_000) {
            throw new IllegalArgumentException("--warmup-calls must be in 0..100000, got " + warmupCalls);
        }
        if (concurrency < 1 || concurrency > clients / 4) {
            throw new IllegalArgumentException("--concurrency must be in 1.." + clients / 4 + ", got " + concurrency);
        }
        if (connectParallelism < 1 || connectParallelism > 1024) {
            throw new IllegalArgumentException("connect parallelism must be in 1..1024, got " + connectParallelism);
        }
        if (redis != null && !"redis".equals(redis.getScheme())) {
            throw new IllegalArgumentException("--redis must be redis://host:port, got " + redis);
        }
        if (callsInProgress < 0 || callsInProgress > clients / 8) {
            throw new IllegalArgumentException(
                    "calls in progress must be in 0.." + clients / 8 + ", got " + callsInProgress);
        }
        if (timeout == null
                || timeout.isNegative()
                || timeout.isZero()
                || timeout.compareTo(Duration.ofMinutes(30)) > 0) {
            throw new IllegalArgumentException("timeout must be between 0 and 30 minutes, got " + timeout);
        }
    }
}

package io.dejavu.cli.signaling;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * What {@link SignalingBench} does: hold {@code clients} idle connections for {@code hold}, then run
 * {@code calls} call set-ups ({@code concurrency} at a time). Without {@code url} it starts its own server
 * in-process; with one it must be a loopback address and {@code database} the server's user file.
 *
 * @param clients connections to open and hold, 2..20000
 * @param hold how long to hold them idle (heartbeats running) before measuring calls
 * @param calls call set-ups to time (invite → ringing → accept → offer/answer → hang-up)
 * @param warmupCalls untimed call set-ups first, so the JIT has compiled the hot paths
 * @param concurrency calls in flight at once
 * @param connectParallelism connects in flight at once
 * @param url server to target, or null to start one in-process
 * @param database user database to create the bench users in
 * @param timeout hard limit on the whole run
 */
public record BenchOptions(
        int clients,
        Duration hold,
        int calls,
        int warmupCalls,
        int concurrency,
        int connectParallelism,
        URI url,
        Path database,
        Duration timeout) {
    public static final int MAX_CLIENTS = 20_000;

    public BenchOptions {
        if (clients < 2 || clients > MAX_CLIENTS) {
            throw new IllegalArgumentException("--clients must be in 2.." + MAX_CLIENTS + ", got " + clients);
        }
        if (hold == null || hold.isNegative() || hold.compareTo(Duration.ofMinutes(10)) > 0) {
            throw new IllegalArgumentException("hold must be between 0 and 10 minutes, got " + hold);
        }
        if (calls < 0 || calls > 1_000_000) {
            throw new IllegalArgumentException("calls must be in 0..1000000, got " + calls);
        }
        if (warmupCalls < 0 || warmupCalls > 100_000) {
            throw new IllegalArgumentException("warm-up calls must be in 0..100000, got " + warmupCalls);
        }
        if (concurrency < 1 || concurrency > clients / 2) {
            throw new IllegalArgumentException(
                    "concurrency must be in 1.." + clients / 2 + " (one call per client pair), got " + concurrency);
        }
        if (connectParallelism < 1 || connectParallelism > 1024) {
            throw new IllegalArgumentException("connect parallelism must be in 1..1024, got " + connectParallelism);
        }
        if (url != null) {
            requireLoopback(url);
            if (database == null) {
                throw new IllegalArgumentException(
                        "--url needs --db, the target server's user database, to create" + " bench users in");
            }
        }
        if (timeout == null
                || timeout.isNegative()
                || timeout.isZero()
                || timeout.compareTo(Duration.ofMinutes(30)) > 0) {
            throw new IllegalArgumentException("timeout must be between 0 and 30 minutes, got " + timeout);
        }
    }

    /** Load tests stay on this machine: only 127.0.0.0/8, ::1 and localhost are allowed. */
    static void requireLoopback(URI url) {
        String scheme = url.getScheme();
        if (!"ws".equals(scheme) && !"wss".equals(scheme)) {
            throw new IllegalArgumentException("--url must be ws:// or wss://, got " + url);
        }
        String host = url.getHost();
        try {
            if (host == null || !InetAddress.getByName(host).isLoopbackAddress()) {
                throw new IllegalArgumentException("the bench only targets loopback addresses, got " + url);
            }
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("cannot resolve " + host + " in " + url, e);
        }
    }
}

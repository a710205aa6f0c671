package io.dejavu.signaling;

import io.dejavu.protocol.db.DatabaseLocation;
import io.dejavu.testing.postgres.Backend;
import io.dejavu.testing.postgres.EmbeddedPostgresServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * What the user database costs a signaling node on each engine (ADR 0309): opening it (Flyway included), one
 * sign-in's token check, the revalidation poll, and token checks from 8 threads at once. A local SQLite file
 * against zonky's embedded PostgreSQL on loopback. Not a test; run by hand (docs/PERFORMANCE.md):
 *
 * <pre>
 * java -cp ...test classpath... io.dejavu.signaling.UserStoreMeasurement [users, default 2000]
 * </pre>
 */
public final class UserStoreMeasurement {
    private UserStoreMeasurement() {}

    public static void main(String[] args) throws Exception {
        int users = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        System.out.println("| engine | open, new db | open again | token check median | p99 | change-stamp"
                + " median | 8 threads, checks/s |");
        System.out.println("|---|---|---|---|---|---|---|");
        try (EmbeddedPostgresServer pg = new EmbeddedPostgresServer()) {
            for (int round = 0; round < 2; round++) { // the first round warms the JVM up; print the second
                for (Backend backend : Backend.values()) {
                    String row = measure(backend, pg, users);
                    if (round == 1) {
                        System.out.println(row);
                    }
                }
            }
        }
    }

    private static String measure(Backend backend, EmbeddedPostgresServer pg, int users) throws Exception {
        DatabaseLocation location;
        if (backend == Backend.SQLITE) {
            Path dir = Path.of("target", "test-dbs");
            Files.createDirectories(dir);
            location = DatabaseLocation.sqlite(dir.resolve(UUID.randomUUID() + ".db"));
        } else {
            location = new DatabaseLocation.Postgres(pg.newDatabaseUrl("measure"), Optional.empty());
        }
        long t0 = System.nanoTime();
        UserStore first = UserStore.open(location);
        double openNew = ms(System.nanoTime() - t0);
        List<String> names = new ArrayList<>();
        for (int i = 0; i < users; i++) {
            names.add("user" + i);
        }
        List<String> tokens = new ArrayList<>(first.addUsers(names).values());
        first.close();
        t0 = System.nanoTime();
        try (UserStore store = UserStore.open(location)) {
            double openAgain = ms(System.nanoTime() - t0);
            List<Double> checks = new ArrayList<>();
            for (String token : tokens) {
                long s = System.nanoTime();
                if (store.authenticate(token).isEmpty()) {
                    throw new IllegalStateException("a fresh token did not authenticate");
                }
                checks.add(ms(System.nanoTime() - s));
            }
            List<Double> stamps = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                long s = System.nanoTime();
                store.changeStamp();
                stamps.add(ms(System.nanoTime() - s));
            }
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                long start = System.nanoTime();
                List<Future<?>> done = new ArrayList<>();
                for (int th = 0; th < 8; th++) {
                    done.add(pool.submit(() -> tokens.forEach(store::authenticate)));
                }
                for (Future<?> f : done) {
                    f.get();
                }
                double perSecond = 8.0 * tokens.size() / ((System.nanoTime() - start) / 1e9);
                return String.format(
                        "| %s | %.0f ms | %.0f ms | %.3f ms | %.3f ms | %.3f ms | %.0f |",
                        backend,
                        openNew,
                        openAgain,
                        quantile(checks, 0.5),
                        quantile(checks, 0.99),
                        quantile(stamps, 0.5),
                        perSecond);
            } finally {
                pool.shutdown();
            }
        }
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }

    private static double quantile(List<Double> values, double q) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.floor(q * sorted.size())));
    }
}

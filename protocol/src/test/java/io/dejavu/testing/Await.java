package io.dejavu.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * The one way tests wait: for a condition, polling, up to a generous limit; never a fixed sleep, and the limit is
 * not what the test asserts.
 *
 * <pre>{@code
 * Await.until("alice's session is gone", Duration.ofSeconds(5), () -> server.sessionCount() == 0);
 * }</pre>
 */
public final class Await {
    private static final long POLL_MS = 10;

    private Await() {}

    /**
     * Returns once {@code condition} holds.
     *
     * @throws AssertionError naming {@code what} if it does not hold within {@code limit}
     */
    public static void until(String what, Duration limit, BooleanSupplier condition) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + limit + ": " + what);
            }
            try {
                Thread.sleep(POLL_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting until " + what, e);
            }
        }
    }
}

package io.dejavu.store.client;

import java.time.Duration;

/**
 * How often and how patiently the client tries again. One policy for fetches, admin calls and
 * uploads, so that a store that is restarting sees every kind of request back off alike.
 */
record RetryPolicy(int retries, Duration backoff) {

    /**
     * Waits before attempt {@code attempt} (1 for the first retry). The wait doubles each time but
     * stops growing after 64 times the base, so a large retry count cannot stall a call set-up for
     * minutes.
     */
    void pause(int attempt) throws ModelStoreException {
        try {
            Thread.sleep(backoff.toMillis() << Math.min(attempt - 1, 6));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ModelStoreException(
                    ModelStoreException.Reason.UNREACHABLE, 0, "interrupted while waiting to retry the store", e);
        }
    }
}

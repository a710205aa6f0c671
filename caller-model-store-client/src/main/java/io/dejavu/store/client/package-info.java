/**
 * Client of the caller-model store: {@link io.dejavu.store.client.ModelStoreClient} fetches a
 * caller's model for a call (ticket), with timeouts, retries, sha256 checks and a disk cache keyed
 * by caller and hash, and publishes, lists, activates and deletes versions (admin token).
 */
package io.dejavu.store.client;

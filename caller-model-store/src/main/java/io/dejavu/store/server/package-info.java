/**
 * The caller-model store service: {@link io.dejavu.store.server.ModelStoreServer} configured by
 * {@link io.dejavu.store.server.StoreConfig}. The HTTP API is described in {@link io.dejavu.store}.
 */
package io.dejavu.store.server;

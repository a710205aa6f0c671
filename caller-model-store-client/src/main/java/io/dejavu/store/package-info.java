/**
 * The caller-model store: personal enhancement models, versioned, verified, and only for the people
 * on the call. This package holds what server and client share: the bundle format ({@link
 * io.dejavu.store.ModelBundle}), the listing records and the protocol names ({@link
 * io.dejavu.store.StoreProtocol}); it lives in the caller-model-store-client module with the caching
 * client, {@link io.dejavu.store.client.ModelStoreClient}, so that clients need no server (ADR
 * 0002). The service is {@code io.dejavu.store.server.ModelStoreServer} in caller-model-store
 * ({@code ./dejavu store}).
 *
 * <h2>Bundle</h2>
 *
 * A ZIP with exactly {@code metadata.json} ({@link io.dejavu.protocol.model.ModelMetadata}), {@code
 * enhancer.onnx} and, when the metadata's {@code scorerPatchSize} is positive, {@code scorer.onnx}.
 * The store keeps and serves one canonical form (stored entries, fixed order and timestamps); its
 * sha256 is the version's ETag. Decision record: {@code docs/decisions/0201-store-api.md}.
 *
 * <h2>HTTP API (v1)</h2>
 *
 * <pre>
 * Authorization: Bearer &lt;admin token&gt;                  admin: everything
 * Authorization: Ticket &lt;call ticket&gt;                   download only, with
 * X-Dejavu-Requester: &lt;name&gt;                             the ticket's holder (percent-encoded
 *                                                          UTF-8); the ticket's peer
 *                                                          must be the caller fetched
 * Authorization: Publish &lt;publish credential&gt;         a user's own credential from signaling
 *                                                          (ADR 0308): uploads of their own model
 *                                                          only, with a proof by its key
 * X-Dejavu-Ticket-Proof: &lt;proof&gt;                         with a ticket or publish credential:
 *                                                          signed by the key it is bound to, for
 *                                                          this method and path, fresh (30 s),
 *                                                          used once (ADR 0305)
 *
 * GET    /v1/models/{caller}                  admin|ticket  active bundle (application/zip); the
 *                                                          generic model, flagged, when the caller
 *                                                          has none (?fallback=false: 404 instead)
 * GET    /v1/models/{caller}/versions/{n}     admin|ticket  one version's bundle
 * POST   /v1/models/{caller}/versions         admin|publish upload a bundle ZIP (body); validated;
 *                                                          201 + version JSON; ?activate=false keeps
 *                                                          the active one; with a publish credential
 *                                                          only for its own user, N an hour
 *                                                          (--self-publish-per-hour), and the
 *                                                          version records publishedBy
 * GET    /v1/models/{caller}/versions         admin         versions JSON, oldest first
 * GET    /v1/models/{caller}/active           admin         active version JSON
 * PUT    /v1/models/{caller}/active           admin         {"version": n}: activate / roll back
 * DELETE /v1/models/{caller}/versions/{n}     admin         delete a version (if active, the caller
 *                                                          has none until one is activated)
 * DELETE /v1/models/{caller}                  admin         delete all of a caller's versions
 * GET    /v1/models                           admin         callers JSON
 * GET    /healthz                             none          {"status":"ok"}
 * </pre>
 *
 * Downloads carry {@code ETag: "<sha256>"}, {@code X-Dejavu-Model-Sha256}, {@code
 * X-Dejavu-Model-Version}, {@code X-Dejavu-Model-Caller} and {@code X-Dejavu-Model-Generic}, and
 * answer {@code If-None-Match} with 304. Errors are JSON {@code {"status": 400, "error": "..."}}:
 * 400 invalid bundle or request (the reason names the file and the problem), 401 missing, forged,
 * expired or malformed credential, or a ticket or publish credential without a valid proof of its
 * holder's key, or of a revoked user, 403 valid credential without the right (ticket for another
 * caller or requester, ticket on an admin call or an upload, publish credential for another caller
 * or on anything but an upload), 404 nothing there, 413 over the size limit, 429 past the
 * self-publish limit, 503 when signaling cannot confirm a ticket or credential.
 *
 * <h2>Commands</h2>
 *
 * <pre>
 * ./dejavu store --port 8090 --db store.db --admin-token T [--ticket-secret S] [--generic DIR]
 *                [--pkcs12 FILE --pkcs12-password X] [--host ADDR] [--max-bundle-bytes N]
 *                [--signaling URL] [--self-publish-per-hour N]
 * ./dejavu store-admin --store URL [--admin-token T] callers | versions C | upload DIR|ZIP
 *                | activate C N | delete C [N]
 * ./dejavu store-bench [--fetches N --clients N --seconds N --channels N --json]
 * </pre>
 *
 * <pre>{@code
 * curl -H "Authorization: Bearer $DEJAVU_ADMIN_TOKEN" --data-binary @alice.zip \
 *      -H 'Content-Type: application/zip' http://127.0.0.1:8090/v1/models/alice/versions
 * }</pre>
 */
package io.dejavu.store;

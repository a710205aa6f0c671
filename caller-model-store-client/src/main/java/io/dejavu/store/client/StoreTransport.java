package io.dejavu.store.client;

import com.fasterxml.jackson.core.type.TypeReference;
import io.dejavu.protocol.Json;
import io.dejavu.store.StoreProtocol;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;

/**
 * HTTP to one store: credentials on every request, timeouts, and which failures may be retried
 * for which kind of call. Everything it throws is a {@link ModelStoreException}.
 */
final class StoreTransport implements AutoCloseable {
    private static final AtomicInteger CLIENTS = new AtomicInteger();

    private final URI base;
    private final HttpClient http;
    private final ExecutorService executor;
    private final Duration requestTimeout;
    private final RetryPolicy retry;

    StoreTransport(
            URI base, Duration connectTimeout, Duration requestTimeout, SSLContext sslContext, RetryPolicy retry) {
        String s = base.toString();
        this.base = URI.create(s.endsWith("/") ? s.substring(0, s.length() - 1) : s);
        int id = CLIENTS.incrementAndGet();
        AtomicInteger threads = new AtomicInteger();
        // Our own executor, so the threads are named for this client and close() can stop them:
        // on Java 17 HttpClient has no close of its own.
        this.executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "store-client-" + id + "-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        HttpClient.Builder hb = HttpClient.newBuilder()
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .executor(executor);
        if (sslContext != null) {
            hb.sslContext(sslContext);
        }
        this.http = hb.build();
        this.requestTimeout = requestTimeout;
        this.retry = retry;
    }

    URI base() {
        return base;
    }

    HttpRequest.Builder request(String path, Credential credential) {
        HttpRequest.Builder rb = HttpRequest.newBuilder(URI.create(base + path)).timeout(requestTimeout);
        if (credential instanceof Credential.Admin a) {
            rb.header("Authorization", StoreProtocol.SCHEME_ADMIN + " " + a.token());
        } else if (credential instanceof Credential.Ticket t) {
            rb.header("Authorization", StoreProtocol.SCHEME_TICKET + " " + t.token());
            rb.header(StoreProtocol.HEADER_REQUESTER, StoreProtocol.encodeHeaderValue(t.requester()));
        } else if (credential instanceof Credential.Publish p) {
            rb.header("Authorization", StoreProtocol.SCHEME_PUBLISH + " " + p.token());
        }
        return rb;
    }

    /**
     * The request as it goes out: with a ticket, a fresh proof for its method and path (a proof is
     * good for one request, so every attempt gets its own).
     */
    private HttpRequest attempt(HttpRequest req, Credential credential) {
        String token;
        io.dejavu.protocol.ticket.TicketKey key;
        if (credential instanceof Credential.Ticket t) {
            token = t.token();
            key = t.key();
        } else if (credential instanceof Credential.Publish p) {
            token = p.token();
            key = p.key();
        } else {
            return req;
        }
        // The store checks the path it serves: the request's, less any prefix in our base URI.
        String path = req.uri().getRawPath();
        String prefix = base.getRawPath() == null ? "" : base.getRawPath();
        if (!prefix.isEmpty() && path.startsWith(prefix)) {
            path = path.substring(prefix.length());
        }
        String proof = key.prove(req.method(), path, token, Instant.now());
        return HttpRequest.newBuilder(req, (name, value) -> true)
                .setHeader(StoreProtocol.HEADER_TICKET_PROOF, proof)
                .build();
    }

    /** {@link #sendIdempotent(HttpRequest, Credential)} for a request that needs no proof (admin). */
    HttpResponse<InputStream> sendIdempotent(HttpRequest req) throws ModelStoreException {
        return sendIdempotent(req, null);
    }

    /**
     * One attempt; for callers that run their own retry loop. {@code credential} is the one the
     * request was built with (for a ticket's proof).
     */
    HttpResponse<InputStream> send(HttpRequest req, Credential credential) throws ModelStoreException {
        try {
            return http.send(attempt(req, credential), HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw unreachable(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ModelStoreException(
                    ModelStoreException.Reason.UNREACHABLE, 0, "interrupted while calling the store at " + base, e);
        }
    }

    /**
     * For idempotent calls (uploads too, with their idempotency key): retries no answer, 429 (too
     * many uploads from this client) and 5xx. The last 429 or 5xx is returned, not thrown, so the
     * caller reports it in terms of what it was doing.
     */
    HttpResponse<InputStream> sendIdempotent(HttpRequest req, Credential credential) throws ModelStoreException {
        ModelStoreException last = null;
        for (int attempt = 0; attempt <= retry.retries(); attempt++) {
            if (attempt > 0) {
                retry.pause(attempt);
            }
            try {
                HttpResponse<InputStream> resp = send(req, credential);
                if ((resp.statusCode() >= 500 || resp.statusCode() == 429) && attempt < retry.retries()) {
                    try (InputStream body = resp.body()) {
                        last = StoreErrors.failure(resp.statusCode(), StoreErrors.readError(body), "calling the store");
                    } catch (IOException e) {
                        last = unreachable(e);
                    }
                    continue;
                }
                return resp;
            } catch (ModelStoreException e) {
                if (e.reason() != ModelStoreException.Reason.UNREACHABLE) {
                    throw e;
                }
                last = e;
            }
        }
        throw last;
    }

    /** The body as {@code type} if the status is {@code expected}, else the store's reason. */
    <T> T readJson(HttpResponse<InputStream> resp, int expected, TypeReference<T> type, String what)
            throws ModelStoreException {
        try (InputStream body = resp.body()) {
            if (resp.statusCode() != expected) {
                throw StoreErrors.failure(resp.statusCode(), StoreErrors.readError(body), what);
            }
            return Json.mapper().readValue(body, type);
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new ModelStoreException(
                    ModelStoreException.Reason.SERVER_ERROR,
                    resp.statusCode(),
                    "store answered " + what + " with unreadable JSON: "
                            + (e instanceof com.fasterxml.jackson.core.JsonProcessingException j
                                    ? Json.describe(j)
                                    : e.getOriginalMessage()),
                    e);
        } catch (IOException e) {
            throw unreachable(e);
        }
    }

    /** For answers without a body: fails with the store's reason unless the status is {@code expected}. */
    void expectStatus(HttpResponse<InputStream> resp, int expected, String what) throws ModelStoreException {
        try (InputStream body = resp.body()) {
            if (resp.statusCode() != expected) {
                throw StoreErrors.failure(resp.statusCode(), StoreErrors.readError(body), what);
            }
        } catch (IOException e) {
            throw unreachable(e);
        }
    }

    ModelStoreException unreachable(IOException e) {
        return StoreErrors.unreachable(base, e);
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}

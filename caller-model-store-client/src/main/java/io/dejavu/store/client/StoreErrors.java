package io.dejavu.store.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.dejavu.protocol.Json;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * Turns HTTP statuses and I/O failures into {@link ModelStoreException}s. Kept in one place so that
 * every operation maps a status to the same {@link ModelStoreException.Reason}, which the app's
 * call set-up switches on.
 */
final class StoreErrors {
    /** Enough of an error body for the store's JSON reason or the start of a proxy's page. */
    private static final int ERROR_BODY_BYTES = 8192;

    private StoreErrors() {}

    /** A non-success answer; {@code what} completes "store rejected ...", "store has nothing for ...". */
    static ModelStoreException failure(int status, String serverMessage, String what) {
        ModelStoreException.Reason reason =
                switch (status) {
                    case 400, 413 -> ModelStoreException.Reason.REJECTED;
                    case 401 -> ModelStoreException.Reason.UNAUTHORIZED;
                    case 403 -> ModelStoreException.Reason.FORBIDDEN;
                    case 404 -> ModelStoreException.Reason.NOT_FOUND;
                    case 429 -> ModelStoreException.Reason.RATE_LIMITED;
                    default -> ModelStoreException.Reason.SERVER_ERROR;
                };
        String prefix =
                switch (reason) {
                    case REJECTED -> "store rejected " + what;
                    case UNAUTHORIZED -> "store refused the credential for " + what;
                    case FORBIDDEN -> "store does not allow " + what;
                    case NOT_FOUND -> "store has nothing for " + what;
                    default -> "store failed " + what + " (HTTP " + status + ")";
                };
        return new ModelStoreException(reason, status, prefix + ": " + serverMessage, null);
    }

    /** The store's {@code error} field, or the start of whatever else answered. */
    static String readError(InputStream body) throws IOException {
        byte[] raw = body.readNBytes(ERROR_BODY_BYTES);
        try {
            JsonNode node = Json.mapper().readTree(raw);
            if (node != null && node.hasNonNull("error")) {
                return node.get("error").asText();
            }
        } catch (IOException e) {
            // not our JSON (a proxy's page?); show its start
        }
        String text = new String(raw, StandardCharsets.UTF_8).strip();
        return text.isEmpty() ? "no reason given" : text.substring(0, Math.min(200, text.length()));
    }

    /** No usable answer; the two common causes are named in words a user can act on. */
    static ModelStoreException unreachable(URI base, IOException e) {
        String why = e instanceof HttpTimeoutException
                ? "timed out"
                : e instanceof ConnectException
                        ? "connection refused"
                        : e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        return new ModelStoreException(
                ModelStoreException.Reason.UNREACHABLE,
                0,
                "model store at " + base + " is unreachable (" + why + ")",
                e);
    }
}

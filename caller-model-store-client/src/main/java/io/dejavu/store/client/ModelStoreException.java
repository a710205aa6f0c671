package io.dejavu.store.client;

/**
 * A store operation that failed; {@link #reason()} says what kind of failure, the message says
 * what happened in a sentence fit for a user.
 *
 * <pre>{@code
 * try {
 *     model = client.fetch(peer, credential);
 * } catch (ModelStoreException e) {
 *     state = switch (e.reason()) {
 *         case NOT_FOUND -> "none";                   // no personal and no generic model
 *         case UNREACHABLE -> "failed: store down";   // and nothing cached
 *         default -> "failed: " + e.getMessage();
 *     };
 * }
 * }</pre>
 */
public final class ModelStoreException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Kinds of failure a caller can act on differently. */
    public enum Reason {
        /** No answer from the store (refused, timed out, TLS failed) after the retries. */
        UNREACHABLE,
        /** The credential is missing, forged, expired or unknown (HTTP 401). */
        UNAUTHORIZED,
        /** The credential is valid but does not allow this (HTTP 403). */
        FORBIDDEN,
        /** No such caller, version or model, and no generic model (HTTP 404). */
        NOT_FOUND,
        /** The store refused the bundle or request as invalid (HTTP 400, 413). */
        REJECTED,
        /** What arrived does not match its sha256 or is not a valid bundle. */
        CORRUPT,
        /** Too many requests from this client or user, e.g. past the self-publish limit (HTTP 429). */
        RATE_LIMITED,
        /** The store failed (HTTP 5xx) after the retries, or answered something unexpected. */
        SERVER_ERROR,
        /** The local cache or bundle files could not be read or written. */
        LOCAL_IO
    }

    private final Reason reason;
    private final int status;

    public ModelStoreException(Reason reason, int status, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
        this.status = status;
    }

    public ModelStoreException(Reason reason, String message) {
        this(reason, 0, message, null);
    }

    public Reason reason() {
        return reason;
    }

    /** HTTP status the store answered, 0 when there was no answer. */
    public int status() {
        return status;
    }
}

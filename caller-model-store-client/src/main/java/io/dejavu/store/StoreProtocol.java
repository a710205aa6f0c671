package io.dejavu.store;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Names shared by the store's server and client: paths, headers and media types of the HTTP API
 * (see the package documentation for the whole API).
 *
 * <pre>{@code
 * URI uri = URI.create(base + StoreProtocol.modelPath("alice"));   // /v1/models/alice
 * request.header(StoreProtocol.HEADER_REQUESTER, StoreProtocol.encodeHeaderValue("bob"));
 * }</pre>
 */
public final class StoreProtocol {
    /** Media type of a model bundle on the wire. */
    public static final String BUNDLE_MEDIA_TYPE = "application/zip";
    /** Bundle version (integer) that a download carries. */
    public static final String HEADER_VERSION = "X-Dejavu-Model-Version";
    /** Caller whose bundle a download carries: the requested caller or {@code _generic}. */
    public static final String HEADER_MODEL_CALLER = "X-Dejavu-Model-Caller";
    /** {@code true} when a download is the generic model served in place of a personal one. */
    public static final String HEADER_GENERIC = "X-Dejavu-Model-Generic";
    /** Hex sha256 of the bundle bytes (also the ETag, quoted). */
    public static final String HEADER_SHA256 = "X-Dejavu-Model-Sha256";
    /**
     * Who asks, for ticket access: must equal the ticket's holder. Percent-encoded UTF-8 ({@link
     * #encodeHeaderValue}), since HTTP header values are not Unicode.
     */
    public static final String HEADER_REQUESTER = "X-Dejavu-Requester";
    /**
     * Sent with every ticket request: a fresh {@code io.dejavu.protocol.ticket.TicketProof} for this
     * method and path, signed by the key the ticket is bound to (ADR 0305). Good for one request.
     */
    public static final String HEADER_TICKET_PROOF = "X-Dejavu-Ticket-Proof";
    /**
     * Upload header: a key the client picks once per bundle and repeats on retries, so a retry after
     * a lost 201 returns the version already stored instead of a duplicate.
     */
    public static final String HEADER_IDEMPOTENCY_KEY = "Idempotency-Key";
    /** Response header on an upload answered from an earlier one with the same idempotency key. */
    public static final String HEADER_IDEMPOTENT_REPLAYED = "Idempotent-Replayed";
    /** Longest idempotency key accepted. */
    public static final int MAX_IDEMPOTENCY_KEY_LENGTH = 128;

    /** Authorization scheme for the admin token. */
    public static final String SCHEME_ADMIN = "Bearer";
    /** Authorization scheme for a call ticket. */
    public static final String SCHEME_TICKET = "Ticket";
    /**
     * Authorization scheme for a user's own publish credential (ADR 0308): uploads to {@code
     * /v1/models/<its subject>/versions} only, with a {@link #HEADER_TICKET_PROOF} by its key.
     */
    public static final String SCHEME_PUBLISH = "Publish";
    /** Longest caller name the store accepts (the ticket limit). */
    public static final int MAX_CALLER_LENGTH = 128;

    private StoreProtocol() {}

    /** Path of a caller's active model, e.g. {@code /v1/models/alice}. */
    public static String modelPath(String caller) {
        return "/v1/models/" + encode(caller);
    }

    /** Path of a caller's version list, or with a version, of that version. */
    public static String versionsPath(String caller) {
        return modelPath(caller) + "/versions";
    }

    public static String versionPath(String caller, int version) {
        return versionsPath(caller) + "/" + version;
    }

    /** Path to read or set which version is active. */
    public static String activePath(String caller) {
        return modelPath(caller) + "/active";
    }

    /**
     * Checks a caller name: 1 to {@value #MAX_CALLER_LENGTH} characters, none of them a control
     * character or {@code /}.
     *
     * @throws IllegalArgumentException naming the bad value
     */
    public static String requireCaller(String caller) {
        if (caller == null || caller.isBlank()) {
            throw new IllegalArgumentException("caller must not be blank");
        }
        if (caller.length() > MAX_CALLER_LENGTH) {
            throw new IllegalArgumentException(
                    "caller must have at most " + MAX_CALLER_LENGTH + " characters, got " + caller.length());
        }
        for (int i = 0; i < caller.length(); i++) {
            char c = caller.charAt(i);
            if (Character.isISOControl(c) || c == '/' || c == '\\') {
                throw new IllegalArgumentException("caller must not contain control characters, '/' or '\\', got '"
                        + caller.replaceAll("\\p{Cntrl}", "?") + "'");
            }
        }
        return caller;
    }

    /**
     * Percent-encodes a name for an HTTP header: printable ASCII other than {@code %} stays as it
     * is, everything else becomes {@code %XX} of its UTF-8 bytes.
     */
    public static String encodeHeaderValue(String value) {
        StringBuilder sb = new StringBuilder(value.length());
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c > 0x20 && c < 0x7f && c != '%') {
                sb.append((char) c);
            } else {
                sb.append('%')
                        .append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return sb.toString();
    }

    /** Reverses {@link #encodeHeaderValue}; a {@code %} not followed by two hex digits stays as it is. */
    public static String decodeHeaderValue(String value) {
        if (value == null || value.indexOf('%') < 0) {
            return value;
        }
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            int hi = i + 2 < value.length() ? Character.digit(value.charAt(i + 1), 16) : -1;
            int lo = i + 2 < value.length() ? Character.digit(value.charAt(i + 2), 16) : -1;
            if (c == '%' && hi >= 0 && lo >= 0) {
                out.write(hi << 4 | lo);
                i += 2;
            } else {
                byte[] raw = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                out.write(raw, 0, raw.length);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static String encode(String caller) {
        return URLEncoder.encode(requireCaller(caller), StandardCharsets.UTF_8).replace("+", "%20");
    }

    /**
     * Checks an idempotency key: 1 to {@value #MAX_IDEMPOTENCY_KEY_LENGTH} visible ASCII characters.
     *
     * @throws IllegalArgumentException naming the bad key and what is expected
     */
    public static String requireIdempotencyKey(String key) {
        if (key == null
                || key.isEmpty()
                || key.length() > MAX_IDEMPOTENCY_KEY_LENGTH
                || !key.chars().allMatch(ch -> ch > 0x20 && ch < 0x7f)) {
            throw new IllegalArgumentException(HEADER_IDEMPOTENCY_KEY + " must be 1 to " + MAX_IDEMPOTENCY_KEY_LENGTH
                    + " visible ASCII characters (e.g. a UUID), got '"
                    + (key == null ? "" : key.length() > 40 ? key.substring(0, 40) + "..." : key) + "'");
        }
        return key;
    }
}

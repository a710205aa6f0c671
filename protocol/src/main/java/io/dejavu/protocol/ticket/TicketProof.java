package io.dejavu.protocol.ticket;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.regex.Pattern;

/**
 * Proof that a request with a call ticket comes from the ticket's holder (ADR 0305; DPoP, RFC 9449,
 * in Dejavu's own compact form). The client signs, with its {@link TicketKey}, the request's method
 * and path, when it made it, a random nonce and a hash of the ticket; the store checks the signature,
 * that the key is the one the ticket is bound to, that the proof is for this request and ticket, that
 * it is recent, and (itself) that the nonce is new.
 *
 * <p>Wire form: {@code base64url(json) "." base64url(ed25519(json))}, with the JSON exactly {@code
 * {"v":1,"key":...,"htm":...,"htu":...,"iat":...,"jti":...,"ath":...}} (no spaces, this order); one
 * spelling per proof, as for tickets.
 *
 * @param publicKey the signer's Ed25519 public key, base64url (JWK {@code x})
 * @param method the HTTP method, upper case ({@code htm})
 * @param path the request path without query, as the store sees it ({@code htu})
 * @param issuedAt when the client made the proof, whole seconds ({@code iat})
 * @param nonce 16 to 64 base64url characters, new for every request ({@code jti})
 * @param ticketHash base64url SHA-256 of the ticket token it goes with ({@code ath})
 */
public record TicketProof(
        String publicKey, String method, String path, Instant issuedAt, String nonce, String ticketHash) {
    /** Longest proof accepted, in characters. */
    public static final int MAX_CHARS = 2048;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern METHOD = Pattern.compile("[A-Z]{1,16}");
    private static final Pattern NONCE = Pattern.compile("[A-Za-z0-9_-]{16,64}");
    private static final Pattern HASH = Pattern.compile("[A-Za-z0-9_-]{43}");

    public TicketProof {
        Ed25519.raw(publicKey);
        if (method == null || !METHOD.matcher(method).matches()) {
            throw new IllegalArgumentException("proof method must be 1-16 upper-case letters");
        }
        if (path == null
                || !path.startsWith("/")
                || path.length() > 1024
                || !path.chars().allMatch(c -> c > 0x20 && c < 0x7f && c != '?')) {
            throw new IllegalArgumentException(
                    "proof path must start with '/' and be at most 1024 visible ASCII characters without a query");
        }
        if (issuedAt == null || issuedAt.getNano() != 0) {
            throw new IllegalArgumentException("proof iat must be whole seconds");
        }
        if (nonce == null || !NONCE.matcher(nonce).matches()) {
            throw new IllegalArgumentException("proof jti must be 16-64 base64url characters");
        }
        if (ticketHash == null || !HASH.matcher(ticketHash).matches()) {
            throw new IllegalArgumentException("proof ath must be a base64url SHA-256 (43 characters)");
        }
    }

    /** The base64url SHA-256 of a ticket token: a proof's {@code ath}. */
    public static String ticketHash(String ticket) {
        return Ed25519.B64.encodeToString(Ed25519.sha256(ticket.getBytes(StandardCharsets.UTF_8)));
    }

    /** The proof's key's thumbprint, to compare with the ticket's {@code cnf}. */
    public String thumbprint() {
        return Ed25519.thumbprint(publicKey);
    }

    String signWith(PrivateKey key) {
        byte[] payload = payload();
        return Ed25519.B64.encodeToString(payload) + "." + Ed25519.B64.encodeToString(Ed25519.sign(key, payload));
    }

    private byte[] payload() {
        ObjectNode node = JSON.createObjectNode();
        node.put("v", 1);
        node.put("key", publicKey);
        node.put("htm", method);
        node.put("htu", path);
        node.put("iat", issuedAt.getEpochSecond());
        node.put("jti", nonce);
        node.put("ath", ticketHash);
        return node.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Checks a proof sent with {@code method path} and the ticket {@code token} (already verified as
     * {@code ticket}) at {@code now}: well formed and canonical, made with the key the ticket is bound
     * to, for this request and this ticket, within {@code window} of {@code now}, and signed by that
     * key (checked last: it is the one costly step). The nonce is the caller's to check for replays.
     *
     * @throws TicketException {@link TicketException.Reason#NOT_BOUND} for a ticket bound to no key,
     *     else {@link TicketException.Reason#BAD_PROOF} naming what is wrong
     */
    public static TicketProof verify(
            String proof, CallTicket ticket, String token, String method, String path, Instant now, Duration window)
            throws TicketException {
        if (ticket.keyThumbprint() == null) {
            throw new TicketException(TicketException.Reason.NOT_BOUND, CallTicket.NOT_BOUND_MESSAGE);
        }
        return check(proof, ticket.keyThumbprint(), token, method, path, now, window);
    }

    /**
     * Like {@link #verify(String, CallTicket, String, String, String, Instant, Duration)} for any
     * credential {@code token} bound to the key with thumbprint {@code thumbprint} (a publish
     * credential, ADR 0308).
     *
     * @throws TicketException {@link TicketException.Reason#BAD_PROOF} naming what is wrong
     */
    public static TicketProof verifyForKey(
            String proof, String thumbprint, String token, String method, String path, Instant now, Duration window)
            throws TicketException {
        return check(proof, java.util.Objects.requireNonNull(thumbprint), token, method, path, now, window);
    }

    /**
     * A proof by whatever key it names, for {@code token} on this request: whoever asks signaling for a
     * publish credential (ADR 0308) shows it holds the key the credential will be bound to.
     *
     * @throws TicketException {@link TicketException.Reason#BAD_PROOF} naming what is wrong
     */
    public static TicketProof verifyByAnyKey(
            String proof, String token, String method, String path, Instant now, Duration window)
            throws TicketException {
        return check(proof, null, token, method, path, now, window);
    }

    private static TicketProof check(
            String proof, String thumbprint, String token, String method, String path, Instant now, Duration window)
            throws TicketException {
        if (proof == null || proof.isEmpty() || proof.length() > MAX_CHARS) {
            throw bad("the proof is missing or longer than " + MAX_CHARS + " characters");
        }
        int dot = proof.indexOf('.');
        if (dot <= 0 || dot != proof.lastIndexOf('.')) {
            throw bad("the proof is not of the form payload.signature");
        }
        byte[] payload;
        byte[] signature;
        try {
            payload = Ed25519.B64D.decode(proof.substring(0, dot));
            signature = Ed25519.B64D.decode(proof.substring(dot + 1));
        } catch (IllegalArgumentException e) {
            throw bad("the proof is not base64url");
        }
        TicketProof parsed = fromJson(payload);
        String canonical = Ed25519.B64.encodeToString(parsed.payload()) + "." + Ed25519.B64.encodeToString(signature);
        if (!canonical.equals(proof)) {
            throw bad("the proof is not in the canonical encoding");
        }
        parsed.requireFor(thumbprint == null ? parsed.thumbprint() : thumbprint, token, method, path, now, window);
        if (!Ed25519.verify(parsed.publicKey, payload, signature)) {
            throw bad("the proof's signature does not match its key");
        }
        return parsed;
    }

    private static TicketProof fromJson(byte[] payload) throws TicketException {
        try {
            JsonNode node = JSON.readTree(payload);
            if (node == null || !node.isObject() || node.path("v").asInt() != 1) {
                throw bad("unknown proof version " + (node == null ? "(empty)" : node.path("v")));
            }
            if (!node.path("iat").canConvertToLong()) {
                throw bad("the proof has no whole-second iat");
            }
            return new TicketProof(
                    node.path("key").asText(null),
                    node.path("htm").asText(null),
                    node.path("htu").asText(null),
                    Instant.ofEpochSecond(node.path("iat").asLong()),
                    node.path("jti").asText(null),
                    node.path("ath").asText(null));
        } catch (JsonProcessingException e) {
            throw bad("the proof's payload is not JSON: " + e.getOriginalMessage());
        } catch (IOException | IllegalArgumentException | DateTimeException e) {
            throw bad("the proof's payload is invalid: " + e.getMessage());
        }
    }

    private void requireFor(String bound, String token, String method, String path, Instant now, Duration window)
            throws TicketException {
        if (!MessageDigest.isEqual(
                thumbprint().getBytes(StandardCharsets.US_ASCII), bound.getBytes(StandardCharsets.US_ASCII))) {
            throw bad("the proof is signed by a key other than the one the ticket is bound to");
        }
        if (!ticketHash.equals(ticketHash(token))) {
            throw bad("the proof was made for another ticket");
        }
        if (!this.method.equals(method) || !this.path.equals(path)) {
            throw bad("the proof was made for " + this.method + " " + this.path + ", not " + method + " " + path);
        }
        Duration age = Duration.between(issuedAt, now).abs();
        if (age.compareTo(window) > 0) {
            throw bad("the proof was made at " + issuedAt + ", more than " + window.toSeconds() + " s from " + now);
        }
    }

    private static TicketException bad(String message) {
        return new TicketException(TicketException.Reason.BAD_PROOF, message);
    }
}

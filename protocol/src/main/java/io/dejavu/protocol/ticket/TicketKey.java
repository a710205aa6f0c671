package io.dejavu.protocol.ticket;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.time.Instant;

/**
 * A client's ephemeral Ed25519 key pair that its call tickets are bound to (ADR 0305). The public
 * key goes to signaling in the hello; signaling writes its thumbprint into every ticket it issues
 * to that client ({@code cnf}); every store request made with such a ticket carries a fresh {@link
 * TicketProof} signed with the private key, which never leaves this object.
 *
 * <pre>{@code
 * TicketKey key = TicketKey.generate();                          // once per process or sign-in
 * String proof = key.prove("GET", "/v1/models/alice", ticket, Instant.now()); // per request
 * }</pre>
 */
public final class TicketKey {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final PrivateKey privateKey;
    private final String publicKey;
    private final String thumbprint;

    private TicketKey(KeyPair pair) {
        this.privateKey = pair.getPrivate();
        this.publicKey = Ed25519.encode(pair.getPublic());
        this.thumbprint = Ed25519.thumbprint(publicKey);
    }

    /** A fresh key pair. */
    public static TicketKey generate() {
        try {
            return new TicketKey(KeyPairGenerator.getInstance("Ed25519").generateKeyPair());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 is unavailable in this JVM", e);
        }
    }

    /** The public key as sent in the hello and in proofs: its 32 raw bytes, base64url. */
    public String publicKey() {
        return publicKey;
    }

    /** The key's RFC 7638 thumbprint: what a ticket bound to this key carries as {@code cnf}. */
    public String thumbprint() {
        return thumbprint;
    }

    /**
     * The thumbprint of a public key as {@link #publicKey()} spells it.
     *
     * @throws IllegalArgumentException if it is not a well-formed Ed25519 public key
     */
    public static String thumbprintOf(String publicKey) {
        return Ed25519.thumbprint(publicKey);
    }

    /**
     * A fresh proof (new nonce) that the holder of this key sends {@code method path} with {@code
     * ticket} at {@code now}; good for exactly one request.
     */
    public String prove(String method, String path, String ticket, Instant now) {
        byte[] nonce = new byte[16];
        RANDOM.nextBytes(nonce);
        TicketProof proof = new TicketProof(
                publicKey,
                method,
                path,
                Instant.ofEpochSecond(now.getEpochSecond()),
                Ed25519.B64.encodeToString(nonce),
                TicketProof.ticketHash(ticket));
        return proof.signWith(privateKey);
    }

    /** Never prints the private key. */
    @Override
    public String toString() {
        return "TicketKey[" + thumbprint + "]";
    }
}

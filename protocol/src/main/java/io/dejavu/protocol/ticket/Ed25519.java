package io.dejavu.protocol.ticket;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;

/**
 * The JDK's Ed25519 with keys as their 32 raw bytes in base64url (a JWK's {@code x}), and RFC 7638
 * thumbprints of them. Package-private: {@link TicketKey} and {@link TicketProof} are the API.
 */
final class Ed25519 {
    static final int KEY_BYTES = 32;
    static final int SIGNATURE_BYTES = 64;
    /** DER prefix of an Ed25519 SubjectPublicKeyInfo (RFC 8410); the raw key follows. */
    private static final byte[] SPKI_PREFIX = {0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00};

    static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    static final Base64.Decoder B64D = Base64.getUrlDecoder();

    private Ed25519() {}

    /** The raw key of a JDK Ed25519 public key, base64url. */
    static String encode(PublicKey key) {
        byte[] spki = key.getEncoded();
        if (spki.length != SPKI_PREFIX.length + KEY_BYTES
                || !Arrays.equals(spki, 0, SPKI_PREFIX.length, SPKI_PREFIX, 0, SPKI_PREFIX.length)) {
            throw new IllegalStateException("not an Ed25519 public key: " + key.getAlgorithm());
        }
        return B64.encodeToString(Arrays.copyOfRange(spki, SPKI_PREFIX.length, spki.length));
    }

    /**
     * The raw key bytes of a base64url public key, checked for form (43 characters, 32 bytes).
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    static byte[] raw(String publicKey) {
        if (publicKey == null || publicKey.length() != 43 || !publicKey.chars().allMatch(Ed25519::isBase64Url)) {
            throw new IllegalArgumentException(
                    "a ticket key must be an Ed25519 public key: 43 base64url characters (32 bytes)");
        }
        byte[] raw = B64D.decode(publicKey);
        // 43 characters carry 258 bits: the last character's low 2 bits must be zero for one spelling per key.
        if (!B64.encodeToString(raw).equals(publicKey)) {
            throw new IllegalArgumentException("a ticket key must be canonical unpadded base64url");
        }
        return raw;
    }

    /** RFC 7638 JWK thumbprint (SHA-256, base64url) of the OKP/Ed25519 key {@code publicKey}. */
    static String thumbprint(String publicKey) {
        raw(publicKey);
        String jwk = "{\"crv\":\"Ed25519\",\"kty\":\"OKP\",\"x\":\"" + publicKey + "\"}";
        return B64.encodeToString(sha256(jwk.getBytes(StandardCharsets.UTF_8)));
    }

    static byte[] sign(PrivateKey key, byte[] data) {
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initSign(key);
            s.update(data);
            return s.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 is unavailable in this JVM", e);
        }
    }

    /** Whether {@code signature} is {@code publicKey}'s over {@code data}; false for any bad key or signature. */
    static boolean verify(String publicKey, byte[] data, byte[] signature) {
        if (signature.length != SIGNATURE_BYTES) {
            return false;
        }
        byte[] raw = raw(publicKey);
        byte[] spki = Arrays.copyOf(SPKI_PREFIX, SPKI_PREFIX.length + KEY_BYTES);
        System.arraycopy(raw, 0, spki, SPKI_PREFIX.length, KEY_BYTES);
        try {
            PublicKey key = KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(spki));
            Signature s = Signature.getInstance("Ed25519");
            s.initVerify(key);
            s.update(data);
            return s.verify(signature);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Ed25519 is unavailable in this JVM", e);
        } catch (GeneralSecurityException | RuntimeException e) {
            // A 32-byte string that is no curve point: the JDK refuses it one way or another.
            return false;
        }
    }

    static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is unavailable in this JVM", e);
        }
    }

    private static boolean isBase64Url(int c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    }
}

package io.dejavu.protocol.ticket;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The envelope call tickets and publish credentials share: {@code base64url(payload) "."
 * base64url(HMAC-SHA256(payload))}, unpadded. Each signer puts its own JSON inside, checks its own
 * canonical form and expiry; this class only seals and opens.
 */
final class HmacToken {
    static final String ALGORITHM = "HmacSHA256";
    private static final int MAX_LENGTH = 2048;
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();

    private HmacToken() {}

    static String seal(SecretKeySpec key, byte[] payload) {
        return B64.encodeToString(payload) + "." + B64.encodeToString(hmac(key, payload));
    }

    /**
     * The payload of {@code token} once its signature matches.
     *
     * @param noun what the token is, to start each refusal ("ticket", "publish credential")
     * @param badSignature the whole refusal when the signature does not match
     * @throws TicketException MALFORMED or BAD_SIGNATURE
     */
    static byte[] open(SecretKeySpec key, String token, String noun, String badSignature) throws TicketException {
        if (token == null || token.length() > MAX_LENGTH) {
            throw malformed(noun + " is missing or too long");
        }
        int dot = token.indexOf('.');
        if (dot <= 0 || dot != token.lastIndexOf('.')) {
            throw malformed(noun + " is not of the form payload.signature");
        }
        byte[] payload;
        byte[] signature;
        try {
            payload = B64D.decode(token.substring(0, dot));
            signature = B64D.decode(token.substring(dot + 1));
        } catch (IllegalArgumentException e) {
            throw malformed(noun + " is not base64url");
        }
        if (!MessageDigest.isEqual(hmac(key, payload), signature)) {
            throw new TicketException(TicketException.Reason.BAD_SIGNATURE, badSignature);
        }
        return payload;
    }

    static TicketException malformed(String message) {
        return new TicketException(TicketException.Reason.MALFORMED, message);
    }

    static byte[] hmac(SecretKeySpec key, byte[] data) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable in this JVM", e);
        }
    }
}

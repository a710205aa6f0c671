package io.dejavu.signaling;

import io.dejavu.protocol.signaling.IceServer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Mints short-lived TURN credentials by coturn's shared-secret scheme (the "TURN REST API", coturn's
 * {@code use-auth-secret} with {@code static-auth-secret}): the username is {@code <expiry>:<user>} with the
 * expiry in Unix seconds, the password is {@code base64(HMAC-SHA1(secret, username))}. coturn recomputes the
 * password from its copy of the secret and refuses a username whose expiry has passed, so the signaling server
 * and coturn share only the secret, never a user list.
 *
 * <pre>{@code
 * TurnCredentials turn = new TurnCredentials(
 *         List.of("turn:turn.example.org:3478?transport=udp"), secretBytes, Duration.ofHours(24), Clock.systemUTC());
 * IceServer server = turn.mint("alice"); // username "1767225600:alice"
 * }</pre>
 *
 * <p>Construct with: the TURN URLs ({@code turn:} or {@code turns:}) the credentials are good for; coturn's
 * {@code static-auth-secret} as bytes (at least 16); how long minted credentials stay valid (1 min..7 days); the
 * clock "now" comes from.
 */
public final class TurnCredentials {
    private static final String HMAC = "HmacSHA1";

    private final List<String> urls;
    private final byte[] secret;
    private final Duration lifetime;
    private final Clock clock;

    public TurnCredentials(List<String> urls, byte[] secret, Duration lifetime, Clock clock) {
        if (urls == null || urls.isEmpty()) {
            throw new IllegalArgumentException("TURN credentials need at least one turn: URL, got " + urls);
        }
        this.urls = List.copyOf(urls);
        for (String url : urls) {
            if (!url.startsWith("turn:") && !url.startsWith("turns:")) {
                throw new IllegalArgumentException("a TURN URL must start with turn: or turns:, got '" + url + "'");
            }
        }
        Objects.requireNonNull(secret, "secret");
        if (secret.length < 16) {
            throw new IllegalArgumentException(
                    "the TURN shared secret must be at least 16 bytes, got " + secret.length);
        }
        this.secret = secret.clone();
        if (lifetime == null
                || lifetime.compareTo(Duration.ofMinutes(1)) < 0
                || lifetime.compareTo(Duration.ofDays(7)) > 0) {
            throw new IllegalArgumentException("TURN credential lifetime must be 1 min..7 days, got " + lifetime);
        }
        this.lifetime = lifetime;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The TURN URLs handed out with the credentials. */
    public List<String> urls() {
        return urls;
    }

    /** How long minted credentials stay valid. */
    public Duration lifetime() {
        return lifetime;
    }

    /** Credentials for {@code user}, valid from now for {@link #lifetime()}. */
    public IceServer mint(String user) {
        return mint(user, clock.instant().plus(lifetime));
    }

    /** Credentials for {@code user} that coturn accepts until {@code expiresAt} (rounded down to the second). */
    public IceServer mint(String user, Instant expiresAt) {
        String username = expiresAt.getEpochSecond() + ":" + user;
        return new IceServer(urls, username, password(secret, username));
    }

    /** {@code base64(HMAC-SHA1(secret, username))}, as coturn computes it. */
    static String password(byte[] secret, String username) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(new SecretKeySpec(secret, HMAC));
            return Base64.getEncoder().encodeToString(mac.doFinal(username.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM has no " + HMAC, e);
        }
    }

    /** Never print the secret. */
    @Override
    public String toString() {
        return "TurnCredentials[urls=" + urls + ", secret=***, lifetime=" + lifetime + "]";
    }
}

package io.dejavu.call;

import java.util.Objects;

/**
 * The ICE candidate pair a connected call's media travels on, as libwebrtc's stats name it (the transport's
 * selected pair). Candidate types are {@code host}, {@code srflx}, {@code prflx} or {@code relay}: a
 * {@code relay} end means the media goes through that side's TURN server.
 *
 * <pre>{@code
 * call.iceRoute().filter(IceRoute::relayed).ifPresent(r -> log.info("media through TURN ({})", r));
 * }</pre>
 *
 * @param localType our candidate's type
 * @param remoteType the peer's candidate's type
 * @param protocol transport of the pair, {@code udp} or {@code tcp}
 */
public record IceRoute(String localType, String remoteType, String protocol) {
    public IceRoute {
        Objects.requireNonNull(localType, "localType");
        Objects.requireNonNull(remoteType, "remoteType");
        Objects.requireNonNull(protocol, "protocol");
    }

    /** Whether either end is a TURN relay. */
    public boolean relayed() {
        return "relay".equals(localType) || "relay".equals(remoteType);
    }
}

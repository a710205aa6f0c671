package io.dejavu.call;

/**
 * What one end of a call must tell the other through signaling: the engine emits these on its
 * {@link SignalingChannel} and consumes the peer's with {@link Call#deliver(CallSignal)}.
 */
public sealed interface CallSignal {
    /** The caller's session description. */
    record Offer(String sdp) implements CallSignal {
        public Offer {
            requireSdp(sdp);
        }
    }

    /** The callee's session description. */
    record Answer(String sdp) implements CallSignal {
        public Answer {
            requireSdp(sdp);
        }
    }

    /** One trickled ICE candidate. */
    record Candidate(String sdpMid, int sdpMLineIndex, String candidate) implements CallSignal {
        public Candidate {
            if (candidate == null || candidate.isBlank()) {
                throw new IllegalArgumentException("ICE candidate must not be blank");
            }
            if (sdpMLineIndex < 0) {
                throw new IllegalArgumentException("sdpMLineIndex must be >= 0, got " + sdpMLineIndex);
            }
        }
    }

    /** The sender hung up, or (reason {@link #PEER_LOST}) signaling says the peer is gone. */
    record HangUp(String reason) implements CallSignal {
        /** Reason given when the peer vanished without hanging up. */
        public static final String PEER_LOST = "peer_lost";

        public HangUp {
            reason = reason == null ? "" : reason;
        }
    }

    private static void requireSdp(String sdp) {
        if (sdp == null || !sdp.startsWith("v=0")) {
            throw new IllegalArgumentException("SDP must start with 'v=0', got "
                    + (sdp == null ? "null" : "'" + sdp.substring(0, Math.min(20, sdp.length())) + "'"));
        }
    }
}

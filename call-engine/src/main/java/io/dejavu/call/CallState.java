package io.dejavu.call;

/** Where a call is in its life; it only moves forward. */
public enum CallState {
    /** Negotiating SDP and ICE. */
    CONNECTING,
    /** Media flows. */
    CONNECTED,
    /** Over (see {@link EndReason}); every resource is released once {@link Call#close()} returns. */
    ENDED;

    /** Why a call ended. */
    public enum EndReason {
        LOCAL_HANGUP,
        REMOTE_HANGUP,
        /** No media and no RTCP from the peer for the peer-loss timeout, or ICE failed. */
        PEER_LOST,
        /** SDP or ICE negotiation failed, or the connection never came up in time. */
        FAILED
    }
}

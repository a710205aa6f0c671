package io.dejavu.protocol.signaling;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;
import com.fasterxml.jackson.annotation.JsonProperty;

/** Why a call ended, in {@link SignalMessage.CallEnded}. */
public enum EndReason {
    /** The callee rejected the invite. */
    @JsonProperty("rejected")
    REJECTED,
    /** The callee is in another call, or said it is busy. */
    @JsonProperty("busy")
    BUSY,
    /** The caller cancelled before the callee answered. */
    @JsonProperty("cancelled")
    CANCELLED,
    /** The other party hung up. */
    @JsonProperty("hung_up")
    HUNG_UP,
    /** The callee was not online when invited. */
    @JsonProperty("offline")
    OFFLINE,
    /** The other party's connection died (heartbeat timeout or socket lost) and it did not come back in time. */
    @JsonProperty("peer_lost")
    PEER_LOST,
    /** The callee did not answer before the ring timeout. */
    @JsonProperty("no_answer")
    NO_ANSWER,
    /** Never sent by the server: the client lost its own connection and could not resume the call. */
    @JsonProperty("connection_lost")
    CONNECTION_LOST,
    @JsonEnumDefaultValue
    @JsonProperty("unknown")
    UNKNOWN
}

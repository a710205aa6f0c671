package io.dejavu.protocol.signaling;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;
import com.fasterxml.jackson.annotation.JsonProperty;

/** What went wrong, in an {@link ErrorMessage}. Unknown codes from a newer server read as {@link #UNKNOWN}. */
public enum ErrorCode {
    /** The text was not a JSON object. The connection stays usable. */
    @JsonProperty("malformed")
    MALFORMED,
    /** The {@code type} is not one this protocol version knows. The connection stays usable. */
    @JsonProperty("unknown_type")
    UNKNOWN_TYPE,
    /** The {@code v} field is missing or names another protocol version. */
    @JsonProperty("unsupported_version")
    UNSUPPORTED_VERSION,
    /** A known type with missing or invalid fields. The connection stays usable. */
    @JsonProperty("invalid_message")
    INVALID_MESSAGE,
    /** The message is longer than the limit; it was dropped. The connection stays usable. */
    @JsonProperty("too_large")
    TOO_LARGE,
    /** Too many messages; some were dropped. The connection stays usable. */
    @JsonProperty("rate_limited")
    RATE_LIMITED,
    /** The token is unknown or revoked; the server closes the connection. */
    @JsonProperty("unauthorized")
    UNAUTHORIZED,
    /** A message other than {@code hello} came before authentication. */
    @JsonProperty("not_authenticated")
    NOT_AUTHENTICATED,
    /** A second {@code hello} on an authenticated connection. */
    @JsonProperty("already_authenticated")
    ALREADY_AUTHENTICATED,
    /** The message tried to act as another user or on a call the sender is not a party of. */
    @JsonProperty("forbidden")
    FORBIDDEN,
    /** No such call (never existed, already ended, or not yours). */
    @JsonProperty("unknown_call")
    UNKNOWN_CALL,
    /** The call is not in a state where this message is allowed (e.g. accepting an active call). */
    @JsonProperty("invalid_state")
    INVALID_STATE,
    /** Invites to oneself, duplicate call ids and similar requests that cannot be honoured. */
    @JsonProperty("bad_request")
    BAD_REQUEST,
    /** Another connection authenticated as the same user; the server closes this one. */
    @JsonProperty("session_replaced")
    SESSION_REPLACED,
    /** The server failed; the message was not processed. */
    @JsonProperty("internal")
    INTERNAL,
    @JsonEnumDefaultValue
    @JsonProperty("unknown")
    UNKNOWN
}

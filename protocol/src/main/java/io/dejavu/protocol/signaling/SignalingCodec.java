package io.dejavu.protocol.signaling;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dejavu.protocol.Json;
import io.dejavu.protocol.signaling.SignalMessage.*;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads and writes {@link SignalMessage}s as JSON text: {@code {"v":1,"type":"invite","callId":...}}. Null
 * fields are left out. Thread-safe and stateless.
 *
 * <pre>{@code
 * String text = SignalingCodec.encode(new SignalMessage.Invite(callId, null, "bob"));
 * SignalMessage message = SignalingCodec.decode(text); // throws SignalingProtocolException with an ErrorCode
 * }</pre>
 */
public final class SignalingCodec {
    /** The protocol version this codec speaks; a message with another {@code v} is refused. */
    public static final int VERSION = 1;
    /** Longest text frame accepted, in characters. Larger frames get {@link ErrorCode#TOO_LARGE}. */
    public static final int MAX_MESSAGE_CHARS = 64 * 1024;

    private static final Map<String, Class<? extends SignalMessage>> TYPES = new LinkedHashMap<>();
    private static final Map<Class<? extends SignalMessage>, String> NAMES = new LinkedHashMap<>();

    static {
        register("hello", Hello.class);
        register("welcome", Welcome.class);
        register("ping", Ping.class);
        register("pong", Pong.class);
        register("error", ErrorMessage.class);
        register("presence", Presence.class);
        register("invite", Invite.class);
        register("ringing", Ringing.class);
        register("accept", Accept.class);
        register("reject", Reject.class);
        register("busy", Busy.class);
        register("cancel", Cancel.class);
        register("hangup", HangUp.class);
        register("call_accepted", CallAccepted.class);
        register("call_ended", CallEnded.class);
        register("offer", Offer.class);
        register("answer", Answer.class);
        register("ice", IceCandidate.class);
        register("block", Block.class);
        register("unblock", Unblock.class);
        register("blocked", Blocked.class);
    }

    private static final ObjectMapper MAPPER = Json.mapper();
    // A copy, so the shared mapper stays as configured; null fields are simply left out on the wire.
    private static final ObjectWriter WRITER = Json.mapper()
            .copy()
            .setDefaultPropertyInclusion(JsonInclude.Include.NON_NULL)
            .writer();
    private static final ObjectReader LENIENT_ENUMS =
            MAPPER.reader().with(DeserializationFeature.READ_UNKNOWN_ENUM_VALUES_USING_DEFAULT_VALUE);

    private SignalingCodec() {}

    private static void register(String name, Class<? extends SignalMessage> type) {
        TYPES.put(name, type);
        NAMES.put(type, name);
    }

    /** The wire name of a message type, e.g. {@code "call_accepted"}. */
    public static String typeName(Class<? extends SignalMessage> type) {
        String name = NAMES.get(type);
        if (name == null) {
            throw new IllegalArgumentException("not a registered signaling message type: " + type.getName());
        }
        return name;
    }

    /** All wire type names this version knows. */
    public static Set<String> typeNames() {
        return new TreeSet<>(TYPES.keySet());
    }

    public static String encode(SignalMessage message) {
        String fields;
        try {
            fields = WRITER.writeValueAsString(message);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + message.getClass().getSimpleName(), e);
        }
        // Splice the envelope in front of the record's own fields: cheaper than building a tree per message.
        StringBuilder out = new StringBuilder(fields.length() + 40);
        out.append("{\"v\":")
                .append(VERSION)
                .append(",\"type\":\"")
                .append(typeName(message.getClass()))
                .append('"');
        if (fields.length() > 2) {
            out.append(',').append(fields, 1, fields.length());
        } else {
            out.append('}');
        }
        return out.toString();
    }

    /**
     * Parses one text frame.
     *
     * @throws SignalingProtocolException with {@link ErrorCode#TOO_LARGE}, {@link ErrorCode#MALFORMED},
     *     {@link ErrorCode#UNSUPPORTED_VERSION}, {@link ErrorCode#UNKNOWN_TYPE} or
     *     {@link ErrorCode#INVALID_MESSAGE}, naming what was wrong
     */
    public static SignalMessage decode(CharSequence text) throws SignalingProtocolException {
        if (text == null) {
            throw new SignalingProtocolException(ErrorCode.MALFORMED, "message is null", null);
        }
        if (text.length() > MAX_MESSAGE_CHARS) {
            throw new SignalingProtocolException(
                    ErrorCode.TOO_LARGE,
                    "message has " + text.length() + " characters, the limit is " + MAX_MESSAGE_CHARS,
                    null);
        }
        JsonNode node;
        try {
            node = MAPPER.readTree(text.toString());
        } catch (JsonProcessingException e) {
            throw new SignalingProtocolException(
                    ErrorCode.MALFORMED, "message is not valid JSON: " + e.getOriginalMessage(), null);
        }
        if (node == null || node.getNodeType() != JsonNodeType.OBJECT) {
            throw new SignalingProtocolException(ErrorCode.MALFORMED, "message must be a JSON object", null);
        }
        ObjectNode object = (ObjectNode) node;
        JsonNode typeNode = object.remove("type");
        String type = typeNode != null && typeNode.isTextual() ? typeNode.asText() : null;
        String ref = refOf(object, type);
        JsonNode version = object.remove("v");
        if (version == null || !version.canConvertToInt() || version.asInt() != VERSION) {
            throw new SignalingProtocolException(
                    ErrorCode.UNSUPPORTED_VERSION,
                    "protocol version must be \"v\":" + VERSION + ", got " + (version == null ? "none" : version),
                    ref);
        }
        if (type == null) {
            throw new SignalingProtocolException(
                    ErrorCode.INVALID_MESSAGE, "message needs a text field \"type\", one of " + typeNames(), ref);
        }
        Class<? extends SignalMessage> target = TYPES.get(type);
        if (target == null) {
            String shown = type.length() > 40 ? type.substring(0, 40) + "..." : type;
            throw new SignalingProtocolException(
                    ErrorCode.UNKNOWN_TYPE,
                    "unknown message type '" + shown + "', expected one of " + typeNames(),
                    shown.length() <= 128 ? shown : null);
        }
        try {
            return LENIENT_ENUMS.treeToValue(object, target);
        } catch (ValueInstantiationException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new SignalingProtocolException(
                    ErrorCode.INVALID_MESSAGE, "invalid " + type + ": " + cause.getMessage(), ref);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            String detail = e instanceof JsonProcessingException j ? Json.describe(j) : e.getMessage();
            throw new SignalingProtocolException(ErrorCode.INVALID_MESSAGE, "invalid " + type + ": " + detail, ref);
        }
    }

    /** The call id if the message carries a plausible one, else its type, so errors can say what they are about. */
    private static String refOf(ObjectNode object, String type) {
        JsonNode callId = object.get("callId");
        if (callId != null && callId.isTextual()) {
            String id = callId.asText();
            if (!id.isEmpty()
                    && id.length() <= 64
                    && id.chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '-' || c == '_')) {
                return id;
            }
        }
        return type != null && type.length() <= 64 ? type : null;
    }
}

package io.dejavu.protocol.signaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dejavu.protocol.signaling.SignalMessage.*;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SignalingCodecTest {
    private static final String CALL = "call-0123456789";

    static List<SignalMessage> oneOfEach() {
        return List.of(
                new Hello(
                        "dv1.abc.def",
                        "session-0123456789abcdef",
                        true,
                        "test",
                        "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"),
                new Welcome(
                        "alice",
                        "session-0123456789abcdef",
                        false,
                        List.of(
                                IceServer.stun("stun:127.0.0.1:3478"),
                                new IceServer(List.of("turn:127.0.0.1:3478?transport=udp"), "u", "p")),
                        2000,
                        6000,
                        List.of("bob"),
                        List.of(CALL)),
                new Ping(7),
                new Pong(7),
                new ErrorMessage(ErrorCode.FORBIDDEN, "not your call", CALL),
                new Presence(List.of("bob"), List.of("carol")),
                new Invite(CALL, "alice", "bob"),
                new Ringing(CALL, "bob"),
                new Accept(CALL),
                new Reject(CALL),
                new Busy(CALL),
                new Cancel(CALL),
                new HangUp(CALL),
                new CallAccepted(CALL, "bob", true, "payload.sig", Instant.parse("2026-11-26T10:05:00Z")),
                new CallEnded(CALL, EndReason.PEER_LOST, "bob"),
                new Offer(CALL, "alice", "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\n"),
                new Answer(CALL, null, "v=0\r\n"),
                new IceCandidate(CALL, "bob", "0", 0, "candidate:1 1 udp 2122260223 127.0.0.1 50000 typ host"),
                new Block("mallory"),
                new Unblock("mallory"),
                new Blocked(List.of("mallory", "trent")));
    }

    @Test
    void roundTripsEveryMessageType() throws SignalingProtocolException {
        for (SignalMessage m : oneOfEach()) {
            assertEquals(
                    m,
                    SignalingCodec.decode(SignalingCodec.encode(m)),
                    m.getClass().getSimpleName());
        }
    }

    @Test
    void registersEveryRecordOfTheSealedInterface() {
        Set<String> covered = oneOfEach().stream()
                .map(m -> SignalingCodec.typeName(m.getClass()))
                .collect(Collectors.toSet());
        long records = Arrays.stream(SignalMessage.class.getPermittedSubclasses())
                .flatMap(c ->
                        c.isInterface() ? Arrays.stream(c.getPermittedSubclasses()) : java.util.stream.Stream.of(c))
                .count();
        assertEquals(records, covered.size());
        assertEquals(SignalingCodec.typeNames(), covered);
    }

    @Test
    void writesVersionAndTypeAndLeavesOutNulls() {
        String text = SignalingCodec.encode(new Invite(CALL, null, "bob"));
        assertEquals("{\"v\":1,\"type\":\"invite\",\"callId\":\"" + CALL + "\",\"to\":\"bob\"}", text);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            textBlock =
                    """
            not json                                              | MALFORMED
            [1,2]                                                 | MALFORMED
            {"type":"ping","seq":1}                               | UNSUPPORTED_VERSION
            {"v":2,"type":"ping","seq":1}                         | UNSUPPORTED_VERSION
            {"v":1,"seq":1}                                       | INVALID_MESSAGE
            {"v":1,"type":"teleport"}                             | UNKNOWN_TYPE
            {"v":1,"type":"invite","callId":"x","to":"bob"}       | INVALID_MESSAGE
            {"v":1,"type":"invite","callId":"call-0123456789"}    | INVALID_MESSAGE
            {"v":1,"type":"ping","seq":"soon"}                    | INVALID_MESSAGE
            {"v":1,"type":"hangup","callId":["call-0123456789"]}  | INVALID_MESSAGE
            """)
    void refusesBadMessagesWithACode(String text, ErrorCode expected) {
        SignalingProtocolException e =
                assertThrows(SignalingProtocolException.class, () -> SignalingCodec.decode(text));
        assertEquals(expected, e.code(), e.getMessage());
        assertFalse(e.toErrorMessage().message().isBlank());
    }

    @Test
    void invalidFieldMessageNamesTheValueAndWhatWasExpected() {
        SignalingProtocolException e = assertThrows(
                SignalingProtocolException.class,
                () -> SignalingCodec.decode(
                        "{\"v\":1,\"type\":\"invite\",\"callId\":\"call-0123456789\",\"to\":\"b ob\"}"));
        assertTrue(e.getMessage().contains("'b ob'"), e.getMessage());
        assertEquals("call-0123456789", e.ref());
    }

    @Test
    void refusesOversizedTextBeforeParsing() {
        String huge = "{\"v\":1,\"type\":\"offer\",\"sdp\":\"" + "x".repeat(SignalingCodec.MAX_MESSAGE_CHARS) + "\"}";
        SignalingProtocolException e =
                assertThrows(SignalingProtocolException.class, () -> SignalingCodec.decode(huge));
        assertEquals(ErrorCode.TOO_LARGE, e.code());
    }

    @Test
    void readsUnknownEnumValuesFromNewerServersAsUnknown() throws SignalingProtocolException {
        SignalMessage m = SignalingCodec.decode(
                "{\"v\":1,\"type\":\"call_ended\",\"callId\":\"call-0123456789\",\"reason\":\"alien_abduction\"}");
        assertEquals(EndReason.UNKNOWN, ((CallEnded) m).reason());
    }

    @Test
    void ignoresUnknownFieldsForForwardCompatibility() throws SignalingProtocolException {
        assertEquals(new Ping(3), SignalingCodec.decode("{\"v\":1,\"type\":\"ping\",\"seq\":3,\"extra\":true}"));
    }

    @Test
    void hidesSecretsInToString() {
        assertFalse(new Hello("secret-token", null, false, null).toString().contains("secret-token"));
        assertFalse(
                new IceServer(List.of("turn:h:3478"), "u", "hunter2").toString().contains("hunter2"));
    }

    @Test
    void refusesTurnServerWithoutCredentials() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> new IceServer(List.of("turn:h:3478"), null, null));
        assertTrue(e.getMessage().contains("turn:h:3478"));
    }
}

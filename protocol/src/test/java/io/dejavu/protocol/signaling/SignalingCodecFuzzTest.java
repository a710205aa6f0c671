package io.dejavu.protocol.signaling;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.List;

/**
 * The signaling codec takes any text frame and either returns a message that survives encoding
 * and decoding again unchanged, or throws {@link SignalingProtocolException} (which the server
 * answers with an error); nothing else, since anything else would escape the hub's handling. Half
 * the inputs are an envelope with a known type and fuzzed fields, so the fuzzer reaches the
 * records' own validation behind the JSON. A normal test run replays the seeds under
 * {@code src/test/resources}; {@code JAZZER_FUZZ=1} fuzzes (see docs/SECURITY.md).
 */
class SignalingCodecFuzzTest {
    private static final List<String> TYPES = List.copyOf(SignalingCodec.typeNames());

    @FuzzTest(maxDuration = "60s")
    void decodesOrRefusesCleanly(FuzzedDataProvider data) {
        String text;
        if (data.consumeBoolean()) {
            String type = TYPES.get(data.consumeInt(0, TYPES.size() - 1));
            text = "{\"v\":" + data.consumeInt(0, 2) + ",\"type\":\"" + type + "\"" + data.consumeRemainingAsString();
        } else {
            text = data.consumeRemainingAsString();
        }
        SignalMessage message;
        try {
            message = SignalingCodec.decode(text);
        } catch (SignalingProtocolException refused) {
            return;
        }
        SignalMessage again;
        try {
            again = SignalingCodec.decode(SignalingCodec.encode(message));
        } catch (SignalingProtocolException e) {
            throw new AssertionError("decoded " + message + " but its own encoding is refused: " + e.getMessage(), e);
        }
        if (!again.equals(message)) {
            throw new AssertionError("round trip changed " + message + " into " + again);
        }
    }
}

package io.dejavu.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JsonTest {
    record Version(int version) {}

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '^',
            textBlock =
                    """
            {"version": 1                | Unexpected end-of-input: expected close marker for Object (opened at line 1, column 1), at line 1, column 14
            nope                         | Unrecognized token 'nope': was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false'), at line 1, column 1
            """)
    void describesAParseFailureInOneLineWithoutTheSourceExcerpt(String text, String expected) {
        JsonProcessingException e =
                assertThrows(JsonProcessingException.class, () -> Json.mapper().readValue(text, JsonNode.class));
        assertEquals(expected, Json.describe(e));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '^',
            textBlock =
                    """
            {"version": "x"} | Cannot deserialize value of type `int` from String "x": not a valid `int` value, at line 1, column 13
            """)
    void describesAMappingFailureWithItsPosition(String text, String expected) {
        JsonProcessingException e =
                assertThrows(JsonProcessingException.class, () -> Json.mapper().readValue(text, Version.class));
        assertEquals(expected, Json.describe(e));
    }
}

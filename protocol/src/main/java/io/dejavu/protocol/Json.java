package io.dejavu.protocol;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.util.regex.Pattern;

/** The one JSON configuration for wire types and files, so every module writes the same JSON. */
public final class Json {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private Json() {}

    /** A shared, thread-safe mapper; do not reconfigure it. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    // Jackson names where a problem is as "[Source: REDACTED (`StreamReadFeature...` disabled); line: 1, column: 2]".
    private static final Pattern SOURCE =
            Pattern.compile("\\[Source: [^\\]]*?; line: (\\d+), column: (\\d+)\\]|\\[Source: [^\\]]*\\]");

    /**
     * A JSON failure as one line for people: Jackson's message without its source excerpt and with
     * the position in words.
     *
     * <pre>{@code
     * Json.describe(e) // "Unexpected end-of-input: expected close marker for Object (opened at line 1, column 1), at line 1, column 2"
     * }</pre>
     */
    public static String describe(JsonProcessingException e) {
        String m = String.valueOf(e.getOriginalMessage()).strip();
        m = SOURCE.matcher(m)
                .replaceAll(r -> r.group(1) == null ? "" : "line " + r.group(1) + ", column " + r.group(2))
                .replace("start marker at line", "opened at line");
        int newline = m.indexOf('\n');
        if (newline >= 0) {
            m = m.substring(0, newline).strip();
        }
        JsonLocation at = e.getLocation();
        if (at != null && at.getLineNr() > 0) {
            m += ", at line " + at.getLineNr() + ", column " + at.getColumnNr();
        }
        return m;
    }
}

package io.dejavu.protocol.signaling;

import java.util.regex.Pattern;

/** Validation shared by the signaling records; every message names the bad value and what was expected. */
final class Names {
    private static final Pattern USER = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Pattern CALL_ID = Pattern.compile("[A-Za-z0-9_-]{8,64}");
    private static final Pattern SESSION_ID = Pattern.compile("[A-Za-z0-9_-]{16,64}");

    private Names() {}

    static String user(String what, String value) {
        if (value == null || !USER.matcher(value).matches()) {
            throw new IllegalArgumentException(what + " must be 1-64 characters of letters, digits, '.', '_' or '-'"
                    + " starting with a letter or digit, got " + quote(value));
        }
        return value;
    }

    static String optionalUser(String what, String value) {
        return value == null ? null : user(what, value);
    }

    static String callId(String value) {
        if (value == null || !CALL_ID.matcher(value).matches()) {
            throw new IllegalArgumentException(
                    "callId must be 8-64 characters of letters, digits, '_' or '-', got " + quote(value));
        }
        return value;
    }

    static String sessionId(String what, String value) {
        if (value == null || !SESSION_ID.matcher(value).matches()) {
            throw new IllegalArgumentException(
                    what + " must be 16-64 characters of letters, digits, '_' or '-', got " + quote(value));
        }
        return value;
    }

    static String text(String what, String value, int maxChars) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(what + " must not be blank");
        }
        if (value.length() > maxChars) {
            throw new IllegalArgumentException(
                    what + " has " + value.length() + " characters, expected at most " + maxChars);
        }
        return value;
    }

    static String optionalText(String what, String value, int maxChars) {
        return value == null ? null : text(what, value, maxChars);
    }

    static String quote(String value) {
        if (value == null) {
            return "null";
        }
        String shown = value.length() > 40 ? value.substring(0, 40) + "..." : value;
        return "'" + shown + "'";
    }
}

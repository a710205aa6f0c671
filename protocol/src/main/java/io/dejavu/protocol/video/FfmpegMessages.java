package io.dejavu.protocol.video;

import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * FFmpeg failures, as JavaCV reports them, turned into one line a user can act on. JavaCV's text for
 * a file FFmpeg cannot open ("avformat_open_input() error -1094995529: Could not open input ... (Has
 * setFormat() been called?)") carries hints meant for JavaCV's developers; FFmpeg's own words for
 * the error code (e.g. "Invalid data found when processing input") say what is wrong with the file.
 * Shared by the modules that decode files (the call engine and the training tools), which pass
 * FFmpeg's {@code av_strerror} in, so this module needs no FFmpeg.
 *
 * <pre>{@code
 * String reason = FfmpegMessages.oneLine(e.getMessage(), code -> describe(code));
 * }</pre>
 */
public final class FfmpegMessages {
    private static final Pattern OPEN_ERROR = Pattern.compile("avformat_open_input\\(\\) error (-?\\d+)");

    private FfmpegMessages() {}

    /**
     * @param javacvMessage the exception's message
     * @param describeError FFmpeg's text for an error code
     */
    public static String oneLine(String javacvMessage, IntFunction<String> describeError) {
        String m = String.valueOf(javacvMessage);
        Matcher code = OPEN_ERROR.matcher(m);
        if (code.find()) {
            return "not a video FFmpeg can read (" + describeError.apply(Integer.parseInt(code.group(1))) + ")";
        }
        return m.replace(" (Has setFormat() been called?)", "")
                .replace(" (For more details, make sure FFmpegLogCallback.set() has been called.)", "")
                .strip();
    }

    /** The text of a NUL-terminated C string buffer, as {@code av_strerror} fills it. */
    public static String cString(byte[] buffer) {
        int n = 0;
        while (n < buffer.length && buffer[n] != 0) {
            n++;
        }
        return new String(buffer, 0, n, java.nio.charset.StandardCharsets.UTF_8);
    }
}

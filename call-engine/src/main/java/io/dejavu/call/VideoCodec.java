package io.dejavu.call;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Video codecs a call can prefer; the peers fall back to another common codec if one lacks it. */
public enum VideoCodec {
    VP8("video/VP8"),
    H264("video/H264"),
    VP9("video/VP9"),
    AV1("video/AV1");

    private final String mimeType;

    VideoCodec(String mimeType) {
        this.mimeType = mimeType;
    }

    public String mimeType() {
        return mimeType;
    }

    /** The codec with this name or MIME type (case-insensitive: {@code vp8}, {@code video/H264}). */
    public static VideoCodec parse(String name) {
        String n = name.trim().toUpperCase(Locale.ROOT);
        if (n.startsWith("VIDEO/")) {
            n = n.substring(6);
        }
        if (n.equals("H.264") || n.equals("AVC")) {
            n = "H264";
        }
        for (VideoCodec c : values()) {
            if (c.name().equals(n)) {
                return c;
            }
        }
        throw new IllegalArgumentException("unknown video codec '" + name + "', expected one of "
                + Arrays.stream(values())
                        .map(c -> c.name().toLowerCase(Locale.ROOT))
                        .collect(Collectors.joining(", ")));
    }
}

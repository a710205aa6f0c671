package io.dejavu.training.footage;

import io.dejavu.training.TrainingException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The call codecs training pairs can be made with, and the LGPL FFmpeg encoders that stand in for them. */
public enum Codec {
    /** VP8 through libvpx in real-time mode, as libwebrtc uses it. */
    VP8("vp8", "libvpx", "vp8"),
    /** H.264 through Cisco's OpenH264, the encoder of libwebrtc's H.264 path (and of the LGPL FFmpeg build). */
    H264("h264", "libopenh264", "h264");

    private final String id;
    private final String encoder;
    private final String decoder;

    Codec(String id, String encoder, String decoder) {
        this.id = id;
        this.encoder = encoder;
        this.decoder = decoder;
    }

    /** Lower-case name used on the command line and in metadata.json. */
    public String id() {
        return id;
    }

    /** FFmpeg encoder name. */
    public String encoder() {
        return encoder;
    }

    /** FFmpeg decoder name. */
    public String decoder() {
        return decoder;
    }

    /** Parses {@code vp8} or {@code h264} (case-insensitive). */
    public static Codec parse(String text) {
        String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        for (Codec c : values()) {
            if (c.id.equals(t) || (c == H264 && (t.equals("avc") || t.equals("h.264")))) {
                return c;
            }
        }
        throw new TrainingException("unknown codec '" + text + "', expected one of "
                + Arrays.stream(values()).map(Codec::id).collect(Collectors.joining(", ")));
    }
}

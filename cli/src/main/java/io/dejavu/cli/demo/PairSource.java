package io.dejavu.cli.demo;

import io.dejavu.learning.pairs.CallPathPairs;
import io.dejavu.training.footage.PairMaker;
import java.io.PrintWriter;

/** Where the demo's personal model gets its training pairs (ADR 0505). */
enum PairSource {
    /** An offline FFmpeg round trip with fixed libvpx/OpenH264 settings, as {@code ./dejavu train} makes them. */
    FFMPEG("ffmpeg"),
    /** A real loopback call: libwebrtc's encoder and decoder, as the callee will see the caller. */
    CALL("call");

    private final String id;

    PairSource(String id) {
        this.id = id;
    }

    String id() {
        return id;
    }

    PairMaker maker(PrintWriter err) {
        return this == CALL ? new CallPathPairs(err) : PairMaker.FFMPEG;
    }

    static PairSource parse(String text) {
        for (PairSource s : values()) {
            if (s.id.equalsIgnoreCase(text.trim())) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown pair source '" + text + "': use ffmpeg or call");
    }
}

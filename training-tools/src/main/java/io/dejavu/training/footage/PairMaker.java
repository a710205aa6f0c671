package io.dejavu.training.footage;

import io.dejavu.protocol.video.I420Frame;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns footage into training pairs: each original Y beside the Y a receiver decodes after the
 * call's codec at the call's bitrate. {@link #FFMPEG} encodes and decodes offline with fixed,
 * load-independent settings (the default); another maker may record the pairs through a real call,
 * so that the model learns from what a receiver's decoder actually shows (see
 * {@code docs/decisions/0505-call-path-pairs.md}).
 *
 * <pre>{@code
 * PairMaker.Pairs p = PairMaker.FFMPEG.make(footage, Codec.VP8, 50);
 * System.out.println(p.pairs().frames() + " pairs via " + p.encoder());
 * }</pre>
 */
@FunctionalInterface
public interface PairMaker extends AutoCloseable {
    /**
     * Pairs in time order (a maker may leave out frames a call dropped).
     *
     * @param pairs original and decoded planes
     * @param encoder what encoded and decoded them, with its settings
     * @param kbps bitrate actually spent
     */
    record Pairs(PairSet pairs, String encoder, double kbps) {}

    /** FFmpeg round trip of every frame ({@link CodecRoundTrip}). */
    PairMaker FFMPEG = (footage, codec, kbps) -> {
        CodecRoundTrip.Result rt = CodecRoundTrip.run(footage, codec, kbps);
        List<byte[]> originals = new ArrayList<>(footage.frames().size());
        for (I420Frame frame : footage.frames()) {
            originals.add(frame.y());
        }
        return new Pairs(
                new PairSet(footage.size(), originals, rt.decodedY()), rt.encoderDescription(), rt.actualKbps());
    };

    /**
     * Makes the pairs.
     *
     * @throws io.dejavu.training.TrainingException when the codec is missing or the round trip fails
     */
    Pairs make(Footage footage, Codec codec, int bitrateKbps);

    /**
     * How many clips may go through this maker at the same time on a machine with {@code cores}
     * cores: one per core for the offline FFmpeg round trip, one by default (a maker that plays a
     * call in real time says for itself how many calls keep up at once).
     */
    default int parallelism(int cores) {
        return this == FFMPEG ? cores : 1;
    }

    /**
     * The start of each clip whose pairs do not decode like the rest: a maker that replays the clip
     * through a real call starts cold (the first key frame, then the rate ramping up), so a learner
     * that wants pairs like a call in progress leaves this much out. None for the offline round
     * trip, whose rate control is fixed from the first frame.
     */
    default java.time.Duration coldStart() {
        return java.time.Duration.ZERO;
    }

    /** Releases what the maker keeps between clips (a call maker's libwebrtc runtime); none by default. */
    @Override
    default void close() {}
}

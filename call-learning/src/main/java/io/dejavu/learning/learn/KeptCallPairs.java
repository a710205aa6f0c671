package io.dejavu.learning.learn;

import io.dejavu.learning.footage.KeptCall;
import io.dejavu.training.footage.Codec;
import io.dejavu.training.footage.Footage;
import io.dejavu.training.footage.FootageReader;
import io.dejavu.training.footage.PairMaker;
import io.dejavu.training.footage.PairSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Training pairs of kept calls, each made once at that call's own size, codec and measured send
 * bitrate, and kept in memory for the next runs: a kept call's footage never changes, and remaking
 * its pairs through a loopback call would cost as long as the call each time. Bounded to the newest
 * {@code capacity} calls (least recently used go first). Not thread-safe: one learner uses it.
 */
final class KeptCallPairs {
    static final int KEPT_PER_CALL = 300;

    private final PairMaker maker;
    private final int capacity;
    private final Map<String, PairMaker.Pairs> byCall;

    KeptCallPairs(PairMaker maker, int capacity) {
        this.maker = maker;
        this.capacity = capacity;
        this.byCall = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, PairMaker.Pairs> eldest) {
                return size() > KeptCallPairs.this.capacity;
            }
        };
    }

    /**
     * The call's pairs, made now if not yet made; the call's first {@code maxFrames} frames at most,
     * less the pairs of the maker's {@link PairMaker#coldStart() cold start} (ADR 0701).
     */
    PairMaker.Pairs of(KeptCall call, int maxFrames) {
        PairMaker.Pairs cached = byCall.get(key(call, maxFrames));
        if (cached != null) {
            return cached;
        }
        // The first frames: kept calls are already bounded per call (LearningSettings.maxPerCall).
        Footage footage = FootageReader.read(call.video(), Optional.of(call.size()), maxFrames);
        PairMaker.Pairs all = maker.make(footage, Codec.parse(call.codec().name()), call.sendKbps());
        PairSet warm = withoutColdStart(all.pairs(), footage.fps());
        PairMaker.Pairs made = new PairMaker.Pairs(warm.spread(KEPT_PER_CALL), all.encoder(), all.kbps());
        byCall.put(key(call, maxFrames), made);
        return made;
    }

    /**
     * The pairs after the maker's cold start: the first {@code coldStart * fps} pairs go (a few more
     * seconds when the replay lost frames in them, never fewer).
     */
    PairSet withoutColdStart(PairSet pairs, double fps) {
        int cold = (int) Math.min(pairs.frames(), Math.round(maker.coldStart().toMillis() / 1000.0 * fps));
        if (cold == 0) {
            return pairs;
        }
        return new PairSet(
                pairs.size(),
                pairs.original().subList(cold, pairs.frames()),
                pairs.decoded().subList(cold, pairs.frames()));
    }

    /** Forgets every call's pairs (the footage was deleted). */
    void clear() {
        byCall.clear();
    }

    private static String key(KeptCall call, int maxFrames) {
        return call.id() + "|" + call.sendKbps() + "|" + call.size() + "|" + maxFrames;
    }
}

package io.dejavu.training.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dejavu.protocol.model.ModelMetadata;
import io.dejavu.protocol.model.OperatingRange;
import io.dejavu.protocol.video.FrameSize;
import io.dejavu.testing.SampleFootage;
import io.dejavu.training.TestClips;
import io.dejavu.training.TrainingException;
import io.dejavu.training.footage.Codec;
import io.dejavu.training.footage.PairMaker;
import io.dejavu.training.footage.PairSet;
import io.dejavu.training.model.ModelDirectory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A generic job over several operating points (issue 15 point 4): which clip's pairs are made at
 * which size and bitrate, larger frames trained as tiles, a validation curve per point, and a range
 * with a band per size (real clips, real VP8 through FFmpeg, a real few-step training).
 */
class SeveralPointsTest {
    private static final FrameSize SMALL = new FrameSize(64, 64);
    private static final FrameSize LARGE = new FrameSize(128, 96);
    private static Path dir;

    @BeforeAll
    static void writeClips() throws Exception {
        dir = SampleFootage.tempDir("points-clips");
        TestClips.write(dir.resolve("a-small.mkv"), 64, 64, 10, 40);
        TestClips.write(dir.resolve("b-small.mkv"), 64, 64, 10, 40);
        TestClips.write(dir.resolve("c-large.mkv"), 128, 96, 10, 40);
        TestClips.write(dir.resolve("d-large.mkv"), 128, 96, 10, 40);
        TestClips.write(dir.resolve("held-large.mkv"), 128, 96, 10, 40);
    }

    /** What the job asked the pair maker for: (clip, size, kbps). */
    private record Made(String clip, FrameSize size, int kbps) {}

    private static TrainingRequest request(Path out, List<CallPoint> points) {
        return request(
                ModelMetadata.GENERIC_CALLER,
                List.of(
                        dir.resolve("a-small.mkv"),
                        dir.resolve("b-small.mkv"),
                        dir.resolve("c-large.mkv"),
                        dir.resolve("d-large.mkv")),
                List.of(dir.resolve("held-large.mkv")),
                out,
                points);
    }

    /** A job at 40 kbps on 64x64 first, 4 steps, whose pairs {@code points} say where to make. */
    private static TrainingRequest request(
            String caller, List<Path> videos, List<Path> holdOut, Path out, List<CallPoint> points) {
        return new TrainingRequest(
                caller,
                videos,
                holdOut,
                out,
                Optional.empty(),
                Optional.empty(),
                Codec.VP8,
                40,
                Optional.of(SMALL),
                100,
                0.25,
                32,
                EnhancerTrainingOptions.defaults(Duration.ofSeconds(60), 1)
                        .withMaxSteps(4)
                        .withEvalEvery(2, 10),
                Duration.ofSeconds(3),
                points);
    }

    @Test
    void eachClipIsMadeAtOnePointItCoversAndTheRangeHasABandPerSize() throws Exception {
        List<Made> made = Collections.synchronizedList(new ArrayList<>());
        PairMaker recording = (footage, codec, kbps) -> {
            made.add(new Made(footage.source().getFileName().toString(), footage.size(), kbps));
            return PairMaker.FFMPEG.make(footage, codec, kbps);
        };
        List<String> messages = Collections.synchronizedList(new ArrayList<>());
        ProgressListener listener = ProgressListener.messages(messages::add);
        Path out = SampleFootage.tempDir("points").resolve("generic");
        List<CallPoint> points = CallPoint.grid(List.of(SMALL, LARGE), List.of(40, 120));
        TrainingOutcome o = new TrainingService(listener, 1, recording).train(request(out, points));

        // The small clips cover only the small size, so they take its two points; the large clips
        // then take the large size's points, which have none yet.
        List<Made> training = made.stream()
                .filter(m -> !m.clip().startsWith("held") && made.indexOf(m) < 4)
                .toList();
        assertEquals(
                List.of(
                        new Made("a-small.mkv", SMALL, 40),
                        new Made("b-small.mkv", SMALL, 120),
                        new Made("c-large.mkv", LARGE, 40),
                        new Made("d-large.mkv", LARGE, 120)),
                training.stream()
                        .sorted(java.util.Comparator.comparing(Made::clip))
                        .toList(),
                made.toString());
        // The range: every bitrate of the job at each size, on the held-out clip read at that size.
        for (FrameSize s : List.of(SMALL, LARGE)) {
            for (int kbps : List.of(40, 120)) {
                assertTrue(made.contains(new Made("held-large.mkv", s, kbps)), s + "@" + kbps + ": " + made);
            }
        }
        ModelMetadata meta = ModelDirectory.readMetadata(out);
        OperatingRange range = meta.operatingRange();
        assertEquals(4, range.points().size(), range.describe());
        assertEquals(
                2,
                range.points().stream().filter(p -> p.width() == 128).count(),
                "two points measured at 128x96: " + range.points());
        if (range.sizes().size() == 2) {
            assertEquals(2, range.bands().size(), range.describe());
        }
        // 40 frames of which 30 train: a large clip gives 4 tiles of 64x64 per frame
        assertEquals(30 + 30 + 4 * 30 + 4 * 30, o.metadata().data().get("training_frames"));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> summary =
                (List<Map<String, Object>>) meta.data().get("operating_points");
        assertEquals(4, summary.size());
        assertEquals("128x96", summary.get(3).get("size"));
        assertEquals(120, summary.get(3).get("kbps"));
        assertEquals(1, summary.get(3).get("clips"));
        for (CallPoint p : points) {
            assertTrue(
                    meta.metrics().containsKey("validation_gain_db@" + p.label()),
                    meta.metrics().toString());
        }
        assertTrue(
                messages.stream().anyMatch(m -> m.startsWith("operating points, clips each: 64x64@40 kbps: 1")),
                messages.toString());
    }

    @Test
    void largerFramesAreCutIntoOverlappingTilesThatCoverEveryPixel() {
        FrameSize frame = new FrameSize(40, 24);
        FrameSize tile = new FrameSize(16, 16);
        byte[] plane = new byte[frame.pixels()];
        new java.util.Random(3).nextBytes(plane);
        PairSet one = new PairSet(frame, List.of(plane), List.of(plane));
        PairSet tiles = one.tiles(tile);
        // columns start at 0, 12, 24 and rows at 0, 8: 6 tiles, overlapping, covering every pixel
        assertEquals(6, tiles.frames());
        assertEquals(6, one.tilesPerFrame(tile));
        int k = 0;
        for (int y0 : new int[] {0, 8}) {
            for (int x0 : new int[] {0, 12, 24}) {
                byte[] t = tiles.original().get(k++);
                for (int y = 0; y < 16; y++) {
                    for (int x = 0; x < 16; x++) {
                        assertEquals(plane[(y0 + y) * 40 + x0 + x], t[y * 16 + x], "tile " + k + " at " + x + "," + y);
                    }
                }
            }
        }
        assertEquals(one, one.tiles(frame), "a frame of the tile's size is its own tile");
    }

    @Test
    void theFirstPointMustBeTheJobsOwnAndTheSmallest() {
        Path out = Path.of("unused");
        TrainingException wrongFirst = org.junit.jupiter.api.Assertions.assertThrows(
                TrainingException.class, () -> request(out, CallPoint.grid(List.of(LARGE, SMALL), List.of(40, 120))));
        assertTrue(wrongFirst.getMessage().startsWith("the first operating point 128x96@40"), wrongFirst.getMessage());
    }

    private static TrainingRequest personal(Path out, List<CallPoint> points) {
        return request("alice", List.of(dir.resolve("a-small.mkv")), List.of(), out, points);
    }

    @Test
    void aPersonalModelLearnsFromEveryClipAtEachOfItsBitratesAndItsRangeIsMeasuredOnce() throws Exception {
        List<Made> made = Collections.synchronizedList(new ArrayList<>());
        PairMaker recording = (footage, codec, kbps) -> {
            made.add(new Made(footage.source().getFileName().toString(), footage.size(), kbps));
            return PairMaker.FFMPEG.make(footage, codec, kbps);
        };
        Path out = SampleFootage.tempDir("points-personal").resolve("alice");
        List<CallPoint> points = CallPoint.grid(List.of(SMALL), List.of(40, 60));
        TrainingOutcome o = new TrainingService(ProgressListener.NONE, 1, recording).train(personal(out, points));

        assertEquals(
                List.of(new Made("a-small.mkv", SMALL, 40), new Made("a-small.mkv", SMALL, 60)),
                made.subList(0, 2),
                "the caller's one clip, recorded at both bitrates: " + made);
        // 40 frames, 30 to learn from, at each bitrate
        assertEquals(60, o.metadata().data().get("training_frames"));
        // the range is the one-bitrate job's ladder around the first (30-120 kbps here), measured on
        // the clip's held-back part once, not once per bitrate it was recorded at
        List<Integer> ladder =
                made.subList(2, made.size()).stream().map(Made::kbps).toList();
        assertEquals(List.of(30, 40, 60, 80, 120), ladder, made.toString());
        assertEquals(ladder.size(), o.metadata().operatingRange().points().size());
    }

    @Test
    void aPersonalModelAtOneBitrateIsWrittenWithItsRangeAsBefore() throws Exception {
        List<Integer> made = Collections.synchronizedList(new ArrayList<>());
        PairMaker recording = (footage, codec, kbps) -> {
            made.add(kbps);
            return PairMaker.FFMPEG.make(footage, codec, kbps);
        };
        Path out = SampleFootage.tempDir("points-one").resolve("alice");
        TrainingOutcome o = new TrainingService(ProgressListener.NONE, 1, recording).train(personal(out, List.of()));
        assertEquals(List.of(40, 30, 40, 60, 80, 120), made, "the pairs, then the range's ladder");
        assertEquals(
                5, ModelDirectory.readMetadata(out).operatingRange().points().size());
        assertEquals(30, o.metadata().data().get("training_frames"));
    }

    @Test
    void aPersonalModelKeepsItsCallersSize() {
        TrainingException e = org.junit.jupiter.api.Assertions.assertThrows(
                TrainingException.class,
                () -> personal(Path.of("unused"), CallPoint.grid(List.of(SMALL, LARGE), List.of(40))));
        assertEquals(
                "a personal model learns at its caller's own size; several sizes are for the generic model"
                        + " (train-generic)",
                e.getMessage());
    }
}

package io.dejavu.training.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dejavu.protocol.model.ModelMetadata;
import io.dejavu.protocol.video.FrameSize;
import io.dejavu.testing.SampleFootage;
import io.dejavu.training.TestClips;
import io.dejavu.training.TrainingException;
import io.dejavu.training.footage.Codec;
import io.dejavu.training.footage.Footage;
import io.dejavu.training.footage.PairMaker;
import io.dejavu.training.footage.PairSet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** How a job splits its footage, and the footage it refuses before any training starts (real clips, real VP8). */
class TrainingServiceTest {
    private static Path clips;
    private static Path shortClip; // 2 s at 10 fps: one second less than a job needs
    private static Path longClip; // 4 s
    private static Path otherSize; // 4 s at another size

    @BeforeAll
    static void writeClips() throws Exception {
        clips = SampleFootage.tempDir("service-clips");
        shortClip = TestClips.write(clips.resolve("short.mkv"), 64, 64, 10, 20);
        longClip = TestClips.write(clips.resolve("long.mkv"), 64, 64, 10, 40);
        otherSize = TestClips.write(clips.resolve("other.mkv"), 48, 48, 10, 40);
    }

    private static TrainingRequest request(String caller, List<Path> videos, Path out) {
        return new TrainingRequest(
                caller,
                videos,
                List.of(),
                out,
                Optional.empty(),
                Optional.empty(),
                Codec.VP8,
                50,
                Optional.empty(),
                100,
                0.25,
                32,
                EnhancerTrainingOptions.defaults(Duration.ofSeconds(30), 1).withMaxSteps(5),
                Duration.ofSeconds(5));
    }

    /** Runs the job expecting a refusal; checks that no model, staging or checkpoint was left. */
    private static TrainingException refused(TrainingService service, TrainingRequest r) throws Exception {
        TrainingException e = assertThrows(TrainingException.class, () -> service.train(r));
        assertTrue(!e.getMessage().contains("\n"), "one line: " + e.getMessage());
        try (var left = Files.list(r.out().getParent())) {
            assertEquals(List.of(), left.toList(), "nothing left beside the model");
        }
        return e;
    }

    @Test
    void aPersonalJobRefusesAClipShorterThanThreeSecondsSayingHowMuchItNeeds() throws Exception {
        Path out = SampleFootage.tempDir("service").resolve("alice");
        TrainingException e =
                refused(new TrainingService(ProgressListener.NONE, 1), request("alice", List.of(shortClip), out));
        assertEquals(
                "footage too short: " + shortClip + " has 2.0 s (20 frames); need at least 3 s (30 frames at 10 fps:"
                        + " 2 s to learn from and 1 s held back), 30 s or more for a useful model",
                e.getMessage());
    }

    @Test
    void aGenericJobLeavesShortClipsOutAndRefusesWhenNoneIsLeft() throws Exception {
        Path out = SampleFootage.tempDir("service").resolve("generic");
        List<String> messages = Collections.synchronizedList(new ArrayList<>());
        ProgressListener listener = ProgressListener.messages(messages::add);
        TrainingException e = refused(
                new TrainingService(listener, 1),
                request(ModelMetadata.GENERIC_CALLER, List.of(shortClip, shortClip), out));
        assertEquals("none of the 2 clips is long enough to train on", e.getMessage());
        assertEquals(
                2,
                messages.stream()
                        .filter(m -> m.startsWith("left out: footage too short"))
                        .count(),
                messages.toString());
    }

    @Test
    void clipsOfDifferentSizesAreRefusedBeforeTheirPairsAreMade() throws Exception {
        Path out = SampleFootage.tempDir("service").resolve("bob");
        List<Footage> encoded = Collections.synchronizedList(new ArrayList<>());
        PairMaker counting = (footage, codec, kbps) -> {
            encoded.add(footage);
            return PairMaker.FFMPEG.make(footage, codec, kbps);
        };
        TrainingException e = refused(
                new TrainingService(ProgressListener.NONE, 1, counting),
                request("bob", List.of(longClip, otherSize), out));
        assertTrue(
                e.getMessage().startsWith("clips differ in size: long.mkv is 64x64 but other.mkv is 48x48")
                        && e.getMessage().endsWith("pass --size WxH to scale them all"),
                e.getMessage());
        assertEquals(1, encoded.size(), "only the first clip was encoded");
    }

    @Test
    void aPairMakerThatLosesTooManyFramesIsNamedWithWhatCameThrough() throws Exception {
        Path out = SampleFootage.tempDir("service").resolve("carol");
        // a call that dropped every other frame
        PairMaker lossy = (footage, codec, kbps) -> {
            PairMaker.Pairs all = PairMaker.FFMPEG.make(footage, codec, kbps);
            List<byte[]> o = new ArrayList<>();
            List<byte[]> d = new ArrayList<>();
            for (int i = 0; i < all.pairs().frames(); i += 2) {
                o.add(all.pairs().original().get(i));
                d.add(all.pairs().decoded().get(i));
            }
            return new PairMaker.Pairs(new PairSet(all.pairs().size(), o, d), "a lossy call", all.kbps());
        };
        TrainingException e =
                refused(new TrainingService(ProgressListener.NONE, 1, lossy), request("carol", List.of(longClip), out));
        assertEquals(
                "only 20 of 40 frames of " + longClip + " came through a lossy call; need at least 30", e.getMessage());
    }

    /** {@code n} pairs numbered by their first byte. */
    private static TrainingService.Clip clip(int n) {
        FrameSize size = new FrameSize(16, 16);
        List<byte[]> planes = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            byte[] p = new byte[size.pixels()];
            p[0] = (byte) i;
            planes.add(p);
        }
        return new TrainingService.Clip(
                Path.of("c.mp4"), 25, new PairSet(size, planes, planes), "vp8", 50, null, new CallPoint(size, 50));
    }

    @ParameterizedTest(name = "{0} frames, {1} held back: {2} to learn from")
    @CsvSource({"10, 0.25, 7", "40, 0.25, 30", "9, 0.5, 4", "10, 0.01, 9", "2, 0.25, 1"})
    void theLaterShareOfEachClipIsHeldBackAndAtLeastOneFrame(int frames, double fraction, int learn) {
        TrainingService.Clip c = clip(frames);
        PairSet earlier = c.earlier(fraction);
        PairSet later = c.later(fraction);
        assertEquals(learn, earlier.frames());
        assertEquals(frames - learn, later.frames());
        for (int i = 0; i < frames; i++) {
            byte[] plane =
                    i < learn ? earlier.original().get(i) : later.original().get(i - learn);
            assertEquals(i, plane[0], "frame " + i + " in time order, earlier ones first");
        }
    }

    @Test
    void aJobsCheckpointKeyIgnoresTheOrderOfItsClipsButNotWhatShapesTheModel() {
        EnhancerTrainingOptions o = EnhancerTrainingOptions.defaults(Duration.ofMinutes(1), 1);
        Path out = Path.of("out");
        TrainingRequest ab = request("alice", List.of(Path.of("x/a.mp4"), Path.of("y/b.mp4")), out);
        TrainingRequest ba = request("alice", List.of(Path.of("y/b.mp4"), Path.of("x/a.mp4")), out);
        String key = TrainingService.jobKey(ab, o);
        assertEquals(key, TrainingService.jobKey(ba, o));
        assertEquals("alice edsr-y c16 b4 vp8 50kbps native seed 1 [a.mp4, b.mp4]", key);
        assertNotEquals(key, TrainingService.jobKey(request("bob", ab.videos(), out), o));
        assertNotEquals(key, TrainingService.jobKey(ab, EnhancerTrainingOptions.defaults(Duration.ofMinutes(1), 2)));
        assertNotEquals(key, TrainingService.jobKey(request("alice", List.of(Path.of("a.mp4")), out), o));
    }
}

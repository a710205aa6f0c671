package io.dejavu.training.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import io.dejavu.protocol.video.FrameSize;
import io.dejavu.testing.SampleFootage;
import io.dejavu.training.TestClips;
import io.dejavu.training.TrainingException;
import io.dejavu.training.footage.Codec;
import io.dejavu.training.footage.PairMaker;
import io.dejavu.training.model.Architecture;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The single-frame vs temporal comparison (ADR 0509) on real tiny clips, and its verdict. */
class TemporalExperimentTest {
    private static final TrainingDevice CPU = new TrainingDevice(Device.cpu(), "CPU (1 thread)");
    private static final Architecture SMALL = new Architecture(4, 1);

    @Test
    void trainsBothVariantsPerSeedAndMeasuresEachOnTheHeldOutPeopleOnly() throws Exception {
        Path dir = SampleFootage.tempDir("temporal-experiment");
        Path a = TestClips.write(dir.resolve("a.mkv"), 48, 32, 10, 40);
        Path b = TestClips.write(dir.resolve("b.mkv"), 48, 32, 10, 20); // 2 s: too short to train on
        Path held = TestClips.write(dir.resolve("held.mkv"), 48, 32, 10, 8);
        EnhancerTrainingOptions o = new EnhancerTrainingOptions(
                SMALL, Loss.L1, 16, 4, 1e-3f, 3, Duration.ofMinutes(1), 1, 3, 2, Optional.empty());
        List<String> messages = new ArrayList<>();
        List<TemporalExperiment.Run> seen = new ArrayList<>();
        TemporalExperiment.Result r = new TemporalExperiment(
                        PairMaker.FFMPEG, CPU, ProgressListener.messages(messages::add))
                .run(
                        new TemporalExperiment.Request(
                                List.of(a, b),
                                List.of(held),
                                new FrameSize(48, 32),
                                Codec.VP8,
                                100,
                                40,
                                8,
                                List.of(SMALL),
                                List.of(1L, 2L),
                                o,
                                0.25),
                        seen::add);

        assertEquals(1, r.trainClips(), "the 2-second clip is left out");
        assertTrue(
                messages.stream().anyMatch(m -> m.startsWith("left out: ") && m.contains("b.mkv")),
                messages.toString());
        assertEquals(30, r.trainPairs());
        assertEquals(10, r.validationPairs());
        assertEquals(
                List.of("held.mkv"),
                r.people().stream().map(TemporalExperiment.Person::clip).toList());
        assertEquals(8, r.people().get(0).frames());
        assertEquals(r.runs(), seen, "each run is handed over as it is measured");
        assertEquals(
                List.of("single 1", "temporal 1", "single 2", "temporal 2"),
                r.runs().stream().map(x -> x.variant() + " " + x.seed()).toList());
        for (TemporalExperiment.Run run : r.runs()) {
            assertEquals(3, run.steps());
            assertEquals(List.of("held.mkv"), List.copyOf(run.gainDb().keySet()));
            assertTrue(Double.isFinite(run.meanGainDb()), run.toString());
        }
        assertEquals(1, r.summary(SMALL).people());
    }

    @Test
    void temporalWinsOnlyByMoreThanTheSeedSpreadAndOnMostPeople() {
        List<TemporalExperiment.Person> people =
                List.of(new TemporalExperiment.Person("p", 10, 30, 50), new TemporalExperiment.Person("q", 10, 30, 50));
        assertTrue(result(people, 0.50, 0.52, 0.60, 0.61).summary(SMALL).temporalWins());
        TemporalExperiment.Summary close =
                result(people, 0.50, 0.56, 0.55, 0.60).summary(SMALL);
        assertEquals(0.045, close.differenceDb(), 1e-9);
        assertEquals(0.06, close.singleSpreadDb(), 1e-9);
        assertFalse(close.temporalWins(), "within the seed spread");
        assertTrue(close.verdict().contains("single-frame stays"), close.verdict());
        assertFalse(
                result(people, 0.50, 0.52, 0.60, 0.61)
                        .summary(new Architecture(8, 2))
                        .temporalWins(),
                "no runs");
        TemporalExperiment.Result oneSeed = new TemporalExperiment.Result(
                people, List.of(run(1, 1, 0.5, 0.5), run(2, 1, 0.9, 0.9)), 1, 10, 2, "vp8");
        assertFalse(oneSeed.summary(SMALL).temporalWins(), "one seed has no spread to beat");
    }

    @Test
    void refusesARequestWithoutHeldOutPeople() {
        EnhancerTrainingOptions o = EnhancerTrainingOptions.defaults(Duration.ofMinutes(1), 1);
        assertThrows(
                TrainingException.class,
                () -> new TemporalExperiment.Request(
                        List.of(Path.of("a.mp4")),
                        List.of(),
                        new FrameSize(64, 64),
                        Codec.VP8,
                        50,
                        10,
                        10,
                        List.of(SMALL),
                        List.of(1L),
                        o,
                        0.25));
    }

    @Test
    void aBaseModelStartsOnlyItsOwnSingleFrameSize() {
        EnhancerTrainingOptions o = EnhancerTrainingOptions.defaults(Duration.ofMinutes(1), 1);
        var base = Optional.of(EnhancerTrainer.initialWeights(SMALL, 1, CPU));
        java.util.function.Function<List<Architecture>, TemporalExperiment.Request> request =
                archs -> new TemporalExperiment.Request(
                        List.of(Path.of("a.mp4")),
                        List.of(Path.of("b.mp4")),
                        new FrameSize(64, 64),
                        Codec.VP8,
                        50,
                        10,
                        10,
                        archs,
                        List.of(1L),
                        o,
                        0.25,
                        base);
        assertEquals(base, request.apply(List.of(SMALL)).base());
        TrainingException e =
                assertThrows(TrainingException.class, () -> request.apply(List.of(SMALL, Architecture.DEFAULT)));
        assertTrue(e.getMessage().contains("edsr-y c4 b1"), e.getMessage());
    }

    /** Two seeds of each variant; each run gains the same on both people. */
    private static TemporalExperiment.Result result(
            List<TemporalExperiment.Person> people, double s1, double s2, double t1, double t2) {
        return new TemporalExperiment.Result(
                people,
                List.of(run(1, 1, s1, s1), run(2, 1, t1, t1), run(1, 2, s2, s2), run(2, 2, t2, t2)),
                1,
                10,
                2,
                "vp8");
    }

    private static TemporalExperiment.Run run(int inputs, long seed, double p, double q) {
        return new TemporalExperiment.Run(SMALL, inputs, seed, 10, 1, 0, Map.of("p", p, "q", q));
    }
}

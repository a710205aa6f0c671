package io.dejavu.learning.learn;

import static io.dejavu.learning.learn.LearnerFixtures.budget;
import static io.dejavu.learning.learn.LearnerFixtures.identityModel;
import static io.dejavu.learning.learn.LearnerFixtures.keptCall;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dejavu.learning.SelfTrainedVersion;
import io.dejavu.protocol.model.ModelMetadata;
import io.dejavu.protocol.model.ModelTier;
import io.dejavu.testing.Await;
import io.dejavu.training.TestModels;
import io.dejavu.training.footage.PairMaker;
import io.dejavu.training.model.ModelDirectory;
import io.dejavu.training.train.ProgressListener;
import io.dejavu.training.train.TrainingProgress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The idle learner with real parts: FFmpeg pairs of a sample clip (the offline maker stands in for
 * the loopback call, which the demo's IT covers), DJL fine-tuning of a real (identity) model, ONNX
 * Runtime for the guard.
 */
class IdleLearnerTest {
    @TempDir
    Path dir;

    @Test
    void keepsAVersionThatBeatsTheCurrentModelOnTheHeldBackFrames() throws Exception {
        // The shipped generic model: an identity network has no gradient to learn from.
        Path generic = TestModels.shippedGenericModel();
        Path out = dir.resolve("v1");
        IdleLearner learner =
                new IdleLearner(PairMaker.FFMPEG, budget(80, 2e-3f, Duration.ofMinutes(3)), ProgressListener.NONE);

        LearnerResult r = learner.learn(new LearnerInput("alice", twoCalls(), generic, "generic model", generic, out));

        assertTrue(r.accepted(), () -> "refused: " + r.version().refusal());
        assertTrue(
                r.version().gainDb() > r.version().previousGainDb(), r.version().toString());
        assertEquals(out, r.model().orElseThrow());
        ModelMetadata meta = ModelDirectory.readMetadata(out);
        assertEquals("alice", meta.caller());
        assertEquals(160, meta.width());
        assertEquals(40, meta.bitrateKbps(), "the newest call's own bitrate");
        assertTrue(meta.operatingRange().helpsAnywhere());
        assertTrue(Files.isRegularFile(out.resolve("scorer.onnx")));
        assertEquals(r.version().genericGainDb(), meta.metrics().get("generic_gain_db"), 1e-9);
    }

    @Test
    void onTheCpuByDefaultOnlyTheCpuTierLearnsAndTheVersionHasNoGpuTier() throws Exception {
        Path generic = TestModels.shippedCallModel(); // carries a gpu tier
        Path out = dir.resolve("v1");
        IdleLearner learner =
                new IdleLearner(PairMaker.FFMPEG, budget(40, 2e-3f, Duration.ofMinutes(3)), ProgressListener.NONE);

        LearnerResult r = learner.learn(new LearnerInput(
                "alice", List.of(keptCall("c1", Instant.now())), generic, "generic model", generic, out));

        assertTrue(r.gpu().isEmpty(), "a CPU run leaves the 32x8 tier alone (GpuTier.ON_GPU)");
        assertTrue(r.version().gpuTier().isEmpty());
        assertFalse(Files.exists(out.resolve(ModelTier.GPU.entryName())));
    }

    @Test
    void whenAskedTheGpuTierLearnsTooAndTheVersionKeepsItOnlyIfItPassesItsOwnGuard() throws Exception {
        Path generic = TestModels.shippedCallModel();
        Path out = dir.resolve("v1");
        List<String> lines = new java.util.concurrent.CopyOnWriteArrayList<>();
        ProgressListener messages = new ProgressListener() {
            @Override
            public void onProgress(TrainingProgress p) {}

            @Override
            public void onMessage(String line) {
                lines.add(line);
            }
        };
        IdleLearner learner = new IdleLearner(
                PairMaker.FFMPEG,
                budget(60, 2e-3f, Duration.ofMinutes(3)).withGpuTier(LearnerBudget.GpuTier.ALWAYS),
                messages);

        LearnerResult r = learner.learn(new LearnerInput("alice", twoCalls(), generic, "generic model", generic, out));

        assertTrue(r.accepted(), () -> "cpu tier refused: " + r.version().refusal());
        LearnerResult.TierResult gpu = r.gpu().orElseThrow();
        assertTrue(gpu.steps() > 0);
        assertTrue(
                lines.stream()
                        .anyMatch(l -> l.startsWith("learning: fine-tuning the gpu tier (32x8) of generic model on ")),
                lines::toString);
        // The generic model is the current one: the gpu tier competes with the generic gpu tier.
        assertEquals(gpu.currentGainDb(), gpu.genericGainDb(), 1e-12);
        // The version the ledger and the settings show carries the same numbers.
        assertEquals(
                Optional.of(new SelfTrainedVersion.GpuTier(gpu.gainDb(), gpu.genericGainDb(), gpu.refusal())),
                r.version().gpuTier());
        Path gpuFile = out.resolve(ModelTier.GPU.entryName());
        ModelMetadata meta = ModelDirectory.readMetadata(out);
        assertEquals(gpu.refusal().isEmpty(), Files.isRegularFile(gpuFile), gpu.toString());
        assertEquals(gpu.refusal().isEmpty(), meta.describesTier(ModelTier.GPU), gpu.toString());
        if (gpu.refusal().isEmpty()) {
            assertEquals(gpu.gainDb(), meta.metrics().get("gpu.gain_db"), 1e-9);
            assertTrue(meta.rangeFor(ModelTier.GPU).helpsAnywhere());
            assertTrue(gpu.gainDb() > gpu.genericGainDb());
        } else {
            assertTrue(gpu.refusal().contains("does not beat"), gpu.refusal());
        }
    }

    @Test
    void aVersionWhoseRunLeftTheGpuTierAloneKeepsTheCurrentVersionsGpuTierAsItWas() throws Exception {
        Path generic = TestModels.shippedCallModel();
        List<io.dejavu.learning.footage.KeptCall> calls = twoCalls();
        Path v1 = dir.resolve("v1");
        LearnerResult first = new IdleLearner(
                        PairMaker.FFMPEG,
                        budget(60, 2e-3f, Duration.ofMinutes(3)).withGpuTier(LearnerBudget.GpuTier.ALWAYS),
                        ProgressListener.NONE)
                .learn(new LearnerInput("alice", calls, generic, "generic model", generic, v1));
        assertTrue(Files.isRegularFile(v1.resolve(ModelTier.GPU.entryName())), () -> first.gpu()
                .toString());
        Path v2 = dir.resolve("v2");

        LearnerResult second = new IdleLearner(
                        PairMaker.FFMPEG,
                        budget(60, 2e-3f, Duration.ofMinutes(3)).withGpuTier(LearnerBudget.GpuTier.NEVER),
                        ProgressListener.NONE)
                .learn(new LearnerInput("alice", calls, v1, "self-trained v1", generic, v2));

        assertTrue(
                second.accepted(), () -> "cpu tier refused: " + second.version().refusal());
        assertTrue(second.gpu().isEmpty());
        org.junit.jupiter.api.Assertions.assertArrayEquals(
                Files.readAllBytes(v1.resolve(ModelTier.GPU.entryName())),
                Files.readAllBytes(v2.resolve(ModelTier.GPU.entryName())));
        ModelMetadata meta = ModelDirectory.readMetadata(v2);
        ModelMetadata was = ModelDirectory.readMetadata(v1);
        assertEquals(was.rangeFor(ModelTier.GPU), meta.rangeFor(ModelTier.GPU));
        assertEquals(was.metrics().get("gpu.gain_db"), meta.metrics().get("gpu.gain_db"));
    }

    @Test
    void refusesAVersionNoBetterThanTheCurrentModel() throws Exception {
        Path identity = identityModel(dir.resolve("generic"));
        Path out = dir.resolve("v1");
        // Two steps at a vanishing rate: the new version is the current one, give or take rounding.
        IdleLearner learner =
                new IdleLearner(PairMaker.FFMPEG, budget(2, 1e-9f, Duration.ofMinutes(3)), ProgressListener.NONE);

        LearnerResult r = learner.learn(new LearnerInput(
                "alice", List.of(keptCall("c1", Instant.now())), identity, "generic model", identity, out));

        assertFalse(r.accepted());
        assertTrue(r.version().refusal().contains("does not beat"), r.version().refusal());
        assertFalse(Files.exists(out), "a refused version leaves no bundle");
    }

    @Test
    void aCallStartingStopsTheFineTuningAtItsNextStep() throws Exception {
        Path identity = identityModel(dir.resolve("generic"));
        Path out = dir.resolve("v1");
        AtomicInteger steps = new AtomicInteger();
        ProgressListener progress = new ProgressListener() {
            @Override
            public void onProgress(TrainingProgress p) {
                steps.set(p.step());
            }
        };
        IdleLearner learner =
                new IdleLearner(PairMaker.FFMPEG, budget(1_000_000, 1e-3f, Duration.ofHours(1)), progress);
        CompletableFuture<Throwable> ended = new CompletableFuture<>();
        Thread run = new Thread(
                () -> {
                    try {
                        learner.learn(new LearnerInput(
                                "alice", List.of(keptCall("c1", Instant.now())), identity, "generic", identity, out));
                        ended.complete(null);
                    } catch (Throwable t) {
                        ended.complete(t);
                    }
                },
                "learner-under-test");
        run.start();
        try {
            Await.until("fine-tuning under way", Duration.ofMinutes(2), () -> steps.get() >= 10);

            run.interrupt(); // what LocalSelfLearning does when a call starts

            Throwable t = ended.get(60, TimeUnit.SECONDS);
            assertTrue(t instanceof LearnerYielded, () -> "ended with " + t);
            assertFalse(Files.exists(out));
        } finally {
            run.interrupt();
            run.join(60_000);
        }
    }

    @Test
    void tooLittleFootageIsRefusedWithAReason() throws Exception {
        Path identity = identityModel(dir.resolve("generic"));
        var tiny = new io.dejavu.learning.footage.KeptCall(
                "short",
                Instant.now(),
                keptCall("x", Instant.now()).video(),
                LearnerFixtures.SIZE,
                20,
                0.8,
                io.dejavu.call.VideoCodec.VP8,
                40,
                1);
        IdleLearner learner = new IdleLearner(
                PairMaker.FFMPEG,
                new LearnerBudget(
                        io.dejavu.training.train.DeviceChoice.CPU,
                        1,
                        Duration.ofSeconds(5),
                        2,
                        30,
                        3,
                        0.25,
                        12,
                        32,
                        8,
                        1e-3f,
                        1L,
                        LearnerBudget.GpuTier.ON_GPU),
                ProgressListener.NONE);

        var e = assertThrows(
                io.dejavu.training.TrainingException.class,
                () -> learner.learn(
                        new LearnerInput("alice", List.of(tiny), identity, "generic", identity, dir.resolve("v"))));
        assertTrue(e.getMessage().contains("too little footage"), e.getMessage());
    }

    /** Two kept calls of the sample clip a day apart, newest first. */
    private static List<io.dejavu.learning.footage.KeptCall> twoCalls() {
        return List.of(
                keptCall("c2", Instant.parse("2026-12-06T10:00:00Z")),
                keptCall("c1", Instant.parse("2026-12-05T10:00:00Z")));
    }
}

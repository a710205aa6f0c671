package io.dejavu.training.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import io.dejavu.enhancer.onnx.EdsrWeights;
import io.dejavu.protocol.model.ModelMetadata;
import io.dejavu.protocol.video.FrameSize;
import io.dejavu.testing.SampleFootage;
import io.dejavu.training.TestModels;
import io.dejavu.training.eval.Evaluator;
import io.dejavu.training.eval.OrtModel;
import io.dejavu.training.footage.Codec;
import io.dejavu.training.footage.CodecRoundTrip;
import io.dejavu.training.footage.Footage;
import io.dejavu.training.footage.FootageReader;
import io.dejavu.training.footage.PairSet;
import io.dejavu.training.model.Architecture;
import io.dejavu.training.model.EnhancerWeights;
import io.dejavu.training.model.ModelDirectory;
import io.dejavu.training.model.OnnxCheck;
import io.dejavu.training.model.OnnxGraphs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Real footage, real VP8, real DJL training, real ONNX Runtime: seconds-long runs. */
class TrainingPipelineTest {
    private static final Path CLIP = SampleFootage.require(SampleFootage.ONE_MAN);

    @Test
    void secondsLongTrainingLowersTheLossAndExportsOnnxThatMatchesDjl() {
        Footage f = FootageReader.read(CLIP, Optional.of(new FrameSize(128, 128)), 60);
        CodecRoundTrip.Result rt = CodecRoundTrip.run(f, Codec.VP8, 30);
        List<byte[]> originals = new ArrayList<>();
        f.frames().forEach(frame -> originals.add(frame.y()));
        PairSet train =
                new PairSet(f.size(), originals.subList(0, 50), rt.decodedY().subList(0, 50));
        PairSet validation =
                new PairSet(f.size(), originals.subList(56, 60), rt.decodedY().subList(56, 60));
        // Untrained random weights (EDSR residual scaling 0.1) start far from the identity, so a
        // few dozen steps must show a clear drop.
        EnhancerTrainingOptions options = new EnhancerTrainingOptions(
                new Architecture(16, 4),
                Loss.L1,
                32,
                8,
                2e-3f,
                80,
                Duration.ofSeconds(150),
                7,
                1000,
                5,
                Optional.of(OnnxGraphs.fromShared(EdsrWeights.random(16, 4, 7L))));
        List<TrainingProgress> seen = new ArrayList<>();
        EnhancerTrainer.Result r = new EnhancerTrainer(options).train(train, validation, seen::add);

        assertEquals(80, r.steps(), r.stopReason());
        assertTrue(r.lastLoss() < 0.8 * r.firstLoss(), "loss " + r.firstLoss() + " -> " + r.lastLoss());
        assertTrue(seen.size() >= 6, "progress reported " + seen.size() + " times");
        byte[] onnx = OnnxGraphs.enhancer(r.weights());
        double diff = OnnxCheck.verify("enhancer.onnx", onnx, r.reference());
        assertTrue(diff <= 1e-4, "ONNX Runtime vs DJL " + diff);
        assertArrayEquals(
                r.weights().convs().get(0).weight(),
                OnnxGraphs.readEnhancer(onnx).convs().get(0).weight());
    }

    @Test
    void aRunKnockedOffCourseReturnsTheWeightsOfItsBestValidationGainNotItsLast() throws Exception {
        PairSet[] pairs = tinyPairs();
        EnhancerWeights shipped = OnnxGraphs.readEnhancer(
                Files.readAllBytes(TestModels.shippedGenericModel().resolve("enhancer.onnx")));
        // Fine-tuning a good model at a rate a hundred times too high wrecks it within a few steps.
        EnhancerTrainingOptions options = new EnhancerTrainingOptions(
                shipped.architecture(),
                Loss.L1,
                32,
                4,
                0.1f,
                60,
                Duration.ofSeconds(120),
                3,
                10,
                100,
                Optional.of(shipped));
        List<String> messages = new ArrayList<>();
        ProgressListener listener = new ProgressListener() {
            @Override
            public void onProgress(TrainingProgress p) {}

            @Override
            public void onMessage(String line) {
                messages.add(line);
            }
        };

        EnhancerTrainer.Result r = new EnhancerTrainer(options).train(pairs[0], pairs[1], listener);

        double start = r.curve().get(0).validationGainDb();
        double worst = r.curve().stream()
                .mapToDouble(CurvePoint::validationGainDb)
                .filter(Double::isFinite)
                .min()
                .orElseThrow();
        assertTrue(worst < start - 0.1, () -> "the run was not knocked off course: " + r.curve());
        try (OrtModel m = OrtModel.fromBytes(OnnxGraphs.enhancer(r.weights()), 1)) {
            double returned = new Evaluator(
                            m, Optional.empty(), 32, shipped.architecture().receptiveFieldRadius())
                    .evaluate(pairs[1], 1.0, 20)
                    .gainDb();
            assertTrue(returned >= start - 0.01, () -> "returned " + returned + " dB, start " + start + " dB");
        }
        assertTrue(messages.stream().anyMatch(l -> l.startsWith("kept the weights of step ")), messages::toString);
    }

    private static EnhancerTrainingOptions tinyRun(int steps) {
        return new EnhancerTrainingOptions(
                new Architecture(8, 2),
                Loss.L1,
                32,
                4,
                1e-3f,
                steps,
                Duration.ofSeconds(120),
                3,
                1000,
                5,
                Optional.of(OnnxGraphs.fromShared(EdsrWeights.random(8, 2, 3L))));
    }

    private static PairSet[] tinyPairs() {
        Footage f = FootageReader.read(CLIP, Optional.of(new FrameSize(64, 64)), 20);
        CodecRoundTrip.Result rt = CodecRoundTrip.run(f, Codec.VP8, 20);
        List<byte[]> originals = new ArrayList<>();
        f.frames().forEach(frame -> originals.add(frame.y()));
        return new PairSet[] {
            new PairSet(f.size(), originals.subList(0, 16), rt.decodedY().subList(0, 16)),
            new PairSet(f.size(), originals.subList(16, 20), rt.decodedY().subList(16, 20))
        };
    }

    @Test
    void aNonFiniteLossSkipsItsBatchAndTrainingGoesOnWithFiniteWeights() {
        PairSet[] pairs = tinyPairs();
        java.util.concurrent.atomic.AtomicInteger batches = new java.util.concurrent.atomic.AtomicInteger();
        EnhancerTrainer.LossHook poison = (step, loss) -> {
            int b = batches.incrementAndGet();
            return b == 3 || b == 7 ? Double.NaN : b == 8 ? Double.POSITIVE_INFINITY : loss;
        };
        List<TrainingProgress> seen = new ArrayList<>();
        EnhancerTrainer.Result r = new EnhancerTrainer(tinyRun(20), poison).train(pairs[0], pairs[1], seen::add);
        assertEquals(20, r.steps(), "every good step still counted: " + r.stopReason());
        // the three poisoned batches were skipped and replaced, and no other batch was
        assertEquals(23, batches.get(), "batches run");
        assertTrue(Double.isFinite(r.lastLoss()), "last loss " + r.lastLoss());
        for (var conv : r.weights().convs()) {
            for (float w : conv.weight()) {
                assertTrue(Float.isFinite(w), "a weight became " + w);
            }
        }
        for (TrainingProgress p : seen) {
            assertTrue(p.step() == 0 || Double.isFinite(p.loss()), "progress at step " + p.step() + ": " + p.loss());
        }
    }

    interface GradientNorm {
        double apply(int step, int attempt, double norm);
    }

    /** A hook that leaves losses alone and passes gradient norms through {@code f}. */
    private static EnhancerTrainer.LossHook onGradient(GradientNorm f) {
        return new EnhancerTrainer.LossHook() {
            @Override
            public double applyAsDouble(int step, double loss) {
                return loss;
            }

            @Override
            public double gradientNorm(int step, int attempt, double norm) {
                return f.apply(step, attempt, norm);
            }
        };
    }

    @Test
    void aNonFiniteGradientIsRetriedOnceAndTheBatchCountsWhenTheRetryIsFinite() {
        PairSet[] pairs = tinyPairs();
        // (step, attempt, norm as the trainer saw it) of every batch, in order
        List<double[]> seen = new ArrayList<>();
        EnhancerTrainer.LossHook flaky = onGradient((step, attempt, norm) -> {
            double n = (step == 4 || step == 9) && attempt == 0 ? Double.NaN : norm;
            seen.add(new double[] {step, attempt, n});
            return n;
        });
        EnhancerTrainer.Result r = new EnhancerTrainer(tinyRun(12), flaky).train(pairs[0], pairs[1], p -> {});
        assertEquals(12, r.steps(), r.stopReason());
        assertEquals(2, r.retried(), "retried");
        assertEquals(0, r.skipped(), "skipped");
        int finiteRetries = 0;
        for (int i = 0; i < seen.size(); i++) {
            double[] e = seen.get(i);
            if ((e[0] == 4 || e[0] == 9) && e[1] == 0) {
                assertEquals(1, (int) seen.get(i + 1)[1], "the injected batch at step " + (int) e[0] + " was retried");
            }
            // A finite retry is a step like any other: the next batch is the next step.
            if (e[1] == 1 && Double.isFinite(e[2]) && i + 1 < seen.size()) {
                assertEquals(e[0] + 1, seen.get(i + 1)[0], "after a finite retry at step " + (int) e[0]);
                finiteRetries++;
            }
        }
        assertEquals(2, finiteRetries, "finite retries");
    }

    @Test
    void aGradientThatStaysNonFiniteOnItsRetryIsSkipped() {
        PairSet[] pairs = tinyPairs();
        java.util.concurrent.atomic.AtomicInteger atFive = new java.util.concurrent.atomic.AtomicInteger();
        // the first batch at step 5 fails on both attempts; the next one is fine
        List<int[]> seen = new ArrayList<>();
        EnhancerTrainer.LossHook broken = onGradient((step, attempt, norm) -> {
            seen.add(new int[] {step, attempt});
            return step == 5 && atFive.getAndIncrement() < 2 ? Double.NaN : norm;
        });
        EnhancerTrainer.Result r = new EnhancerTrainer(tinyRun(10), broken).train(pairs[0], pairs[1], p -> {});
        assertEquals(10, r.steps(), r.stopReason());
        assertEquals(1, r.skipped(), "skipped");
        assertEquals(1, r.retried(), "retried");
        int first = -1;
        for (int i = 0; i < seen.size() && first < 0; i++) {
            if (seen.get(i)[0] == 5) {
                first = i;
            }
        }
        assertEquals(1, seen.get(first + 1)[1], "the failing batch at step 5 was retried");
        assertEquals(5, seen.get(first + 2)[0], "after its retry failed too, step 5 was run on another batch");
    }

    @Test
    void aRunResumedFromItsCheckpointGoesOnFromTheSavedStepAndDoesOnlyTheStepsLeft() throws Exception {
        PairSet[] pairs = tinyPairs();
        Path dir = Files.createTempDirectory("resume").resolve("m.checkpoint");
        var saving = new EnhancerTrainer.Checkpointing("job a", dir, Duration.ofNanos(1), Optional.empty());
        new EnhancerTrainer(tinyRun(120)).with(saving).train(pairs[0], pairs[1], p -> {});
        Checkpoint cp = Checkpoint.load(dir).orElseThrow();
        assertEquals(100, cp.step(), "the last checkpoint is at the last multiple of 50 steps");
        assertTrue(cp.seconds() > 0 && !cp.curve().isEmpty(), cp.toString());

        java.util.concurrent.atomic.AtomicInteger batches = new java.util.concurrent.atomic.AtomicInteger();
        List<TrainingProgress> seen = new ArrayList<>();
        EnhancerTrainer.Result r = new EnhancerTrainer(tinyRun(130), (step, loss) -> {
                    batches.incrementAndGet();
                    return loss;
                })
                .with(new EnhancerTrainer.Checkpointing("job a", dir, Duration.ofNanos(1), Optional.of(cp)))
                .train(pairs[0], pairs[1], seen::add);
        assertEquals(130, r.steps(), r.stopReason());
        assertEquals(30, batches.get(), "batches run after the resume: the 30 steps left, not the 100 done");
        assertEquals(100, seen.get(0).step(), "the first progress line is at the resumed step");
        assertEquals(cp.curve().get(0), r.curve().get(0), "the curve goes on from the saved one");
    }

    @Test
    void aCheckpointOfAnotherJobIsRefused() throws Exception {
        PairSet[] pairs = tinyPairs();
        Path dir = Files.createTempDirectory("resume").resolve("m.checkpoint");
        new EnhancerTrainer(tinyRun(50))
                .with(new EnhancerTrainer.Checkpointing("job a", dir, Duration.ofNanos(1), Optional.empty()))
                .train(pairs[0], pairs[1], p -> {});
        Checkpoint cp = Checkpoint.load(dir).orElseThrow();
        io.dejavu.training.TrainingException e = org.junit.jupiter.api.Assertions.assertThrows(
                io.dejavu.training.TrainingException.class, () -> new EnhancerTrainer(tinyRun(50))
                        .with(new EnhancerTrainer.Checkpointing("job b", dir, Duration.ofNanos(1), Optional.of(cp))));
        assertTrue(e.getMessage().contains("another job (job a)"), e.getMessage());
    }

    /**
     * The cause of training's NaNs (ADR 0507): oneDNN's CPU convolution backward reads the padding
     * of its channel blocks, which it never writes, so stale native memory reached the gradients
     * whenever a layer's output width was not a multiple of the block. Here every batch's backward
     * pass runs right after native arrays full of NaN were freed; before the fix, 25-136 of 1,000
     * batches of this model went non-finite and 4 of 4 runs of 8- and 4-channel models died.
     */
    @Test
    void staleNativeMemoryFullOfNanNeverReachesTheGradients() {
        PairSet[] pairs = tinyPairs();
        EnhancerTrainer.LossHook poison = (step, loss) -> {
            try (NDManager m = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
                for (int k = 0; k < 8; k++) {
                    float[] nan = new float[1 << (10 + k)];
                    java.util.Arrays.fill(nan, Float.NaN);
                    m.create(nan);
                }
            }
            return loss;
        };
        EnhancerTrainer.Result r = new EnhancerTrainer(tinyRun(300), poison).train(pairs[0], pairs[1], p -> {});
        assertEquals(300, r.steps(), r.stopReason());
        assertEquals(0, r.retried(), "batches with a non-finite gradient");
        assertEquals(0, r.skipped(), "batches skipped");
    }

    @Test
    void repeatedNonFiniteLossesFailWithWhatWasTried() {
        PairSet[] pairs = tinyPairs();
        EnhancerTrainer.LossHook always = (step, loss) -> step >= 2 ? Double.NaN : loss;
        io.dejavu.training.TrainingException e = org.junit.jupiter.api.Assertions.assertThrows(
                io.dejavu.training.TrainingException.class,
                () -> new EnhancerTrainer(tinyRun(20), always).train(pairs[0], pairs[1], p -> {}));
        assertTrue(
                e.getMessage()
                                .contains(EnhancerTrainer.MAX_BAD_IN_A_ROW
                                        + " batches in a row gave a non-finite loss or gradient")
                        && e.getMessage().contains("learning rate was halved"),
                e.getMessage());
    }

    @Test
    void shortFineTuneWithFixedSeedGainsOnTheLaterUnseenPartOfTheSamePerson() throws Exception {
        Path out = SampleFootage.tempDir("personal").resolve("p19");
        Path generic = TestModels.shippedGenericModel();
        EnhancerTrainingOptions options = EnhancerTrainingOptions.defaults(Duration.ofSeconds(60), 11)
                .withLearningRate(5e-4f)
                .withMaxSteps(30)
                .withEvalEvery(1000, 5);
        TrainingOutcome o = new TrainingService(ProgressListener.NONE, 2)
                .train(new TrainingRequest(
                        "p19",
                        List.of(CLIP),
                        List.of(),
                        out,
                        Optional.of(generic),
                        Optional.of(generic),
                        Codec.VP8,
                        50,
                        // The sample is 400x300; 256x256 keeps the run as short as on the square clip it replaced.
                        Optional.of(new FrameSize(256, 256)),
                        100,
                        0.2,
                        32,
                        options,
                        Duration.ofSeconds(3)));

        // The later 20 frames were never trained on.
        assertEquals(20, o.validation().frames());
        assertTrue(
                o.validation().gainDb() > 0,
                "gain on later footage " + o.validation().gainDb());
        assertTrue(o.generic().isPresent());
        for (String f : List.of(
                "enhancer.onnx",
                "scorer.onnx",
                "metadata.json",
                "report.html",
                "curve.png",
                "gain-histogram.png",
                "crops.png")) {
            assertTrue(Files.isRegularFile(out.resolve(f)), f);
        }
        ModelMetadata meta = ModelDirectory.readMetadata(out);
        assertEquals("p19", meta.caller());
        assertEquals(10, meta.receptiveFieldRadius());
        assertEquals(o.validation().gainDb(), meta.metrics().get("gain_db"), 1e-9);
        assertTrue(meta.metrics().containsKey("generic_gain_db"));
        assertTrue(meta.metrics().containsKey("scorer_top25_share"));
        try (var siblings = Files.list(out.getParent())) {
            assertEquals(List.of(out), siblings.toList(), "no partial directories left");
        }
    }
}

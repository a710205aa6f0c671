package io.dejavu.training.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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
import io.dejavu.training.footage.FootageReader;
import io.dejavu.training.footage.PairMaker;
import io.dejavu.training.footage.PairSet;
import io.dejavu.training.model.Architecture;
import io.dejavu.training.model.ConvWeights;
import io.dejavu.training.model.EnhancerWeights;
import io.dejavu.training.model.OnnxGraphs;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The temporal variant of EDSR-Y (current and previous decoded frame in, ADR 0509). */
class TemporalModelTest {
    private static final TrainingDevice CPU = new TrainingDevice(Device.cpu(), "CPU (1 thread)");
    private static final Architecture SMALL = new Architecture(4, 1);
    private static PairSet pairs;

    @BeforeAll
    static void realDecodedFrames() throws Exception {
        pairs = PairMaker.FFMPEG
                .make(
                        FootageReader.read(
                                TestClips.write(
                                        SampleFootage.tempDir("temporal-model").resolve("c.mkv"), 64, 48, 10, 6),
                                Optional.empty(),
                                6),
                        Codec.VP8,
                        100)
                .pairs()
                .withPrevious();
    }

    /** Random weights with a non-zero tail, so that the network changes its input. */
    private static EnhancerWeights someWeights(long seed) {
        EnhancerWeights w = EnhancerTrainer.initialWeights(SMALL, seed, CPU);
        List<ConvWeights> convs = new ArrayList<>(w.convs());
        ConvWeights tail = convs.get(convs.size() - 1);
        SplittableRandom r = new SplittableRandom(seed);
        float[] t = new float[tail.weight().length];
        for (int i = 0; i < t.length; i++) {
            t[i] = (float) r.nextDouble(-0.2, 0.2);
        }
        convs.set(
                convs.size() - 1, new ConvWeights(tail.out(), tail.in(), tail.kernel(), tail.stride(), t, tail.bias()));
        return new EnhancerWeights(SMALL, convs);
    }

    @Test
    void withZeroWeightsForThePreviousFrameTheTemporalModelIsTheSingleFrameModel() {
        EnhancerWeights single = someWeights(7);
        EnhancerWeights temporal = single.withPreviousFrameInput();
        assertEquals(2, temporal.inputs());
        int w = pairs.size().width();
        int h = pairs.size().height();
        try (DjlEnhancer one = new DjlEnhancer(single, CPU);
                DjlEnhancer two = new DjlEnhancer(temporal, CPU)) {
            for (int f = 1; f < pairs.frames(); f++) {
                byte[] dec = pairs.decoded().get(f);
                byte[] a = one.enhance(new byte[][] {dec}, w, h);
                assertFalse(Arrays.equals(dec, a), "the network changes frame " + f);
                assertArrayEquals(a, two.enhance(new byte[][] {dec, pairs.previousOf(f)}, w, h), "frame " + f);
            }
        }
    }

    @Test
    void theTemporalModelSeesThePreviousFrameOnceItsWeightsForItAreNotZero() {
        EnhancerWeights temporal = someWeights(7).withPreviousFrameInput();
        List<ConvWeights> convs = new ArrayList<>(temporal.convs());
        ConvWeights head = convs.get(0);
        float[] weight = head.weight().clone();
        for (int o = 0; o < head.out(); o++) {
            weight[o * 18 + 9 + 4] = 0.5f; // the previous frame's centre tap
        }
        convs.set(0, new ConvWeights(head.out(), 2, 3, 1, weight, head.bias()));
        int w = pairs.size().width();
        int h = pairs.size().height();
        byte[] dec = pairs.decoded().get(3);
        try (DjlEnhancer e = new DjlEnhancer(new EnhancerWeights(SMALL, convs), CPU)) {
            assertFalse(Arrays.equals(
                    e.enhance(new byte[][] {dec, pairs.previousOf(3)}, w, h),
                    e.enhance(new byte[][] {dec, dec}, w, h)));
        }
    }

    @Test
    void widenedWeightsKeepTheHeadForTheCurrentFrameAndZerosForThePreviousOne() {
        EnhancerWeights single = someWeights(3);
        ConvWeights a = single.convs().get(0);
        ConvWeights b = single.withPreviousFrameInput().convs().get(0);
        assertEquals(2, b.in());
        for (int o = 0; o < a.out(); o++) {
            for (int k = 0; k < 9; k++) {
                assertEquals(a.weight()[o * 9 + k], b.weight()[o * 18 + k]);
                assertEquals(0f, b.weight()[o * 18 + 9 + k]);
            }
        }
        assertArrayEquals(a.bias(), b.bias());
        assertEquals(
                single.convs().subList(1, 4),
                single.withPreviousFrameInput().convs().subList(1, 4));
        assertThrows(IllegalArgumentException.class, () -> single.withPreviousFrameInput()
                .withPreviousFrameInput());
    }

    @Test
    void initialWeightsDependOnTheSeedAloneAndStartAsTheIdentity() {
        assertArrayEquals(
                EnhancerTrainer.initialWeights(SMALL, 5, CPU).convs().get(1).weight(),
                EnhancerTrainer.initialWeights(SMALL, 5, CPU).convs().get(1).weight());
        assertFalse(Arrays.equals(
                EnhancerTrainer.initialWeights(SMALL, 5, CPU).convs().get(1).weight(),
                EnhancerTrainer.initialWeights(SMALL, 6, CPU).convs().get(1).weight()));
        float[] tail =
                EnhancerTrainer.initialWeights(SMALL, 5, CPU).convs().get(3).weight();
        assertEquals(0, Arrays.stream(toDoubles(tail)).filter(v -> v != 0).count(), "starts as the identity");
    }

    @Test
    void theTemporalModelCostsOneMoreHeadInputOfComputeAndWeights() {
        assertEquals(18_720, EnhancerWeights.macsPerPixel(Architecture.DEFAULT, 1));
        assertEquals(18_864, EnhancerWeights.macsPerPixel(Architecture.DEFAULT, 2));
        assertEquals(148_032, EnhancerWeights.macsPerPixel(new Architecture(32, 8), 1));
        assertEquals(148_320, EnhancerWeights.macsPerPixel(new Architecture(32, 8), 2));
        assertEquals(
                TrainingBench.parameters(Architecture.DEFAULT), EnhancerWeights.parameters(Architecture.DEFAULT, 1));
        assertEquals(
                EnhancerWeights.parameters(Architecture.DEFAULT, 1) + 9 * 16,
                EnhancerWeights.parameters(Architecture.DEFAULT, 2));
    }

    @Test
    void theEnhancerGraphRefusesATemporalModel() {
        TrainingException e = assertThrows(
                TrainingException.class,
                () -> OnnxGraphs.enhancer(someWeights(1).withPreviousFrameInput()));
        assertTrue(e.getMessage().contains("temporal"), e.getMessage());
    }

    @Test
    void temporalPatchesCarryThePreviousFramesPatchAtTheSamePlaceMirroredAlike() {
        int w = 40;
        int p = 16;
        List<byte[]> originals = new ArrayList<>();
        List<byte[]> previous = new ArrayList<>();
        for (int f = 0; f < 3; f++) {
            byte[] y = new byte[w * w];
            byte[] before = new byte[w * w];
            for (int i = 0; i < y.length; i++) {
                y[i] = (byte) (4 * (i % w) + f);
                before[i] = (byte) ((y[i] & 0xFF) + 1);
            }
            originals.add(y);
            previous.add(before);
        }
        PairSet set = new PairSet(new FrameSize(w, w), originals, originals, previous);
        int batch = 32;
        float[] in = new float[batch * 2 * p * p];
        float[] out = new float[batch * p * p];
        new EnhancerTrainer(options(p, batch, 2, Optional.empty()), CPU)
                .samplePatches(set, new SplittableRandom(1), in, out);
        for (int b = 0; b < batch; b++) {
            for (int i = 0; i < p * p; i++) {
                float target = out[b * p * p + i];
                assertEquals(target, in[b * 2 * p * p + i], 1e-6f, "current, patch " + b);
                assertEquals(target + 1 / 255f, in[b * 2 * p * p + p * p + i], 1e-6f, "previous, patch " + b);
            }
        }
    }

    @Test
    void temporalTrainingRefusesPairsWithoutPreviousFrames() {
        PairSet plain = new PairSet(pairs.size(), pairs.original(), pairs.decoded());
        EnhancerTrainer t = new EnhancerTrainer(options(16, 2, 2, Optional.empty()), CPU);
        TrainingException e = assertThrows(TrainingException.class, () -> t.train(plain, plain, ProgressListener.NONE));
        assertTrue(e.getMessage().contains("previous decoded frame"), e.getMessage());
        assertThrows(
                TrainingException.class,
                () -> options(16, 2, 2, Optional.of(someWeights(1))),
                "single-frame weights cannot start a temporal network");
    }

    private static EnhancerTrainingOptions options(int patch, int batch, int inputs, Optional<EnhancerWeights> init) {
        return new EnhancerTrainingOptions(
                SMALL, Loss.L1, patch, batch, 1e-3f, 4, Duration.ofMinutes(1), 3, 2, 2, init, inputs);
    }

    private static double[] toDoubles(float[] v) {
        double[] d = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            d[i] = v[i];
        }
        return d;
    }
}

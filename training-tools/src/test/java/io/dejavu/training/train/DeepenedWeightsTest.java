package io.dejavu.training.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import io.dejavu.training.model.Architecture;
import io.dejavu.training.model.ConvWeights;
import io.dejavu.training.model.EnhancerWeights;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** A larger gpu tier started from a trained smaller one: more residual blocks, the same function. */
class DeepenedWeightsTest {
    private static final TrainingDevice CPU = new TrainingDevice(Device.cpu(), "CPU (1 thread)");
    private static final Architecture SMALL = new Architecture(4, 1);
    private static final int W = 40;
    private static final int H = 24;

    /** Random weights everywhere, the tail included, so the network changes its input. */
    private static EnhancerWeights someWeights(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        List<ConvWeights> convs = new ArrayList<>();
        for (ConvWeights c : EnhancerTrainer.initialWeights(SMALL, seed, CPU).convs()) {
            float[] w = new float[c.weight().length];
            for (int i = 0; i < w.length; i++) {
                w[i] = (float) r.nextDouble(-0.3, 0.3);
            }
            convs.add(new ConvWeights(c.out(), c.in(), c.kernel(), c.stride(), w, c.bias()));
        }
        return new EnhancerWeights(SMALL, convs);
    }

    private static byte[] someFrame() {
        byte[] f = new byte[W * H];
        SplittableRandom r = new SplittableRandom(11);
        for (int i = 0; i < f.length; i++) {
            f[i] = (byte) (64 + r.nextInt(128));
        }
        return f;
    }

    @Test
    void theDeepenedNetworkComputesWhatTheBaseComputes() {
        EnhancerWeights base = someWeights(5);
        EnhancerWeights deep = base.deepenedTo(new Architecture(4, 3), 1);
        assertEquals(new Architecture(4, 3), deep.architecture());
        byte[] frame = someFrame();
        try (DjlEnhancer a = new DjlEnhancer(base, CPU);
                DjlEnhancer b = new DjlEnhancer(deep, CPU)) {
            byte[] out = a.enhance(new byte[][] {frame}, W, H);
            assertFalse(Arrays.equals(frame, out), "the base changes the frame");
            assertArrayEquals(out, b.enhance(new byte[][] {frame}, W, H));
        }
    }

    @Test
    void theAddedBlocksComeAfterTheBaseOnesWithTheirSecondConvolutionZero() {
        EnhancerWeights base = someWeights(5);
        EnhancerWeights deep = base.deepenedTo(new Architecture(4, 3), 1);
        List<ConvWeights> b = base.convs();
        List<ConvWeights> d = deep.convs();
        assertEquals(b.subList(0, 3), d.subList(0, 3), "head and the base's block");
        assertSame(b.get(3), d.get(7), "the tail");
        for (int block = 1; block < 3; block++) {
            ConvWeights first = d.get(1 + 2 * block);
            ConvWeights second = d.get(2 + 2 * block);
            assertTrue(count(first.weight()) > 0, "block " + block + "'s first convolution is random");
            assertEquals(0, count(second.weight()) + count(second.bias()), "block " + block + " adds nothing");
        }
        assertArrayEquals(
                d.get(3).weight(),
                base.deepenedTo(new Architecture(4, 3), 1).convs().get(3).weight(),
                "seeded");
        assertFalse(Arrays.equals(
                d.get(3).weight(),
                base.deepenedTo(new Architecture(4, 3), 2).convs().get(3).weight()));
    }

    @Test
    void onlyMoreBlocksOfTheSameChannelsAreAccepted() {
        EnhancerWeights base = someWeights(5).deepenedTo(new Architecture(4, 2), 1);
        assertThrows(IllegalArgumentException.class, () -> base.deepenedTo(new Architecture(8, 2), 1));
        assertThrows(IllegalArgumentException.class, () -> base.deepenedTo(new Architecture(4, 1), 1));
        assertEquals(base.convs(), base.deepenedTo(new Architecture(4, 2), 1).convs());
    }

    @Test
    void trainingDeepensABaseOnlyWhenAskedForMoreBlocksOfItsChannels() {
        EnhancerWeights base = someWeights(5);
        List<String> said = new ArrayList<>();
        ProgressListener listener = new ProgressListener() {
            @Override
            public void onProgress(TrainingProgress progress) {}

            @Override
            public void onMessage(String message) {
                said.add(message);
            }
        };
        EnhancerTrainingOptions same =
                EnhancerTrainingOptions.defaults(Duration.ofMinutes(1), 3).withArchitecture(SMALL);
        assertSame(base, TrainingService.deepenIfAsked(base, same, listener));
        assertSame(base, TrainingService.deepenIfAsked(base, same.withArchitecture(new Architecture(8, 2)), listener));
        assertTrue(said.isEmpty());
        EnhancerWeights deep =
                TrainingService.deepenIfAsked(base, same.withArchitecture(new Architecture(4, 3)), listener);
        assertEquals(new Architecture(4, 3), deep.architecture());
        assertEquals(1, said.size());
        assertTrue(said.get(0).contains("edsr-y c4 b1 to edsr-y c4 b3"), said.get(0));
    }

    private static long count(float[] values) {
        long n = 0;
        for (float v : values) {
            n += v != 0 ? 1 : 0;
        }
        return n;
    }
}

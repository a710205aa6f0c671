package io.dejavu.training.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.Trainer;
import io.dejavu.enhancer.onnx.EdsrWeights;
import io.dejavu.protocol.video.FrameSize;
import io.dejavu.testing.TestFrames;
import io.dejavu.training.TrainingException;
import io.dejavu.training.footage.PairSet;
import io.dejavu.training.model.Architecture;
import io.dejavu.training.model.ConvWeights;
import io.dejavu.training.model.EdsrY;
import io.dejavu.training.model.EnhancerWeights;
import io.dejavu.training.model.OnnxGraphs;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The enhancer trainer's parts that a short training run cannot show: its patches, its metric, its refusals. */
class EnhancerTrainerTest {
    private static final TrainingDevice CPU = new TrainingDevice(Device.cpu(), "CPU (1 thread)");
    private static final Architecture SMALL = new Architecture(4, 1);

    private static EnhancerTrainer trainer(int patch, int batch) {
        return new EnhancerTrainer(
                new EnhancerTrainingOptions(
                        SMALL, Loss.L1, patch, batch, 1e-3f, 10, Duration.ofMinutes(1), 3, 5, 2, Optional.empty()),
                CPU);
    }

    private static PairSet pairs(
            FrameSize size, List<byte[]> original, java.util.function.UnaryOperator<byte[]> codec) {
        List<byte[]> decoded = original.stream().map(codec).toList();
        return new PairSet(size, original, decoded);
    }

    @Test
    void eachInputPatchIsTheDecodedWindowOfItsTargetMirroredAlikeAndInsideTheFrame() {
        int w = 64;
        int h = 40;
        int p = 16;
        // originals rise by 4 per column, so a patch's first value says which column it starts at;
        // the frames differ by an offset of 1, which says which frame a patch came from
        List<byte[]> originals = new ArrayList<>();
        for (int f = 0; f < 3; f++) {
            byte[] y = new byte[w * h];
            for (int i = 0; i < y.length; i++) {
                y[i] = (byte) (4 * (i % w) + f);
            }
            originals.add(y);
        }
        // a "codec" that inverts the picture: decoded + original is 255 at every pixel
        PairSet set = pairs(new FrameSize(w, h), originals, o -> {
            byte[] d = new byte[o.length];
            for (int i = 0; i < d.length; i++) {
                d[i] = (byte) (255 - (o[i] & 0xFF));
            }
            return d;
        });
        int batch = 64;
        float[] in = new float[batch * p * p];
        float[] out = new float[in.length];
        trainer(p, batch).samplePatches(set, new SplittableRandom(1), in, out);

        int mirrored = 0;
        for (int b = 0; b < batch; b++) {
            int o = b * p * p;
            int first = Math.round(out[o] * 255);
            int step = Math.round(out[o + 1] * 255) - first;
            assertTrue(step == 4 || step == -4, "patch " + b + " is not a run of columns: step " + step);
            mirrored += step < 0 ? 1 : 0;
            int frame = first % 4;
            int x0 = (step > 0 ? first : first - 4 * (p - 1)) / 4;
            assertTrue(frame < 3 && x0 >= 0 && x0 + p <= w, "patch " + b + " at column " + x0 + " of frame " + frame);
            for (int i = 0; i < p * p; i++) {
                assertEquals(1f, in[o + i] + out[o + i], 1e-6f, "patch " + b + " value " + i);
                int expected = first + step * (i % p);
                assertEquals(expected, Math.round(out[o + i] * 255), "patch " + b + " value " + i);
            }
        }
        assertTrue(mirrored > 0 && mirrored < batch, "some patches mirrored, some not: " + mirrored);
    }

    @Test
    void halfTheBatchIsDrawnTowardsWhereDecodingLostMost() {
        int w = 96;
        int p = 16;
        byte[] original = new byte[w * w];
        java.util.Arrays.fill(original, (byte) 128);
        // decoding lost detail only in the top-left 24x24 corner
        PairSet set = pairs(new FrameSize(w, w), List.of(original), o -> {
            byte[] d = o.clone();
            for (int y = 0; y < 24; y++) {
                for (int x = 0; x < 24; x++) {
                    d[y * w + x] = (byte) 168;
                }
            }
            return d;
        });
        int batch = 512;
        float[] in = new float[batch * p * p];
        float[] out = new float[in.length];
        trainer(p, batch).samplePatches(set, new SplittableRandom(5), in, out);
        double[] error = new double[2]; // even (random) and odd (worst of four) patches
        for (int b = 0; b < batch; b++) {
            for (int i = b * p * p; i < (b + 1) * p * p; i++) {
                error[b % 2] += Math.abs(in[i] - out[i]);
            }
        }
        // a random patch meets the corner about 9 % of the time, the worst of four about 31 %
        assertTrue(error[1] > 2 * error[0], "odd patches' error " + error[1] + " vs even " + error[0]);
    }

    /** EDSR-Y whose tail adds {@code bias} to every pixel: output = input + bias. */
    private static EnhancerWeights addingConstant(EnhancerWeights w, float bias) {
        List<ConvWeights> convs = new ArrayList<>(w.convs());
        ConvWeights tail = convs.get(convs.size() - 1);
        convs.set(
                convs.size() - 1,
                new ConvWeights(
                        tail.out(),
                        tail.in(),
                        tail.kernel(),
                        tail.stride(),
                        new float[tail.weight().length],
                        new float[] {bias}));
        return new EnhancerWeights(w.architecture(), convs);
    }

    @Test
    void theValidationGainIsThePsnrGainOfTheNetworksOutputOverTheDecodedFrame() {
        FrameSize size = new FrameSize(40, 24);
        List<byte[]> originals = new ArrayList<>();
        for (int f = 0; f < 3; f++) {
            byte[] y = TestFrames.textured(size.width(), size.height(), f).y();
            for (int i = 0; i < y.length; i++) {
                y[i] = (byte) Math.max(20, Math.min(230, y[i] & 0xFF));
            }
            originals.add(y);
        }
        // every decoded pixel 10 too dark: MSE 100
        PairSet set = pairs(size, originals, o -> {
            byte[] d = new byte[o.length];
            for (int i = 0; i < d.length; i++) {
                d[i] = (byte) ((o[i] & 0xFF) - 10);
            }
            return d;
        });
        try (Model model = Model.newInstance("edsr-y-gain", Device.cpu(), "PyTorch")) {
            EdsrY net = new EdsrY(SMALL);
            model.setBlock(net);
            try (Trainer trainer = model.newTrainer(new DefaultTrainingConfig(ai.djl.training.loss.Loss.l1Loss()))) {
                trainer.initialize(new Shape(1, 1, 16, 16));
                net.loadWeights(OnnxGraphs.fromShared(EdsrWeights.random(4, 1, 2L)));
                net.startNearIdentity();
                assertEquals(0.0, EnhancerTrainer.validationGain(trainer, set), 1e-12, "the identity gains nothing");

                // brightening by 5 leaves an error of 5: MSE 25 instead of 100, 10 log10(4) dB better
                net.loadWeights(addingConstant(net.exportWeights(), 5 / 255f));
                assertEquals(10 * Math.log10(4), EnhancerTrainer.validationGain(trainer, set), 1e-9);

                // overshooting by 15 instead leaves an error of 5 the other way: the same gain
                net.loadWeights(addingConstant(net.exportWeights(), 15 / 255f));
                assertEquals(10 * Math.log10(4), EnhancerTrainer.validationGain(trainer, set), 1e-9);

                // darkening by 10 more doubles the error: MSE 400, 10 log10(1/4) dB
                net.loadWeights(addingConstant(net.exportWeights(), -10 / 255f));
                assertEquals(-10 * Math.log10(4), EnhancerTrainer.validationGain(trainer, set), 1e-9);
            }
        }
    }

    @Test
    void framesSmallerThanAPatchOrNoValidationFramesAreRefusedBeforeTraining() {
        FrameSize small = new FrameSize(24, 16);
        byte[] plane = new byte[small.pixels()];
        PairSet some = new PairSet(small, List.of(plane), List.of(plane));
        TrainingException tooSmall =
                assertThrows(TrainingException.class, () -> trainer(32, 4).train(some, some, ProgressListener.NONE));
        assertEquals("frames of 24x16 are smaller than the 32-pixel training patch", tooSmall.getMessage());

        PairSet none = new PairSet(small, Collections.emptyList(), Collections.emptyList());
        TrainingException empty =
                assertThrows(TrainingException.class, () -> trainer(16, 4).train(some, none, ProgressListener.NONE));
        assertEquals("need training and validation frames, got 1 and 0", empty.getMessage());
    }

    @Test
    void aCheckpointOfAnotherModelSizeIsRefused() {
        Path dir = Path.of("m.checkpoint");
        Checkpoint big = new Checkpoint(
                "job",
                OnnxGraphs.fromShared(EdsrWeights.random(8, 2, 1L)),
                50,
                10,
                1e-3f,
                0.1,
                0,
                0.01,
                0,
                0,
                List.of());
        TrainingException e = assertThrows(TrainingException.class, () -> trainer(16, 4)
                .with(new EnhancerTrainer.Checkpointing("job", dir, Duration.ofMinutes(1), Optional.of(big))));
        assertEquals("the checkpoint in m.checkpoint holds a edsr-y c8 b2 model, not edsr-y c4 b1", e.getMessage());
    }
}

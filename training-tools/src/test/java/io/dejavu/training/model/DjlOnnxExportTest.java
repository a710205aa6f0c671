package io.dejavu.training.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.Trainer;
import io.dejavu.enhancer.onnx.EdsrWeights;
import io.dejavu.enhancer.onnx.OnnxModels;
import io.dejavu.training.eval.OrtModel;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * What the DJL networks compute is what their ONNX export computes in ONNX Runtime: the graph the
 * receiver runs. Random weights, so a transposed kernel, a lost bias or residual would show.
 */
class DjlOnnxExportTest {
    private static float[] random(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) r.nextDouble();
        }
        return v;
    }

    /** Runs {@code net} in DJL on {@code input} after {@code setUp} loaded its weights; returns the output. */
    private static <B extends AbstractBlock> float[] djl(
            B net, Shape init, float[] input, Shape shape, java.util.function.Consumer<B> setUp) {
        try (Model model = Model.newInstance("export-test", Device.cpu(), "PyTorch")) {
            model.setBlock(net);
            try (Trainer trainer = model.newTrainer(new DefaultTrainingConfig(ai.djl.training.loss.Loss.l2Loss()))) {
                trainer.initialize(init);
                setUp.accept(net);
                try (NDManager m = trainer.getManager().newSubManager()) {
                    return trainer.evaluate(new NDList(m.create(input, shape)))
                            .singletonOrThrow()
                            .toFloatArray();
                }
            }
        }
    }

    private static float[] ort(byte[] onnx, float[] input, long[] shape) {
        try (OrtModel m = OrtModel.fromBytes(onnx, 1)) {
            return m.run(input, shape);
        }
    }

    private static double maxDiff(float[] a, float[] b) {
        assertEquals(a.length, b.length, "output sizes");
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs(a[i] - b[i]));
        }
        return max;
    }

    @Test
    void theEnhancerExportComputesWhatDjlComputesOnAFrameOfAnotherShapeThanItWasBuiltFor() {
        EnhancerWeights weights = OnnxGraphs.fromShared(EdsrWeights.random(8, 2, 21L));
        float[] in = random(2 * 24 * 40, 3);
        EnhancerWeights[] exported = new EnhancerWeights[1];
        float[] djl =
                djl(new EdsrY(new Architecture(8, 2)), new Shape(1, 1, 16, 16), in, new Shape(2, 1, 24, 40), n -> {
                    n.loadWeights(weights);
                    exported[0] = n.exportWeights();
                });
        float[] onnx = ort(OnnxGraphs.enhancer(exported[0]), in, new long[] {2, 1, 24, 40});
        double diff = maxDiff(djl, onnx);
        assertTrue(diff <= 1e-5, "DJL vs ONNX Runtime " + diff);
        // and the network is not the identity: the comparison means something
        assertTrue(maxDiff(djl, in) > 1e-2, "random weights change the frame");
    }

    @Test
    void aNetworkThatStartsNearTheIdentityIsExactlyTheIdentity() {
        float[] in = random(24 * 24, 4);
        float[] out = djl(
                new EdsrY(new Architecture(4, 1)),
                new Shape(1, 1, 24, 24),
                in,
                new Shape(1, 1, 24, 24),
                EdsrY::startNearIdentity);
        assertArrayEquals(in, out, 0f);
    }

    @Test
    void theScorerExportComputesWhatDjlComputesAndTheTargetScaleFoldsBackIntoTheLastLayer() {
        ScorerWeights shipped =
                OnnxGraphs.readScorer(OnnxModels.writeScorer(io.dejavu.enhancer.onnx.ScorerWeights.random(5L)), 32);
        float[] in = random(6 * 32 * 32, 6);
        long[] shape = {6, 1, 32, 32};
        double scale = 4;
        ScorerWeights[] exported = new ScorerWeights[1];
        float[] djl = djl(new PatchScorerNet(32), new Shape(6, 1, 32, 32), in, new Shape(shape), n -> {
            n.loadWeights(shipped, scale);
            exported[0] = n.exportWeights();
        });
        // the network trains on targets divided by the scale: its last layer is the shipped one / scale
        for (int i = 0; i < 16; i++) {
            assertEquals(
                    shipped.linear().weight()[i] / scale, exported[0].linear().weight()[i], 1e-7);
        }
        assertEquals(shipped.linear().bias()[0] / scale, exported[0].linear().bias()[0], 1e-7);
        assertArrayEquals(
                shipped.convs().get(1).weight(), exported[0].convs().get(1).weight(), 0f);

        float[] onnx = ort(OnnxGraphs.scorer(exported[0]), in, shape);
        assertTrue(maxDiff(djl, onnx) <= 1e-5, "DJL vs ONNX Runtime " + maxDiff(djl, onnx));
        // times the scale, DJL's output is what the shipped scorer says
        float[] shippedOut = ort(OnnxGraphs.scorer(shipped), in, shape);
        for (int i = 0; i < djl.length; i++) {
            assertEquals(shippedOut[i], djl[i] * scale, 1e-4 * Math.max(1, Math.abs(shippedOut[i])), "patch " + i);
        }
    }

    @Test
    void theScorerTakesOnlyPatchSidesThatItsThreeHalvingsDivide() {
        for (int bad : new int[] {4, 12, 33}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new PatchScorerNet(bad));
            assertEquals("scorer patch size must be a positive multiple of 8, got " + bad, e.getMessage());
        }
        assertEquals(48, new PatchScorerNet(48).patchSize());
    }

    @Test
    void weightsOfAnotherArchitectureAreNotLoaded() {
        EnhancerWeights big = OnnxGraphs.fromShared(EdsrWeights.random(8, 2, 1L));
        EdsrY small = new EdsrY(new Architecture(4, 1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> small.loadWeights(big));
        assertEquals("weights are edsr-y c8 b2, network is edsr-y c4 b1", e.getMessage());
    }
}

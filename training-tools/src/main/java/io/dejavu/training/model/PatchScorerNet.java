package io.dejavu.training.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.List;

/**
 * The patch scorer: decoded patch {@code Y/255 [N,1,P,P]}; conv3x3 stride 2 1→8, ReLU; 8→16, ReLU;
 * 16→16, ReLU (all pad 1); global average pool; linear 16→1 = predicted gain of enhancing the
 * patch (see {@code docs/decisions/0502-scorer-target.md} for the unit).
 */
public final class PatchScorerNet extends AbstractBlock {
    private final int patchSize;
    private final Conv2d c1;
    private final Conv2d c2;
    private final Conv2d c3;
    private final Linear linear;

    public PatchScorerNet(int patchSize) {
        if (patchSize < 8 || patchSize % 8 != 0) {
            throw new IllegalArgumentException("scorer patch size must be a positive multiple of 8, got " + patchSize);
        }
        this.patchSize = patchSize;
        c1 = addChildBlock("c1", DjlLayers.conv3x3(8, 2));
        c2 = addChildBlock("c2", DjlLayers.conv3x3(16, 2));
        c3 = addChildBlock("c3", DjlLayers.conv3x3(16, 2));
        linear = addChildBlock("linear", Linear.builder().setUnits(1).build());
    }

    public int patchSize() {
        return patchSize;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        x = c1.forward(ps, new NDList(x), training)
                .singletonOrThrow()
                .getNDArrayInternal()
                .relu();
        x = c2.forward(ps, new NDList(x), training)
                .singletonOrThrow()
                .getNDArrayInternal()
                .relu();
        x = c3.forward(ps, new NDList(x), training)
                .singletonOrThrow()
                .getNDArrayInternal()
                .relu();
        NDArray pooled = x.mean(new int[] {3}).mean(new int[] {2});
        return linear.forward(ps, new NDList(pooled), training);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), 1)};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape s = inputShapes[0];
        c1.initialize(manager, dataType, s);
        s = c1.getOutputShapes(new Shape[] {s})[0];
        c2.initialize(manager, dataType, s);
        s = c2.getOutputShapes(new Shape[] {s})[0];
        c3.initialize(manager, dataType, s);
        linear.initialize(manager, dataType, new Shape(inputShapes[0].get(0), 16));
    }

    /**
     * Starts from trained weights (e.g. the generic model's scorer), with the linear layer divided
     * by {@code scale} because training works on targets divided by it.
     */
    public void loadWeights(ScorerWeights weights, double scale) {
        DjlLayers.load(c1, weights.convs().get(0));
        DjlLayers.load(c2, weights.convs().get(1));
        DjlLayers.load(c3, weights.convs().get(2));
        float[] w = weights.linear().weight().clone();
        float[] b = weights.linear().bias().clone();
        for (int i = 0; i < w.length; i++) {
            w[i] /= (float) scale;
        }
        b[0] /= (float) scale;
        DjlLayers.set(linear.getParameters().get("weight"), w, new ai.djl.ndarray.types.Shape(1, 16));
        DjlLayers.set(linear.getParameters().get("bias"), b, new ai.djl.ndarray.types.Shape(1));
    }

    /** Current weights in ONNX layout. */
    public ScorerWeights exportWeights() {
        NDArray w = linear.getParameters().get("weight").getArray();
        NDArray b = linear.getParameters().get("bias").getArray();
        ConvWeights lin = new ConvWeights(1, 16, 1, 1, w.toFloatArray(), b.toFloatArray());
        return new ScorerWeights(
                patchSize, List.of(DjlLayers.export(c1, 2), DjlLayers.export(c2, 2), DjlLayers.export(c3, 2)), lin);
    }
}

package io.dejavu.training.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;

/**
 * EDSR on luminance, the graph the enhancer runs: input {@code Y/255 [N,1,H,W]}; head conv3x3
 * 1→C; B residual blocks (conv3x3, ReLU, conv3x3, plus the block input); tail conv3x3 C→1;
 * output = input + tail. All convolutions pad 1, so any frame size works.
 *
 * <p>A temporal variant (ADR 0509, an experiment the enhancer does not run) takes two input
 * channels, {@code [current decoded Y, previous decoded Y]}: only the head sees both (2→C), the rest
 * is the same network, and the residual is added to the current frame only. It costs the
 * single-frame network plus 9·C multiply-adds per pixel.
 *
 * <pre>{@code
 * EdsrY net = new EdsrY(Architecture.DEFAULT);
 * model.setBlock(net);
 * }</pre>
 */
public final class EdsrY extends AbstractBlock {
    /**
     * The output width that leaves oneDNN's CPU convolution backward no block padding to read
     * (16 floats: AVX-512; a multiple of AVX2's 8): see {@link DjlLayers#forward}.
     */
    public static final int CPU_OUTPUT_MULTIPLE = 16;

    private final Architecture architecture;
    private final int outputMultiple;
    private final int inputs;
    private final Conv2d head;
    private final List<Conv2d[]> blocks = new ArrayList<>();
    private final Conv2d tail;

    public EdsrY(Architecture architecture) {
        this(architecture, 1);
    }

    /**
     * @param inputs input channels: 1 (the decoded frame) or 2 (it and the previous decoded frame)
     */
    public EdsrY(Architecture architecture, int inputs) {
        this(architecture, inputs, 1);
    }

    /**
     * @param inputs input channels: 1 (the decoded frame) or 2 (it and the previous decoded frame)
     * @param outputMultiple every convolution computes its outputs padded with zero filters to a
     *     multiple of this ({@link #CPU_OUTPUT_MULTIPLE} to train on the CPU, 1 elsewhere); the
     *     network and its weights are the same
     */
    public EdsrY(Architecture architecture, int inputs, int outputMultiple) {
        if (outputMultiple < 1) {
            throw new IllegalArgumentException("outputMultiple must be at least 1, got " + outputMultiple);
        }
        this.outputMultiple = outputMultiple;
        if (inputs < 1 || inputs > 2) {
            throw new IllegalArgumentException("inputs must be 1 or 2, got " + inputs);
        }
        this.architecture = architecture;
        this.inputs = inputs;
        head = addChildBlock("head", DjlLayers.conv3x3(architecture.channels(), 1));
        for (int i = 0; i < architecture.blocks(); i++) {
            Conv2d a = addChildBlock("block" + i + "a", DjlLayers.conv3x3(architecture.channels(), 1));
            Conv2d b = addChildBlock("block" + i + "b", DjlLayers.conv3x3(architecture.channels(), 1));
            blocks.add(new Conv2d[] {a, b});
        }
        tail = addChildBlock("tail", DjlLayers.conv3x3(1, 1));
    }

    public Architecture architecture() {
        return architecture;
    }

    /** Input channels: 1, or 2 for the temporal variant. */
    public int inputs() {
        return inputs;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDArray h = DjlLayers.forward(head, ps, x, training, outputMultiple);
        for (Conv2d[] block : blocks) {
            NDArray r = DjlLayers.forward(block[0], ps, h, training, outputMultiple);
            r = r.getNDArrayInternal().relu();
            r = DjlLayers.forward(block[1], ps, r, training, outputMultiple);
            h = h.add(r);
        }
        NDArray t = DjlLayers.forward(tail, ps, h, training, outputMultiple);
        NDArray current = this.inputs == 1 ? x : x.get(CURRENT);
        return new NDList(current.add(t));
    }

    private static final ai.djl.ndarray.index.NDIndex CURRENT = new ai.djl.ndarray.index.NDIndex(":, 0:1");

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape s = inputShapes[0];
        return new Shape[] {new Shape(s.get(0), 1, s.get(2), s.get(3))};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape x = inputShapes[0];
        head.initialize(manager, dataType, x);
        Shape features = head.getOutputShapes(new Shape[] {x})[0];
        for (Conv2d[] block : blocks) {
            block[0].initialize(manager, dataType, features);
            block[1].initialize(manager, dataType, features);
        }
        tail.initialize(manager, dataType, features);
    }

    /**
     * Shrinks the tail so that the untrained network starts close to the identity (output = input):
     * training then starts from "decoded frame" quality instead of noise.
     */
    public void startNearIdentity() {
        tail.getParameters().get("weight").getArray().muli(0f);
        tail.getParameters().get("bias").getArray().muli(0f);
    }

    /** Current weights in ONNX layout. */
    public EnhancerWeights exportWeights() {
        List<ConvWeights> convs = new ArrayList<>();
        convs.add(DjlLayers.export(head, 1));
        for (Conv2d[] block : blocks) {
            convs.add(DjlLayers.export(block[0], 1));
            convs.add(DjlLayers.export(block[1], 1));
        }
        convs.add(DjlLayers.export(tail, 1));
        return new EnhancerWeights(architecture, convs);
    }

    /** Replaces the (initialized) parameters with {@code weights}, e.g. the generic model to fine-tune. */
    public void loadWeights(EnhancerWeights weights) {
        if (!weights.architecture().equals(architecture)) {
            throw new IllegalArgumentException(
                    "weights are " + weights.architecture().label() + ", network is " + architecture.label());
        }
        if (weights.inputs() != inputs) {
            throw new IllegalArgumentException(
                    "weights take " + weights.inputs() + " input frames, network takes " + inputs);
        }
        int i = 0;
        DjlLayers.load(head, weights.convs().get(i++));
        for (Conv2d[] block : blocks) {
            DjlLayers.load(block[0], weights.convs().get(i++));
            DjlLayers.load(block[1], weights.convs().get(i++));
        }
        DjlLayers.load(tail, weights.convs().get(i));
    }
}

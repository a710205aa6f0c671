package io.dejavu.training.train;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import io.dejavu.training.model.EdsrY;
import io.dejavu.training.model.EnhancerWeights;

/**
 * Whole frames through EDSR-Y weights with DJL, for networks the enhancer cannot run (the temporal
 * experiment's two-frame model, ADR 0509): input planes in, enhanced Y out, rounded to bytes as the
 * enhancer rounds.
 *
 * <pre>{@code
 * try (DjlEnhancer e = new DjlEnhancer(weights, device)) {
 *     byte[] y = e.enhance(new byte[][] {decodedY, previousDecodedY}, 256, 256);
 * }
 * }</pre>
 */
final class DjlEnhancer implements AutoCloseable {
    private final Model model;
    private final EdsrY net;
    private final int inputs;
    private boolean closed;

    DjlEnhancer(EnhancerWeights weights, TrainingDevice device) {
        inputs = weights.inputs();
        model = Model.newInstance("edsr-y", device.device(), "PyTorch");
        net = new EdsrY(weights.architecture(), inputs);
        model.setBlock(net);
        net.setInitializer(Initializer.ZEROS, Parameter.Type.WEIGHT); // replaced by the weights at once
        net.initialize(model.getNDManager(), DataType.FLOAT32, new Shape(1, inputs, 16, 16));
        net.loadWeights(weights);
    }

    /** The enhanced Y of one frame; {@code planes} are the inputs, the current decoded Y first. */
    byte[] enhance(byte[][] planes, int width, int height) {
        if (closed) {
            throw new IllegalStateException("enhancer closed");
        }
        if (planes.length != inputs) {
            throw new IllegalArgumentException("the network takes " + inputs + " planes, got " + planes.length);
        }
        int n = width * height;
        float[] in = new float[inputs * n];
        for (int c = 0; c < inputs; c++) {
            for (int i = 0; i < n; i++) {
                in[c * n + i] = (planes[c][i] & 0xFF) / 255f;
            }
        }
        try (NDManager m = model.getNDManager().newSubManager()) {
            NDArray x = m.create(in, new Shape(1, inputs, height, width));
            float[] out = net.forward(new ParameterStore(m, false), new NDList(x), false)
                    .singletonOrThrow()
                    .toFloatArray();
            byte[] y = new byte[n];
            for (int i = 0; i < n; i++) {
                y[i] = (byte) Math.max(0, Math.min(255, Math.round(out[i] * 255f)));
            }
            return y;
        }
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            model.close();
        }
    }
}

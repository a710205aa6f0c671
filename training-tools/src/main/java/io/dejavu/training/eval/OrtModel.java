package io.dejavu.training.eval;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.dejavu.training.TrainingException;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One ONNX model in an ONNX Runtime CPU session, for checking exports and evaluating models on
 * footage: float tensors in, float tensors out.
 *
 * <pre>{@code
 * try (OrtModel enhancer = OrtModel.load(dir.resolve("enhancer.onnx"), 2)) {
 *     byte[] better = enhancer.enhanceY(decodedY, 256, 256);
 * }
 * }</pre>
 */
public final class OrtModel implements AutoCloseable {
    private final OrtEnvironment env;
    private final OrtSession session;
    private final String input;
    private boolean closed;

    private OrtModel(OrtSession session) throws OrtException {
        this.env = OrtEnvironment.getEnvironment();
        this.session = session;
        this.input = session.getInputNames().iterator().next();
    }

    /** Loads serialized ONNX bytes. */
    public static OrtModel fromBytes(byte[] onnx, int threads) {
        try {
            OrtEnvironment env = OrtEnvironment.getEnvironment();
            try (OrtSession.SessionOptions o = new OrtSession.SessionOptions()) {
                o.setIntraOpNumThreads(threads);
                o.setInterOpNumThreads(1);
                // Spinning threads steal the CPU from training and from other processes.
                o.addConfigEntry("session.intra_op.allow_spinning", "0");
                return new OrtModel(env.createSession(onnx, o));
            }
        } catch (OrtException e) {
            throw new TrainingException("ONNX Runtime cannot load the model: " + e.getMessage(), e);
        }
    }

    /** Loads an ONNX file. */
    public static OrtModel load(Path file, int threads) {
        try {
            return fromBytes(Files.readAllBytes(file), threads);
        } catch (IOException e) {
            throw new TrainingException("cannot read model " + file + ": " + e.getMessage(), e);
        }
    }

    /** Runs the model on one float tensor of the given shape; returns the first output's values. */
    public float[] run(float[] values, long[] shape) {
        if (closed) {
            throw new IllegalStateException("model is closed");
        }
        try (OnnxTensor t = OnnxTensor.createTensor(env, FloatBuffer.wrap(values), shape);
                OrtSession.Result r = session.run(java.util.Map.of(input, t))) {
            OnnxTensor out = (OnnxTensor) r.get(0);
            FloatBuffer fb = out.getFloatBuffer();
            float[] result = new float[fb.remaining()];
            fb.get(result);
            return result;
        } catch (OrtException e) {
            throw new TrainingException(
                    "ONNX Runtime failed on input " + java.util.Arrays.toString(shape) + ": " + e.getMessage(), e);
        }
    }

    /** Enhances a whole Y plane: Y/255 in, rounded and clamped bytes out. */
    public byte[] enhanceY(byte[] y, int width, int height) {
        float[] out = run(Planes.toFloats(y), new long[] {1, 1, height, width});
        return Planes.toBytes(out);
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            try {
                session.close();
            } catch (OrtException e) {
                throw new TrainingException("cannot close ONNX session: " + e.getMessage(), e);
            }
        }
    }
}

package io.dejavu.enhancer;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashMap;
import java.util.Map;

/**
 * One pair of direct uint8 input/output buffers and the tensors that view them, per shape. Buffers
 * grow only when a larger shape arrives (a new frame size), never per frame; tensors are created
 * once per shape and reused, so the hot path allocates nothing.
 */
final class TensorIo implements AutoCloseable {
    private final OrtEnvironment env;
    private ByteBuffer in;
    private ByteBuffer out;
    private int capacity;
    private final Map<ShapeKey, OnnxTensor[]> tensors = new HashMap<>();

    private record ShapeKey(int n, int h, int w) {}

    TensorIo(OrtEnvironment env) {
        this.env = env;
    }

    /** Makes room for {@code values} bytes; drops cached tensors when the buffers move. */
    void ensureCapacity(int values) {
        if (values <= capacity) {
            return;
        }
        closeTensors();
        in = ByteBuffer.allocateDirect(values).order(ByteOrder.nativeOrder());
        out = ByteBuffer.allocateDirect(values).order(ByteOrder.nativeOrder());
        capacity = values;
    }

    ByteBuffer in() {
        return in;
    }

    ByteBuffer out() {
        return out;
    }

    /** Input and output tensors for an [n,1,h,w] run, viewing the start of the buffers. */
    OnnxTensor[] tensors(int n, int h, int w) throws OrtException {
        ShapeKey key = new ShapeKey(n, h, w);
        OnnxTensor[] pair = tensors.get(key);
        if (pair == null) {
            int values = n * h * w;
            ensureCapacity(values);
            long[] shape = {n, 1, h, w};
            pair = new OnnxTensor[] {view(in, values, shape), view(out, values, shape)};
            tensors.put(key, pair);
        }
        return pair;
    }

    private OnnxTensor view(ByteBuffer buffer, int values, long[] shape) throws OrtException {
        ByteBuffer slice = buffer.duplicate();
        slice.position(0).limit(values);
        return OnnxTensor.createTensor(env, slice.slice(), shape, OnnxJavaType.UINT8);
    }

    private void closeTensors() {
        for (OnnxTensor[] pair : tensors.values()) {
            pair[0].close();
            pair[1].close();
        }
        tensors.clear();
    }

    @Override
    public void close() {
        closeTensors();
        in = null;
        out = null;
        capacity = 0;
    }
}

package io.dejavu.enhancer;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Direct uint8 input/output buffers and the tensors that view them, per shape; the hot path
 * allocates nothing.
 *
 * <p>Shared mode (CPU, or CUDA without graphs): one pair of buffers sized for the largest shape
 * seen, grown only when a larger shape arrives (a new frame size), never per frame.
 *
 * <p>Graph mode (a CUDA session with {@code enable_cuda_graph}): each shape gets buffers of its own
 * that never move, and its own CUDA graph id. A captured graph replays its host copies from and to
 * the addresses it was captured with, so those buffers must stay valid and in place for the life of
 * the session; ids past {@link #MAX_GRAPHS} run without a graph.
 */
final class TensorIo implements AutoCloseable {
    /** At most this many CUDA graphs (shapes) per session; each keeps its own device memory plan. */
    static final int MAX_GRAPHS = 40;
    /** ONNX Runtime's run option naming the CUDA graph of a run; -1 runs without one. */
    static final String GRAPH_ID = "gpu_graph_id";

    /**
     * Buffers, tensors and run options for one shape.
     *
     * @param in input bytes, {@code n*h*w} from index 0
     * @param out output bytes, same layout
     * @param tensors input and output tensor viewing them
     * @param runOptions the CUDA graph id for this shape; null in shared mode
     */
    record Slot(ByteBuffer in, ByteBuffer out, OnnxTensor[] tensors, OrtSession.RunOptions runOptions) {}

    private final OrtEnvironment env;
    private final boolean graphs;
    private ByteBuffer in;
    private ByteBuffer out;
    private int capacity;
    private int nextGraphId = 1;
    private final Map<ShapeKey, Slot> slots = new HashMap<>();
    /** Every shape ever run, kept when the buffers move (the session planned them all the same). */
    private final Set<ShapeKey> shapesSeen = new HashSet<>();

    private record ShapeKey(int n, int h, int w) {}

    TensorIo(OrtEnvironment env) {
        this(env, false);
    }

    TensorIo(OrtEnvironment env, boolean graphs) {
        this.env = env;
        this.graphs = graphs;
    }

    boolean graphs() {
        return graphs;
    }

    /** Makes room for {@code values} bytes in shared mode; drops cached tensors when the buffers move. */
    void ensureCapacity(int values) {
        if (graphs || values <= capacity) {
            return;
        }
        closeSlots();
        in = ByteBuffer.allocateDirect(values).order(ByteOrder.nativeOrder());
        out = ByteBuffer.allocateDirect(values).order(ByteOrder.nativeOrder());
        capacity = values;
    }

    /** The slot for an [n,1,h,w] run, created on first use. */
    Slot slot(int n, int h, int w) throws OrtException {
        ShapeKey key = new ShapeKey(n, h, w);
        Slot slot = slots.get(key);
        if (slot == null) {
            int values = n * h * w;
            long[] shape = {n, 1, h, w};
            if (graphs) {
                ByteBuffer i = ByteBuffer.allocateDirect(values).order(ByteOrder.nativeOrder());
                ByteBuffer o = ByteBuffer.allocateDirect(values).order(ByteOrder.nativeOrder());
                OrtSession.RunOptions ro = new OrtSession.RunOptions();
                int id = nextGraphId <= MAX_GRAPHS ? nextGraphId++ : -1;
                ro.addRunConfigEntry(GRAPH_ID, Integer.toString(id));
                slot = new Slot(i, o, new OnnxTensor[] {view(i, values, shape), view(o, values, shape)}, ro);
            } else {
                ensureCapacity(values);
                slot = new Slot(in, out, new OnnxTensor[] {view(in, values, shape), view(out, values, shape)}, null);
            }
            slots.put(key, slot);
            shapesSeen.add(key);
        }
        return slot;
    }

    /** How many distinct [n,1,h,w] shapes have been run so far: each was a first run (planning) for the session. */
    int shapesSeen() {
        return shapesSeen.size();
    }

    private OnnxTensor view(ByteBuffer buffer, int values, long[] shape) throws OrtException {
        ByteBuffer slice = buffer.duplicate();
        slice.position(0).limit(values);
        return OnnxTensor.createTensor(env, slice.slice(), shape, OnnxJavaType.UINT8);
    }

    private void closeSlots() {
        for (Slot s : slots.values()) {
            s.tensors()[0].close();
            s.tensors()[1].close();
            if (s.runOptions() != null) {
                s.runOptions().close();
            }
        }
        slots.clear();
    }

    @Override
    public void close() {
        closeSlots();
        in = null;
        out = null;
        capacity = 0;
    }
}

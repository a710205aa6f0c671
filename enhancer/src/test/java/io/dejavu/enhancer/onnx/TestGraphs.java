package io.dejavu.enhancer.onnx;

import ai.onnx.proto.OnnxMl;
import java.util.List;

/** Hand-built broken graphs for contract tests. */
final class TestGraphs {
    private TestGraphs() {}

    static OnnxMl.ValueInfoProto value(String name, OnnxMl.TensorProto.DataType type, Object... dims) {
        OnnxMl.TensorShapeProto.Builder shape = OnnxMl.TensorShapeProto.newBuilder();
        for (Object d : dims) {
            var dim = OnnxMl.TensorShapeProto.Dimension.newBuilder();
            if (d instanceof String s) {
                dim.setDimParam(s);
            } else {
                dim.setDimValue(((Number) d).longValue());
            }
            shape.addDim(dim);
        }
        return OnnxMl.ValueInfoProto.newBuilder()
                .setName(name)
                .setType(OnnxMl.TypeProto.newBuilder()
                        .setTensorType(OnnxMl.TypeProto.Tensor.newBuilder()
                                .setElemType(type.getNumber())
                                .setShape(shape)))
                .build();
    }

    /** A graph of one op from each input to the output. */
    static byte[] graph(String op, List<OnnxMl.ValueInfoProto> inputs, OnnxMl.ValueInfoProto output) {
        OnnxMl.GraphProto.Builder g = OnnxMl.GraphProto.newBuilder().setName("test");
        g.addAllInput(inputs);
        g.addOutput(output);
        OnnxMl.NodeProto.Builder n = OnnxMl.NodeProto.newBuilder().setOpType(op).addOutput(output.getName());
        inputs.forEach(i -> n.addInput(i.getName()));
        g.addNode(n);
        return OnnxMl.ModelProto.newBuilder()
                .setIrVersion(8)
                .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setVersion(17))
                .setGraph(g)
                .build()
                .toByteArray();
    }

    static byte[] identity(OnnxMl.TensorProto.DataType type, Object... dims) {
        return graph("Identity", List.of(value("x", type, dims)), value("out", type, dims));
    }
}

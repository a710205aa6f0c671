package io.dejavu.training.model;

import io.dejavu.training.TrainingException;
import io.dejavu.training.eval.OrtModel;
import io.dejavu.training.train.ReferenceOutputs;

/** Runs an exported graph in ONNX Runtime and compares it with what DJL computed. */
public final class OnnxCheck {
    private OnnxCheck() {}

    /**
     * Returns the largest absolute difference between ONNX Runtime's output for the reference input
     * and DJL's output.
     *
     * @throws TrainingException if it exceeds the reference's tolerance (by where DJL ran) or shapes differ
     */
    public static double verify(String name, byte[] onnx, ReferenceOutputs reference) {
        try (OrtModel model = OrtModel.fromBytes(onnx, 1)) {
            float[] out = model.run(reference.input(), reference.shape());
            if (out.length != reference.output().length) {
                throw new TrainingException(
                        name + ": ONNX Runtime gave " + out.length + " values, DJL " + reference.output().length);
            }
            double max = 0;
            for (int i = 0; i < out.length; i++) {
                max = Math.max(max, Math.abs(out[i] - reference.output()[i]));
            }
            if (!(max <= reference.tolerance())) {
                throw new TrainingException(name + ": ONNX Runtime differs from DJL by " + max + " (allowed "
                        + reference.tolerance() + "); the export is wrong, no model was written");
            }
            return max;
        }
    }
}

package io.dejavu.training.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Adam;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Loading weights into a network whose trainer is set up (gradients attached), as fine-tuning from
 * a base model and the trainer's roll-back after non-finite batches do: the weights read back as
 * loaded, and a training step still runs and moves them.
 */
class EdsrYWeightsTest {
    @Test
    void loadedWeightsReadBackAndStillTrain() {
        try (Model model = Model.newInstance("edsr-y-test", Device.cpu(), "PyTorch")) {
            EdsrY net = new EdsrY(new Architecture(4, 1));
            model.setBlock(net);
            DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.l1Loss())
                    .optOptimizer(Adam.builder().build());
            try (Trainer trainer = model.newTrainer(config)) {
                trainer.initialize(new Shape(2, 1, 16, 16));
                EnhancerWeights halved = halved(net.exportWeights());

                net.loadWeights(halved);

                EnhancerWeights back = net.exportWeights();
                for (int i = 0; i < halved.convs().size(); i++) {
                    assertArrayEquals(
                            halved.convs().get(i).weight(), back.convs().get(i).weight(), "weights of conv " + i);
                    assertArrayEquals(
                            halved.convs().get(i).bias(), back.convs().get(i).bias(), "bias of conv " + i);
                }
                try (NDManager batch = trainer.getManager().newSubManager();
                        GradientCollector gc = trainer.newGradientCollector()) {
                    NDArray x = batch.randomUniform(0, 1, new Shape(2, 1, 16, 16));
                    NDArray l = trainer.getLoss().evaluate(new NDList(x.mul(0.9f)), trainer.forward(new NDList(x)));
                    gc.backward(l);
                }
                trainer.step();
                assertFalse(
                        Arrays.equals(
                                halved.convs().get(0).weight(),
                                net.exportWeights().convs().get(0).weight()),
                        "a step after loading changes the weights");
            }
        }
    }

    private static EnhancerWeights halved(EnhancerWeights w) {
        List<ConvWeights> convs = w.convs().stream()
                .map(c -> new ConvWeights(c.out(), c.in(), c.kernel(), c.stride(), half(c.weight()), half(c.bias())))
                .toList();
        return new EnhancerWeights(w.architecture(), convs);
    }

    private static float[] half(float[] values) {
        float[] out = values.clone();
        for (int i = 0; i < out.length; i++) {
            out[i] *= 0.5f;
        }
        return out;
    }
}

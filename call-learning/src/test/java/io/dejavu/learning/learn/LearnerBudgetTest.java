package io.dejavu.learning.learn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.Device;
import io.dejavu.training.train.TrainingDevice;
import org.junit.jupiter.api.Test;

class LearnerBudgetTest {
    private static final TrainingDevice CPU = new TrainingDevice(Device.cpu(), "CPU (1 thread)");
    private static final TrainingDevice GPU = new TrainingDevice(Device.gpu(0), "cuda:0 (a GPU)");

    @Test
    void onTheCpuTheBudgetsBatchAndThreadsStandAsGiven() {
        LearnerBudget budget = LearnerBudget.defaults();

        assertEquals(16, budget.batchOn(CPU));
        assertEquals(1, budget.guardThreadsOn(CPU));
    }

    @Test
    void onAGpuAStepTakesFourTimesTheBatchAndTheGuardHalfTheCores() {
        LearnerBudget budget = LearnerBudget.defaults();
        int halfTheCores = Runtime.getRuntime().availableProcessors() / 2;

        assertEquals(64, budget.batchOn(GPU));
        assertEquals(Math.max(1, halfTheCores), budget.guardThreadsOn(GPU));
    }
}

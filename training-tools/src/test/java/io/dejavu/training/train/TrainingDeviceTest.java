package io.dejavu.training.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dejavu.training.TrainingException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Device choice on a machine with the CPU-only PyTorch jar, as CI and the 2-core box are. */
class TrainingDeviceTest {
    @AfterEach
    void backToAuto() {
        DjlEngine.useDevice(DeviceChoice.AUTO);
    }

    @ParameterizedTest
    @CsvSource(textBlock = """
            auto, AUTO
            CPU,  CPU
            Gpu,  GPU
            """)
    void parsesDeviceNamesInAnyCase(String text, DeviceChoice expected) {
        assertEquals(expected, DeviceChoice.parse(text));
    }

    @Test
    void aGpuTakesFourTimesTheCpuBatch() {
        assertEquals(16, new TrainingDevice(ai.djl.Device.cpu(), "CPU (1 thread)").batchFor(16));
        assertEquals(64, new TrainingDevice(ai.djl.Device.gpu(0), "cuda:0 (a GPU)").batchFor(16));
    }

    @Test
    void rejectsAnUnknownDeviceNamingTheChoices() {
        TrainingException e = assertThrows(TrainingException.class, () -> DeviceChoice.parse("tpu"));
        assertTrue(e.getMessage().contains("auto, cpu or gpu"), e.getMessage());
    }

    @Test
    void autoTrainsOnTheCpuWhenPyTorchSeesNoGpu() {
        DjlEngine.useDevice(DeviceChoice.AUTO);
        TrainingDevice d = DjlEngine.trainingDevice();
        assertFalse(d.isGpu(), d.description());
        assertEquals("cpu", d.id());
        assertTrue(d.description().startsWith("CPU ("), d.description());
    }

    @Test
    void gpuWithoutAGpuFailsWithAMessageThatSaysWhereToLook() {
        DjlEngine.useDevice(DeviceChoice.GPU);
        TrainingException e = assertThrows(TrainingException.class, DjlEngine::trainingDevice);
        assertTrue(e.getMessage().contains("sees no CUDA GPU"), e.getMessage());
        assertTrue(e.getMessage().contains("docs/GPU-TRAINING.md"), e.getMessage());
    }
}

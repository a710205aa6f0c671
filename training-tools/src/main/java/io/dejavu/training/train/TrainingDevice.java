package io.dejavu.training.train;

import ai.djl.Device;

/**
 * The device a trainer puts its model and batches on, with the words that say which it is.
 *
 * @param device DJL's device ({@code cpu()} or {@code gpu(n)})
 * @param description e.g. {@code cuda:0 (NVIDIA H100 80GB HBM3, compute 9.0, 79.2 GiB)} or
 *     {@code CPU (2 threads)}
 */
public record TrainingDevice(Device device, String description) {
    public TrainingDevice {
        if (device == null || description == null || description.isBlank()) {
            throw new IllegalArgumentException(
                    "device and description are required, got " + device + ", " + description);
        }
    }

    public boolean isGpu() {
        return device.isGpu();
    }

    /**
     * Patches per step for a job that takes {@code cpuBatch} on the CPU: four times as many on a GPU.
     * A GPU step is launch-bound (16x4 on the H100: 125 steps/s at 16 patches, 119 at 64; 32x8: 85 and
     * 73; docs/PERFORMANCE.md, "Training steps per second"), so the same minutes see 3.4 to 3.8 times
     * the patches; on the CPU a step's time grows with its batch, so it stays as given.
     */
    public int batchFor(int cpuBatch) {
        return isGpu() ? cpuBatch * 4 : cpuBatch;
    }

    /** {@code cuda:0} or {@code cpu}: what metadata.json and the bench table record. */
    public String id() {
        return device.isGpu() ? "cuda:" + device.getDeviceId() : "cpu";
    }

    @Override
    public String toString() {
        return description;
    }
}

package io.dejavu.training.train;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.util.cuda.CudaUtils;
import io.dejavu.training.TrainingException;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PyTorch engine, loaded from the native jar on the classpath (or from {@code
 * PYTORCH_LIBRARY_PATH}, see docs/GPU-TRAINING.md) and never from the network: offline mode and
 * opted-out tracking are forced before DJL starts. The one place that decides the device training
 * runs on.
 */
public final class DjlEngine {
    private static final Logger LOG = LoggerFactory.getLogger(DjlEngine.class);

    private DjlEngine() {}

    /** PyTorch CPU threads used when {@code ai.djl.pytorch.num_threads} is not set. */
    public static final int DEFAULT_THREADS = 1;

    /**
     * Sets PyTorch's CPU thread count; effective only before the engine first loads. One thread is
     * the default: PyTorch's OpenMP threads spin while waiting, and on a shared 2-core machine two
     * of them ran 7x slower than one (0.46 vs 3.25 steps/s measured here under load).
     */
    public static synchronized void threads(int threads) {
        if (threads < 1) {
            throw new TrainingException("threads must be positive, got " + threads);
        }
        System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(threads));
        System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
    }

    private static DeviceChoice deviceChoice = DeviceChoice.AUTO;
    private static TrainingDevice resolved;

    /**
     * Chooses the device of every later training in this process ({@code auto} unless called):
     * {@code auto} takes the first CUDA GPU the engine reports, else the CPU.
     */
    public static synchronized void useDevice(DeviceChoice choice) {
        if (choice != deviceChoice) {
            deviceChoice = choice;
            resolved = null;
        }
    }

    /** The device training runs on, as chosen by {@link #useDevice}; loads the engine. */
    public static synchronized TrainingDevice trainingDevice() {
        if (resolved == null) {
            resolved = resolve(deviceChoice, pytorch());
        }
        return resolved;
    }

    private static TrainingDevice resolve(DeviceChoice choice, Engine engine) {
        int gpus = choice == DeviceChoice.CPU ? 0 : engine.getGpuCount();
        if (choice == DeviceChoice.GPU && gpus == 0) {
            throw new TrainingException("--device gpu, but PyTorch " + engine.getVersion()
                    + " sees no CUDA GPU (the CPU-only natives are loaded, or no driver or CUDA runtime was"
                    + " found); docs/GPU-TRAINING.md says how to train on a GPU, --device cpu or auto trains"
                    + " here");
        }
        if (gpus > 0) {
            Device gpu = Device.gpu(0);
            StringBuilder d = new StringBuilder("cuda:0 (");
            d.append(CudaDeviceNames.name(0).orElse("CUDA GPU"));
            try {
                String cc = CudaUtils.getComputeCapability(0); // "90" for 9.0
                d.append(", compute ")
                        .append(
                                cc.length() > 1
                                        ? cc.substring(0, cc.length() - 1) + "." + cc.substring(cc.length() - 1)
                                        : cc);
                d.append(String.format(
                        Locale.ROOT, ", %.1f GiB", CudaUtils.getGpuMemory(gpu).getMax() / (double) (1L << 30)));
            } catch (RuntimeException e) {
                LOG.debug("no CUDA device properties: {}", e.getMessage());
            }
            d.append(", PyTorch ").append(engine.getVersion()).append(')');
            return new TrainingDevice(gpu, d.toString());
        }
        int threads = Integer.getInteger("ai.djl.pytorch.num_threads", DEFAULT_THREADS);
        return new TrainingDevice(
                Device.cpu(),
                String.format(
                        Locale.ROOT,
                        "CPU (%d thread%s, PyTorch %s)",
                        threads,
                        threads == 1 ? "" : "s",
                        engine.getVersion()));
    }

    /** The PyTorch engine; throws if it cannot load offline. */
    public static synchronized Engine pytorch() {
        if (System.getProperty("ai.djl.pytorch.num_threads") == null) {
            threads(DEFAULT_THREADS);
        }
        System.setProperty("ai.djl.offline", "true");
        System.setProperty("offline", "true");
        System.setProperty("OPT_OUT_TRACKING", "true");
        try {
            Engine engine = Engine.getEngine("PyTorch");
            LOG.debug("DJL engine {} {}", engine.getEngineName(), engine.getVersion());
            return engine;
        } catch (RuntimeException | UnsatisfiedLinkError e) {
            throw new TrainingException(
                    "PyTorch (DJL) could not load "
                            + (System.getenv("PYTORCH_LIBRARY_PATH") != null
                                    ? "from PYTORCH_LIBRARY_PATH " + System.getenv("PYTORCH_LIBRARY_PATH")
                                    : "from the pytorch-native-cpu jar")
                            + ": " + e.getMessage(),
                    e);
        }
    }
}

package io.dejavu.training.train;

import ai.djl.engine.Engine;
import io.dejavu.training.TrainingException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PyTorch engine, loaded from the native jar on the classpath and never from the network:
 * offline mode and opted-out tracking are forced before DJL starts.
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
                    "PyTorch (DJL) could not load from the pytorch-native-cpu jar: " + e.getMessage(), e);
        }
    }
}

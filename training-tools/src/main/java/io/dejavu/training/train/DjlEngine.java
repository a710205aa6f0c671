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

    /** The PyTorch engine; throws if it cannot load offline. */
    public static synchronized Engine pytorch() {
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

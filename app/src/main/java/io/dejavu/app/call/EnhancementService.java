package io.dejavu.app.call;

import io.dejavu.app.settings.KPolicy;
import io.dejavu.protocol.video.LatestFrameQueue;
import java.util.function.Consumer;

/**
 * The app's port to the enhancement pipeline: drains received frames on the pipeline's own thread
 * and emits each as decoded and enhanced. Runs without a model (frames pass through) until
 * {@link EnhancementRun#useModel} is called.
 *
 * <pre>{@code
 * try (EnhancementRun run = service.start(call.receivedFrames(), KPolicy.defaults(), frame -> ...)) {
 *     run.useModel(model);
 * }
 * }</pre>
 */
public interface EnhancementService {
    /** Starts draining {@code received}; {@code output} is called on the pipeline thread. */
    EnhancementRun start(LatestFrameQueue received, KPolicy policy, Consumer<EnhancedFrame> output);
}

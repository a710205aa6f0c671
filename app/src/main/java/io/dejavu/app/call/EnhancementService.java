package io.dejavu.app.call;

import io.dejavu.app.settings.KPolicy;
import io.dejavu.protocol.video.LatestFrameQueue;

/**
 * The app's port to the enhancement pipeline: drains received frames on the pipeline's own thread
 * and hands each, as decoded and as enhanced, straight to the view's {@link FrameSinks} (no view
 * model in between; the view model reads {@link EnhancementRun#lastReport} at the stats' rate). Runs
 * without a model (frames pass through) until {@link EnhancementRun#useModel} is called.
 *
 * <pre>{@code
 * try (EnhancementRun run = service.start(call.receivedFrames(), KPolicy.defaults(), view.sinks())) {
 *     run.useModel(model);
 * }
 * }</pre>
 */
public interface EnhancementService {
    /** Starts draining {@code received}; {@code out} is called on the pipeline thread, per frame. */
    EnhancementRun start(LatestFrameQueue received, KPolicy policy, FrameSinks out);
}

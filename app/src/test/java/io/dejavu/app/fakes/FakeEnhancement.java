package io.dejavu.app.fakes;

import io.dejavu.app.call.EnhancedFrame;
import io.dejavu.app.call.EnhancementRun;
import io.dejavu.app.call.EnhancementService;
import io.dejavu.app.call.ModelState;
import io.dejavu.app.call.PeerModel;
import io.dejavu.app.settings.KPolicy;
import io.dejavu.protocol.video.LatestFrameQueue;
import java.util.function.Consumer;

/** Records how the view model drives the pipeline; the test pushes frames through {@link #output}. */
public final class FakeEnhancement implements EnhancementService {
    public volatile Consumer<EnhancedFrame> output;
    public volatile LatestFrameQueue input;
    public volatile PeerModel model;
    public volatile boolean enabled = true;
    public volatile boolean keepDecoded;
    public volatile boolean closed;
    public volatile int starts;

    @Override
    public EnhancementRun start(LatestFrameQueue received, KPolicy policy, Consumer<EnhancedFrame> out) {
        input = received;
        output = out;
        closed = false;
        model = null;
        starts++;
        return new EnhancementRun() {
            @Override
            public ModelState useModel(PeerModel m) {
                model = m;
                return new ModelState.Ready(m);
            }

            @Override
            public void setEnabled(boolean on) {
                enabled = on;
            }

            @Override
            public void setKeepDecoded(boolean keep) {
                keepDecoded = keep;
            }

            @Override
            public void close() {
                closed = true;
            }
        };
    }
}

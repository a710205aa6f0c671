package io.dejavu.app.fakes;

import io.dejavu.app.call.EnhancementReport;
import io.dejavu.app.call.EnhancementRun;
import io.dejavu.app.call.EnhancementService;
import io.dejavu.app.call.FrameSinks;
import io.dejavu.app.call.ModelState;
import io.dejavu.app.call.PeerModel;
import io.dejavu.app.settings.KPolicy;
import io.dejavu.protocol.video.I420Frame;
import io.dejavu.protocol.video.LatestFrameQueue;

/** Records how the view model drives the pipeline; the test pushes frames through {@link #emit}. */
public final class FakeEnhancement implements EnhancementService {
    public volatile FrameSinks output;
    public volatile LatestFrameQueue input;
    public volatile PeerModel model;
    public volatile boolean enabled = true;
    public volatile boolean keepDecoded;
    public volatile boolean closed;
    public volatile int starts;
    private volatile EnhancementReport report = EnhancementReport.passThrough("waiting for video");
    private volatile long frames;

    /** What a pipeline does per frame: hands both pictures to the sinks it was started with. */
    public void emit(I420Frame decoded, I420Frame enhanced, EnhancementReport what) {
        report = what;
        frames++;
        output.remoteDecoded(decoded);
        output.remoteEnhanced(enhanced);
    }

    @Override
    public EnhancementRun start(LatestFrameQueue received, KPolicy policy, FrameSinks out) {
        input = received;
        output = out;
        closed = false;
        model = null;
        frames = 0;
        starts++;
        return new EnhancementRun() {
            @Override
            public ModelState useModel(PeerModel m) {
                model = m;
                return new ModelState.Ready(m);
            }

            @Override
            public EnhancementReport lastReport() {
                return report;
            }

            @Override
            public long framesOut() {
                return frames;
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

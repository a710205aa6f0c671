package io.dejavu.app.call;

import io.dejavu.protocol.video.I420Frame;

/**
 * Where the call view model sends frames to be drawn; the call view backs these with renderers.
 * Called from pipeline and engine threads: implementations must not block.
 */
public interface FrameSinks {
    void remoteDecoded(I420Frame frame);

    void remoteEnhanced(I420Frame frame);

    void local(I420Frame frame);

    FrameSinks NONE = new FrameSinks() {
        @Override
        public void remoteDecoded(I420Frame frame) {}

        @Override
        public void remoteEnhanced(I420Frame frame) {}

        @Override
        public void local(I420Frame frame) {}
    };
}

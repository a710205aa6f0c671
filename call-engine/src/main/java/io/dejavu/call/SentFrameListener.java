package io.dejavu.call;

import io.dejavu.protocol.video.I420Frame;

/**
 * Sees every frame the sender hands to its encoder, camera or file or synthetic source alike: the
 * picture at the size sent, with the quality tap's stamp when the tap is on, carrying the call's
 * send sequence number as {@link I420Frame#index()}. The black keep-alive frames sent while the
 * camera is off are not frames of the picture and are not offered.
 *
 * <p>It runs on the capture thread (the frame pump's, or the camera's): copy or enqueue the frame
 * and return, never block or encode there. The frame is shared with the self view: never modify
 * its planes ({@link I420Frame#copy()} before handing it to code that might). A listener that
 * throws is logged and skipped; the call and the other listeners go on.
 *
 * <pre>{@code
 * call.addSentFrameListener(frame -> queue.offer(frame.copy()));
 * }</pre>
 */
@FunctionalInterface
public interface SentFrameListener {
    void onSentFrame(I420Frame frame);
}

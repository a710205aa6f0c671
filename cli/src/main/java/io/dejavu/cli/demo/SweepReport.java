package io.dejavu.cli.demo;

import io.dejavu.cli.demo.SweepRow.Variant;
import io.dejavu.protocol.model.ModelTier;
import io.dejavu.protocol.video.FrameSize;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The sweep's output: the table users want (PSNR-Y per tier and bitrate for the plain call and the
 * three enhancement variants) and the bitrate each variant of each tier saves at equal quality
 * (BD-rate against the plain call's curve of the same tier's rows), at the size the calls ran at
 * and saying whether the footage was scaled to it.
 */
final class SweepReport {
    /**
     * What the whole sweep ran at.
     *
     * @param size the size of every call
     * @param nativeSize the clip's own size ({@code size} unless the footage was scaled)
     */
    record Context(FrameSize size, FrameSize nativeSize) {
        Context {
            Objects.requireNonNull(size, "size");
            Objects.requireNonNull(nativeSize, "nativeSize");
        }

        static Context of(DemoFootage footage) {
            return new Context(footage.size(), footage.nativeSize());
        }

        boolean scaled() {
            return !size.equals(nativeSize);
        }

        String describe() {
            return scaled() ? size + ", scaled from " + nativeSize + " (cover, centre crop)" : size + ", as recorded";
        }
    }

    private final List<SweepRow> rows;
    private final Context context;
    private final Map<ModelTier, Map<Variant, Optional<BdRate.Result>>> bdRates;

    /** A report of calls at the clip's own size (that of the first row). */
    SweepReport(List<SweepRow> rows) {
        this(rows, rows.isEmpty() ? null : ownSize(rows.get(0)));
    }

    SweepReport(List<SweepRow> rows, Context context) {
        if (rows.isEmpty()) {
            throw new IllegalArgumentException("a sweep report needs at least one bitrate, got none");
        }
        this.context = Objects.requireNonNull(context, "context");
        List<SweepRow> sorted = new ArrayList<>(rows);
        sorted.sort(Comparator.comparing(SweepRow::tier).thenComparingInt(SweepRow::targetKbps));
        this.rows = List.copyOf(sorted);
        this.bdRates = new EnumMap<>(ModelTier.class);
        for (ModelTier t : ModelTier.values()) {
            if (rows(t).isEmpty()) {
                continue;
            }
            Map<Variant, Optional<BdRate.Result>> byVariant = new EnumMap<>(Variant.class);
            for (Variant v : Variant.values()) {
                if (measured(t, v)) {
                    byVariant.put(v, computeBdRate(rows(t), v));
                }
            }
            bdRates.put(t, byVariant);
        }
    }

    private static Context ownSize(SweepRow row) {
        FrameSize size = new FrameSize(row.anyCall().width(), row.anyCall().height());
        return new Context(size, size);
    }

    /** Tier by tier (smallest first), each in ascending bitrate. */
    List<SweepRow> rows() {
        return rows;
    }

    /** The tier's rows in ascending bitrate; empty when no bundle had the tier. */
    List<SweepRow> rows(ModelTier tier) {
        return rows.stream().filter(r -> r.tier() == tier).toList();
    }

    /** Whether any row of the tier measured the variant. */
    boolean measured(ModelTier tier, Variant v) {
        return rows(tier).stream().anyMatch(r -> r.has(v));
    }

    /** BD-rate of the cpu tier's variant against the plain call. */
    Optional<BdRate.Result> bdRate(Variant v) {
        return bdRate(ModelTier.CPU, v);
    }

    /**
     * BD-rate of the tier's variant against the plain call of the same rows; empty with fewer than
     * 2 bitrates, no overlap, or when the variant's bundle has no such tier.
     */
    Optional<BdRate.Result> bdRate(ModelTier tier, Variant v) {
        return bdRates.getOrDefault(tier, Map.of()).getOrDefault(v, Optional.empty());
    }

    private static Optional<BdRate.Result> computeBdRate(List<SweepRow> rows, Variant v) {
        List<BdRate.Point> plain = new ArrayList<>();
        List<BdRate.Point> enhanced = new ArrayList<>();
        for (SweepRow r : rows) {
            if (r.has(v)) {
                plain.add(new BdRate.Point(r.measuredKbps(), r.psnrPlain()));
                enhanced.add(new BdRate.Point(r.measuredKbps(), r.psnr(v)));
            }
        }
        if (plain.size() < 2) {
            return Optional.empty();
        }
        return BdRate.compute(plain, enhanced);
    }

    String table() {
        StringBuilder b = new StringBuilder();
        DemoResult first = rows.get(0).anyCall();
        b.append(f(
                "%s %s %s; PSNR-Y of received vs sent frames (dB); fps = frames enhanced and measured per second%n",
                first.clip(), context.describe(), first.codec()));
        b.append(f(
                "%4s %6s %8s | %6s | %7s %7s %7s | %8s %8s %8s | %7s %7s %7s | %5s | %s%n",
                "tier",
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
            b.append(f("%4s %6d %8.1f | %6.2f |", r.tier().id(), r.targetKbps(), r.measuredKbps(), r.psnrPlain()));
            for (Variant v : Variant.values()) {
                b.append(r.has(v) ? f(" %7.2f", r.psnr(v)) : f(" %7s", "absent"));
            }
            b.append(" |");
            for (Variant v : Variant.values()) {
                b.append(r.has(v) ? f(" %+8.2f", r.gainDb(v)) : f(" %8s", "-"));
            }
            b.append(" |");
            for (Variant v : Variant.values()) {
                b.append(r.has(v) ? f(" %7.1f", r.result(v).fps()) : f(" %7s", "-"));
            }
            b.append(
                    r.has(Variant.PERSONAL_TOPK)
                            ? f(" | %4.0f%% |", r.result(Variant.PERSONAL_TOPK).kPercent())
                            : f(" | %5s |", "-"));
            for (Variant v : Variant.values()) {
                b.append(r.has(v) ? f(" %3.0f%%", 100 * r.result(v).enhancedShare()) : f(" %4s", "-"));
            }
            b.append(System.lineSeparator());
        }
        for (SweepRow r : rows) {
            for (Variant v : Variant.values()) {
                if (!r.has(v)) {
                    continue;
                }
                DemoResult d = r.result(v);
                if (d.enhancedShare() < 1.0 && !d.passReason().isEmpty()) {
                    b.append(f(
                            "%d kbps, %s tier, %s: passed %.0f%% of frames through: %s%n",
                            r.targetKbps(), r.tier().id(), v.key, 100 * (1 - d.enhancedShare()), d.passReason()));
                }
            }
        }
        for (ModelTier t : ModelTier.values()) {
            absence(t)
                    .ifPresent(why ->
                            b.append(t.id()).append(" tier: ").append(why).append(System.lineSeparator()));
        }
        if (rows(ModelTier.GPU).stream()
                .flatMap(r -> r.results().values().stream())
                .anyMatch(d -> d.provider().toUpperCase(Locale.ROOT).startsWith("CPU"))) {
            b.append("gpu tier rows ran the gpu tier on this receiver's CPU: full frame, no time budget, for quality"
                            + " only (frames that came while it was busy were skipped, not measured; fps says how many"
                            + " were)")
                    .append(System.lineSeparator());
        }
        for (ModelTier t : ModelTier.values()) {
            for (Variant v : Variant.values()) {
                if (!measured(t, v)) {
                    continue;
                }
                b.append(f(
                        "BD-rate %s %-13s vs plain: %s%n",
                        t.id(), v.key, bdRate(t, v).map(BdRate.Result::describe).orElse(noBdRate(t, v))));
            }
        }
        return b.toString();
    }

    /** Why the tier has no rows, or which variants its rows lack; empty when every variant has it. */
    Optional<String> absence(ModelTier tier) {
        if (rows(tier).isEmpty()) {
            return Optional.of("absent from the generic and the personal models; no " + tier.id() + " rows");
        }
        List<String> missing = new ArrayList<>();
        for (Variant v : Variant.values()) {
            if (!measured(tier, v)) {
                missing.add(v.key);
            }
        }
        return missing.isEmpty()
                ? Optional.empty()
                : Optional.of(
                        "absent for " + String.join(", ", missing) + " (that model has no " + tier.id() + " tier)");
    }

    private String noBdRate(ModelTier tier, Variant v) {
        long points = rows(tier).stream().filter(r -> r.has(v)).count();
        return points < 2 ? "n/a (needs 2+ bitrates)" : "n/a (the curves share no PSNR range)";
    }

    /** One object per tier and bitrate, tier by tier, in ascending bitrate. */
    List<Map<String, Object>> rowsJson() {
        return rows.stream()
                .map(r -> {
                    Map<String, Object> m = r.toJson();
                    m.put("scaled_from", context.scaled() ? context.nativeSize().toString() : null);
                    return m;
                })
                .toList();
    }

    /**
     * The size, whether the footage was scaled (and from what), and the BD-rate of each tier's
     * variants; a variant without that tier, or whose BD-rate cannot be computed, is null; a tier
     * no bundle had is named under {@code tiers_absent}.
     */
    Map<String, Object> bdRateJson() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("size", context.size().toString());
        out.put("scaled", context.scaled());
        out.put("scaled_from", context.scaled() ? context.nativeSize().toString() : null);
        Map<String, Object> tiers = new LinkedHashMap<>();
        Map<String, Object> absent = new LinkedHashMap<>();
        for (ModelTier t : ModelTier.values()) {
            absence(t).ifPresent(why -> absent.put(t.id(), why));
            if (rows(t).isEmpty()) {
                continue;
            }
            Map<String, Object> m = new LinkedHashMap<>();
            for (Variant v : Variant.values()) {
                m.put(v.key, measured(t, v) ? entry(bdRate(t, v)) : null);
            }
            tiers.put(t.id(), m);
        }
        out.put("bd_rate_vs_plain", tiers);
        out.put("tiers_absent", absent);
        return out;
    }

    private static Map<String, Object> entry(Optional<BdRate.Result> r) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put(
                "bd_rate_percent",
                r.map(x -> Math.round(x.ratePercent() * 10) / 10.0).orElse(null));
        entry.put(
                "psnr_from", r.map(x -> Math.round(x.fromDb() * 1000) / 1000.0).orElse(null));
        entry.put("psnr_to", r.map(x -> Math.round(x.toDb() * 1000) / 1000.0).orElse(null));
        entry.put("fit", r.map(x -> x.fit().name().toLowerCase(Locale.ROOT)).orElse(null));
        return entry;
    }

    private static String f(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }
}

package io.dejavu.cli.demo;

import io.dejavu.call.MediaException;
import io.dejavu.call.MediaRuntime;
import io.dejavu.call.VideoCodec;
import io.dejavu.cli.demo.SweepRow.Variant;
import io.dejavu.protocol.model.ModelTier;
import io.dejavu.scorer.policy.KPolicySpec;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The demo at several bitrates: for each, fine-tunes (or reuses) the caller's personal model at
 * that bitrate, then places real calls at that cap over the same unseen footage, the callee
 * getting from the store first the generic model (nothing personal published yet), then the
 * personal model on the full frame, then the personal model on the scorer's top-k patches.
 * Fresh servers per bitrate, so each bitrate's store starts with no personal model.
 *
 * <p>Each tier a bundle has (ADR 0104) gets calls of its own, the callee running that tier alone
 * whatever this machine could keep up with: a gpu tier on a CPU-only receiver is measured for
 * quality, full frame, without a time budget (it keeps up with few frames). A model without a tier
 * is absent from that tier's rows. The personal model gets each tier of {@code --tiers} the generic
 * model has, fine-tuned from that tier of it for the same time ({@link PersonalModel}).
 *
 * <pre>{@code
 * DemoSweep sweep = new DemoSweep(work, Path.of("models/generic"), err);
 * SweepReport report = sweep.run(DemoFootage.prepare(Optional.empty(), work), settings);
 * System.out.print(report.table());
 * }</pre>
 */
final class DemoSweep {
    /** What the sweep measures and how long. */
    record Settings(
            List<Integer> bitratesKbps,
            VideoCodec codec,
            Duration measured,
            Duration warmUp,
            double trainMinutes,
            long seed,
            double topK,
            int threads,
            PairSource pairs,
            Set<ModelTier> tiers) {
        Settings {
            bitratesKbps = List.copyOf(bitratesKbps);
            tiers = tiers.isEmpty() ? EnumSet.allOf(ModelTier.class) : EnumSet.copyOf(tiers);
            if (bitratesKbps.isEmpty()) {
                throw new IllegalArgumentException("--bitrates must name at least one bitrate, got none");
            }
            for (int b : bitratesKbps) {
                if (b < 10 || b > 20_000) {
                    throw new IllegalArgumentException("each bitrate must be 10..20000 kbps, got " + b);
                }
            }
            if (bitratesKbps.stream().distinct().count() != bitratesKbps.size()) {
                throw new IllegalArgumentException("--bitrates must not repeat a bitrate, got " + bitratesKbps);
            }
            if (measured.compareTo(Duration.ofSeconds(2)) < 0) {
                throw new IllegalArgumentException("each call must be measured for at least 2 s, got " + measured);
            }
            if (!(trainMinutes > 0 && trainMinutes <= 60)) {
                throw new IllegalArgumentException("--train-minutes must be in (0, 60], got " + trainMinutes);
            }
            if (!(topK > 0 && topK < 1)) {
                throw new IllegalArgumentException(
                        "--k must be a fraction in (0, 1) for the top-k column, got " + topK);
            }
            if (threads < 1) {
                throw new IllegalArgumentException("--threads must be at least 1, got " + threads);
            }
        }
    }

    private final Path work;
    private final Path genericModel;
    private final PrintWriter err;

    DemoSweep(Path work, Path genericModel, PrintWriter err) {
        this.work = work;
        this.genericModel = genericModel;
        this.err = err;
    }

    SweepReport run(DemoFootage footage, Settings settings) throws IOException, InterruptedException {
        PersonalModel personal = new PersonalModel(work, genericModel, err);
        String codec = settings.codec().name().toLowerCase(Locale.ROOT);
        List<SweepRow> rows = new ArrayList<>();
        // one libwebrtc runtime for all calls (each factory leaves native threads behind); one that
        // someone else holds is shared and left open
        MediaRuntime owned;
        try {
            owned = MediaRuntime.current().isPresent() ? null : MediaRuntime.open(MediaRuntime.Audio.HEADLESS);
        } catch (MediaException e) {
            throw new IOException("cannot start libwebrtc for the sweep: " + e.getMessage(), e);
        }
        try {
            for (int kbps : settings.bitratesKbps()) {
                rows.addAll(measure(footage, settings, personal, codec, kbps));
            }
        } finally {
            if (owned != null) {
                owned.close();
            }
        }
        return new SweepReport(rows, SweepReport.Context.of(footage));
    }

    /** The tiers the bundle in {@code dir} has, smallest first. */
    static List<ModelTier> tiersOf(Path dir) {
        List<ModelTier> tiers = new ArrayList<>();
        for (ModelTier t : ModelTier.values()) {
            if (Files.isRegularFile(dir.resolve(t.entryName()))) {
                tiers.add(t);
            }
        }
        return tiers;
    }

    private List<SweepRow> measure(
            DemoFootage footage, Settings settings, PersonalModel personal, String codec, int kbps)
            throws IOException, InterruptedException {
        err.printf(Locale.ROOT, "sweep: %d kbps%n", kbps);
        err.flush();
        PersonalModel.Prepared model = personal.prepare(
                footage, codec, kbps, settings.trainMinutes(), settings.seed(), settings.pairs(), settings.tiers());
        List<ModelTier> genericTiers = tiersOf(genericModel).stream()
                .filter(settings.tiers()::contains)
                .toList();
        List<ModelTier> personalTiers =
                tiersOf(model.dir()).stream().filter(settings.tiers()::contains).toList();
        Map<ModelTier, Map<Variant, DemoResult>> byTier = new EnumMap<>(ModelTier.class);
        String guard;
        try (DemoServers servers = DemoServers.start(work, Optional.of(genericModel))) {
            for (ModelTier t : genericTiers) {
                put(
                        byTier,
                        t,
                        Variant.GENERIC,
                        call(servers, footage, settings, kbps, KPolicySpec.fraction(1.0), t, "generic"));
            }
            guard = personal.publishAnyway(model, servers.storeUri(), servers.adminToken());
            err.println("sweep: " + guard);
            for (ModelTier t : personalTiers) {
                put(
                        byTier,
                        t,
                        Variant.PERSONAL_FULL,
                        call(servers, footage, settings, kbps, KPolicySpec.fraction(1.0), t, "personal"));
                put(
                        byTier,
                        t,
                        Variant.PERSONAL_TOPK,
                        call(servers, footage, settings, kbps, KPolicySpec.fraction(settings.topK()), t, "personal"));
            }
        }
        List<SweepRow> rows = new ArrayList<>();
        for (Map.Entry<ModelTier, Map<Variant, DemoResult>> e : byTier.entrySet()) {
            SweepRow row = new SweepRow(
                    kbps, e.getKey(), e.getValue(), model.dir().toAbsolutePath().toString(), guard);
            StringBuilder gains = new StringBuilder();
            for (Variant v : Variant.values()) {
                gains.append(
                        row.has(v)
                                ? String.format(Locale.ROOT, ", %s %+.2f dB", v.key, row.gainDb(v))
                                : ", " + v.key + " absent");
            }
            err.printf(
                    Locale.ROOT,
                    "sweep: %d kbps, %s tier done: plain %.2f dB%s%n",
                    kbps,
                    e.getKey().id(),
                    row.psnrPlain(),
                    gains);
            rows.add(row);
        }
        err.flush();
        return rows;
    }

    private static void put(Map<ModelTier, Map<Variant, DemoResult>> byTier, ModelTier t, Variant v, DemoResult r) {
        byTier.computeIfAbsent(t, x -> new EnumMap<>(Variant.class)).put(v, r);
    }

    private DemoResult call(
            DemoServers servers,
            DemoFootage footage,
            Settings s,
            int kbps,
            KPolicySpec policy,
            ModelTier tier,
            String expectedModel)
            throws IOException, InterruptedException {
        HeadlessDemo.Settings call = new HeadlessDemo.Settings(
                s.codec(), kbps, s.measured(), s.warmUp(), policy, s.threads(), CalleeTier.of(tier));
        // live lines go to stderr: the sweep's stdout is the table (and the JSON)
        DemoResult result = new HeadlessDemo(servers, work, err, err).run(footage, call);
        err.println("sweep: " + result.summary());
        err.flush();
        if (!result.model().startsWith(expectedModel)) {
            throw new IllegalStateException(
                    "the callee was meant to enhance with the " + expectedModel + " model but got: " + result.model());
        }
        if (result.frames() == 0) {
            throw new IllegalStateException("no frame was measured in the " + expectedModel + " call (" + tier.id()
                    + " tier) at " + kbps + " kbps; is the machine too busy?");
        }
        return result;
    }
}

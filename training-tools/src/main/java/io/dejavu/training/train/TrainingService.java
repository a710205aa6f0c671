package io.dejavu.training.train;

import io.dejavu.protocol.Json;
import io.dejavu.protocol.model.ModelMetadata;
import io.dejavu.protocol.model.OperatingRange;
import io.dejavu.protocol.video.FrameSize;
import io.dejavu.store.ModelBundle;
import io.dejavu.training.TrainingException;
import io.dejavu.training.eval.EvaluationResult;
import io.dejavu.training.eval.Evaluator;
import io.dejavu.training.eval.OrtModel;
import io.dejavu.training.eval.ScorerReport;
import io.dejavu.training.footage.CodecRoundTrip;
import io.dejavu.training.footage.Footage;
import io.dejavu.training.footage.FootageReader;
import io.dejavu.training.footage.PairMaker;
import io.dejavu.training.footage.PairSet;
import io.dejavu.training.model.Architecture;
import io.dejavu.training.model.EnhancerWeights;
import io.dejavu.training.model.ModelDirectory;
import io.dejavu.training.model.OnnxCheck;
import io.dejavu.training.model.OnnxGraphs;
import io.dejavu.training.model.ScorerWeights;
import io.dejavu.training.report.ReportWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Footage to an evaluated model directory: reads the clips, makes training pairs with the call's
 * codec and bitrate, trains the enhancer (fine-tuning a base model by default), exports and checks
 * the ONNX graphs, measures the gain on held-back footage against the generic model, trains and
 * evaluates the patch scorer on the enhancer's actual per-patch gains, and writes the bundle
 * atomically.
 *
 * <pre>{@code
 * TrainingService service = new TrainingService(progress -> System.err.println(progress));
 * TrainingOutcome o = service.train(new TrainingRequest("alice", List.of(Path.of("alice.mp4")), List.of(),
 *         Path.of("models/alice"), Optional.of(Path.of("models/generic")), Optional.of(Path.of("models/generic")),
 *         Codec.VP8, 50, Optional.of(new FrameSize(256, 256)), 1500, 0.25, 32,
 *         EnhancerTrainingOptions.defaults(Duration.ofMinutes(10), 1), Duration.ofSeconds(60)));
 * }</pre>
 */
public final class TrainingService {
    private static final Logger LOG = LoggerFactory.getLogger(TrainingService.class);
    /** Footage needed per clip: 2 s to learn from plus 1 s held back, at the clip's frame rate. */
    public static final double MIN_SECONDS = 3.0;

    private static final int EVAL_FRAMES = 200;
    private static final int SCORER_TRAIN_FRAMES = 150;
    private static final int SCORER_EVAL_FRAMES = 100;
    private static final int TOPK_EVAL_FRAMES = 40;
    /** Held-back frames encoded at each bitrate of the operating-range ladder, over all clips. */
    private static final int RANGE_FRAMES = 150;
    /** At least this many consecutive frames of each clip, so a call's encoder settles. */
    private static final int RANGE_FRAMES_PER_CLIP = 30;

    /** Training time between checkpoints. */
    static final java.time.Duration CHECKPOINT_EVERY = java.time.Duration.ofSeconds(60);

    private final ProgressListener listener;
    private final int threads;
    private final PairMaker pairMaker;
    private final boolean resume;

    public TrainingService(ProgressListener listener) {
        this(listener, Math.max(1, Math.min(2, Runtime.getRuntime().availableProcessors())));
    }

    public TrainingService(ProgressListener listener, int threads) {
        this(listener, threads, PairMaker.FFMPEG);
    }

    /** With the default threads and pairs made by {@code pairMaker}. */
    public TrainingService(ProgressListener listener, PairMaker pairMaker) {
        this(listener, Math.max(1, Math.min(2, Runtime.getRuntime().availableProcessors())), pairMaker);
    }

    /**
     * @param pairMaker how footage becomes training pairs ({@link PairMaker#FFMPEG} by default)
     */
    public TrainingService(ProgressListener listener, int threads, PairMaker pairMaker) {
        this(listener, threads, pairMaker, false);
    }

    private TrainingService(ProgressListener listener, int threads, PairMaker pairMaker, boolean resume) {
        this.listener = listener;
        this.threads = threads;
        this.pairMaker = pairMaker;
        this.resume = resume;
    }

    /**
     * This service, going on from the checkpoint a killed run of the same job left beside its
     * output directory ({@link Checkpoint#dirFor}) when {@code resume} is true. Every job writes
     * such checkpoints once a minute and removes them when it succeeds.
     */
    public TrainingService resuming(boolean resume) {
        return new TrainingService(listener, threads, pairMaker, resume);
    }

    /**
     * One clip turned into (original, decoded) pairs.
     *
     * @param heldBack the clip's held-back stretch as footage, for the operating-range ladder
     */
    record Clip(Path file, double fps, PairSet pairs, String encoder, double kbps, Footage heldBack, CallPoint point) {
        String name() {
            return file.getFileName().toString();
        }

        int cut(double validationFraction) {
            return pairs.frames() - (int) Math.max(1, Math.round(pairs.frames() * validationFraction));
        }

        PairSet earlier(double validationFraction) {
            int c = cut(validationFraction);
            return new PairSet(
                    pairs.size(),
                    pairs.original().subList(0, c),
                    pairs.decoded().subList(0, c));
        }

        PairSet later(double validationFraction) {
            int c = cut(validationFraction);
            int n = pairs.frames();
            return new PairSet(
                    pairs.size(),
                    pairs.original().subList(c, n),
                    pairs.decoded().subList(c, n));
        }
    }

    /** Runs the whole job and returns what was written. */
    public TrainingOutcome train(TrainingRequest r) {
        long start = System.nanoTime();
        boolean genericJob = r.genericJob();
        CodecRoundTrip.requireAvailable(r.codec());
        Optional<EnhancerWeights> init =
                r.base().map(TrainingService::readBaseWeights).map(w -> deepenIfAsked(w, r.enhancer(), listener));
        EnhancerTrainingOptions options = r.enhancer().withInit(init);
        Path staging = ModelDirectory.staging(r.out());
        // Ctrl-C or kill: remove the half-written model too (finally blocks do not run then).
        Thread cleanup = new Thread(() -> ModelDirectory.discard(staging), "training-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);
        boolean done = false;
        try {
            List<Path> files = PointGrid.files(r);
            List<Clip> clips = read(files, r, PointGrid.assign(files, r));
            List<Clip> heldOut = read(r.holdOut(), r, List.of());
            FrameSize size = clips.get(0).pairs().size();
            if (r.severalPoints()) {
                listener.onMessage(PointGrid.pointsLine(clips));
            }
            double fraction = r.validationFraction();
            PairSet train = PairSet.concat(
                    size, clips.stream().map(c -> c.earlier(fraction)).toList());
            PairSet later = PairSet.concat(
                    size, clips.stream().map(c -> c.later(fraction)).toList());
            // Generic job: report on the people never seen; personal job: on the later footage.
            PairSet evalSet = genericJob && !heldOut.isEmpty()
                    ? PairSet.concat(
                            size,
                            heldOut.stream()
                                    .map(c -> c.pairs().spread(EVAL_FRAMES / heldOut.size()))
                                    .toList())
                    : later.spread(EVAL_FRAMES);
            double kbps = clips.stream().mapToDouble(Clip::kbps).average().orElse(0);
            listener.onMessage(String.format(
                    Locale.ROOT,
                    "pairs: %d training frames, %d held back, %s, %s (%.1f kbps measured)",
                    train.frames(),
                    later.frames(),
                    size,
                    clips.get(0).encoder(),
                    kbps));
            listener.onMessage(
                    init.isPresent()
                            ? "fine-tuning from " + r.base().get()
                            : "training from scratch (" + options.architecture().label() + ")");

            TrainingDevice device = DjlEngine.trainingDevice();
            listener.onMessage("training on " + device + ", " + options.batchSize() + " patches a step");
            Path checkpoints = Checkpoint.dirFor(r.out());
            Optional<Checkpoint> from = Optional.empty();
            if (resume) {
                from = Checkpoint.load(checkpoints);
                if (from.isEmpty()) {
                    listener.onMessage("no checkpoint at " + checkpoints + ": starting from the beginning");
                }
            }
            EnhancerTrainer.Result trained = new EnhancerTrainer(options, device)
                    .with(new EnhancerTrainer.Checkpointing(jobKey(r, options), checkpoints, CHECKPOINT_EVERY, from))
                    .watching(r.severalPoints() ? PointGrid.validationByPoint(clips, r) : List.of())
                    .train(train, later, listener);
            byte[] enhancerOnnx = OnnxGraphs.enhancer(trained.weights());
            double enhancerDiff = OnnxCheck.verify("enhancer.onnx", enhancerOnnx, trained.reference());
            listener.onMessage(String.format(
                    Locale.ROOT,
                    "enhancer: %d steps, stopped by %s; %d batches run again after a non-finite gradient, %d"
                            + " skipped; ONNX Runtime matches DJL within %.2e",
                    trained.steps(),
                    trained.stopReason(),
                    trained.retried(),
                    trained.skipped(),
                    enhancerDiff));

            int radius = options.architecture().receptiveFieldRadius();
            int p = r.scorerPatchSize();
            Map<String, Double> metrics = new LinkedHashMap<>();
            EvaluationResult validation;
            Optional<EvaluationResult> generic = Optional.empty();
            List<byte[]> enhancedEval = new ArrayList<>();
            ScorerTrainer.Result scorer;
            byte[] scorerOnnx;
            double scorerDiff;
            Map<String, Double> scorerMetrics;
            EvaluationResult topK;
            try (OrtModel enhancer = OrtModel.fromBytes(enhancerOnnx, threads)) {
                listener.onMessage("evaluating on " + evalSet.frames() + " held-back frames");
                validation =
                        new Evaluator(enhancer, Optional.empty(), p, radius).evaluate(evalSet, 1.0, kbps, enhancedEval);
                Optional<Path> genericDir = genericJob ? Optional.empty() : r.generic();
                if (genericDir.isPresent()
                        && Files.isRegularFile(genericDir.get().resolve(ModelBundle.ENHANCER))) {
                    try (OrtModel g = OrtModel.load(genericDir.get().resolve(ModelBundle.ENHANCER), threads)) {
                        generic =
                                Optional.of(new Evaluator(g, Optional.empty(), p, radius).evaluate(evalSet, 1.0, kbps));
                    }
                }
                listener.onMessage("scorer: measuring per-patch gains of the enhancer");
                PairSet scorerTrain = train.spread(SCORER_TRAIN_FRAMES);
                List<byte[]> enhancedTrain = new ArrayList<>();
                for (byte[] d : scorerTrain.decoded()) {
                    enhancedTrain.add(enhancer.enhanceY(d, size.width(), size.height()));
                }
                ScorerSamples samples =
                        ScorerSamples.fromFrames(size, p, scorerTrain.original(), scorerTrain.decoded(), enhancedTrain);
                Optional<ScorerWeights> scorerInit = r.base().flatMap(b -> readBaseScorer(b, p));
                scorer =
                        new ScorerTrainer(p, r.scorerTime(), 4000, options.seed()).train(samples, scorerInit, listener);
                scorerOnnx = OnnxGraphs.scorer(scorer.weights());
                scorerDiff = OnnxCheck.verify("scorer.onnx", scorerOnnx, scorer.reference());
                try (OrtModel s = OrtModel.fromBytes(scorerOnnx, threads)) {
                    Evaluator withScorer = new Evaluator(enhancer, Optional.of(s), p, radius);
                    PairSet scorerEval = evalSet.spread(SCORER_EVAL_FRAMES);
                    List<byte[]> enhancedScorerEval = scorerEval == evalSet ? enhancedEval : null;
                    if (enhancedScorerEval == null) {
                        enhancedScorerEval = new ArrayList<>();
                        for (byte[] d : scorerEval.decoded()) {
                            enhancedScorerEval.add(enhancer.enhanceY(d, size.width(), size.height()));
                        }
                    }
                    scorerMetrics = ScorerReport.compute(withScorer, scorerEval, enhancedScorerEval, p, options.seed());
                    topK = withScorer.evaluate(evalSet.spread(TOPK_EVAL_FRAMES), 0.25, kbps);
                }
            }
            metrics.put("gain_db", validation.gainDb());
            metrics.put("psnr_decoded", validation.psnrDecoded());
            metrics.put("psnr_enhanced", validation.psnrEnhanced());
            metrics.put("ssim_decoded", validation.ssimDecoded());
            metrics.put("ssim_enhanced", validation.ssimEnhanced());
            if (genericJob) {
                metrics.put("generic_gain_db", validation.gainDb());
            }
            generic.ifPresent(g -> {
                metrics.put("generic_gain_db", g.gainDb());
                metrics.put("gain_over_generic_db", validation.gainDb() - g.gainDb());
            });
            metrics.put(
                    "frames_worse_share",
                    validation.perFrameGainDb().stream().filter(x -> x < 0).count() / (double) validation.frames());
            metrics.put("gain_db_top25_scorer", topK.gainDb());
            metrics.putAll(scorerMetrics);
            metrics.put("enhancer_steps", (double) trained.steps());
            metrics.put("enhancer_seconds", trained.elapsed().toMillis() / 1000.0);
            metrics.put("loss_first", trained.firstLoss());
            metrics.put("loss_last", trained.lastLoss());
            metrics.put("scorer_steps", (double) scorer.steps());
            metrics.put("onnx_max_abs_diff_enhancer", enhancerDiff);
            metrics.put("onnx_max_abs_diff_scorer", scorerDiff);
            metrics.put("bitrate_kbps_measured", kbps);
            // a job over several points: the last validation gain at each (seen people's later footage)
            for (int i = trained.curve().size() - 1; i >= 0; i--) {
                if (!trained.curve().get(i).byPoint().isEmpty()) {
                    trained.curve()
                            .get(i)
                            .byPoint()
                            .forEach((label, gain) -> metrics.put("validation_gain_db@" + label, gain));
                    break;
                }
            }
            if (genericJob && !heldOut.isEmpty()) {
                // Also the seen people's later footage, for comparison with the never-seen number.
                try (OrtModel enhancer = OrtModel.fromBytes(enhancerOnnx, threads)) {
                    metrics.put(
                            "seen_people_later_gain_db",
                            new Evaluator(enhancer, Optional.empty(), p, radius)
                                    .evaluate(later.spread(EVAL_FRAMES), 1.0, kbps)
                                    .gainDb());
                }
            }
            metrics.values().removeIf(v -> !Double.isFinite(v));

            // Where the model helps: people never seen for a generic job, the held-back part otherwise.
            // Each file once: a personal job over several bitrates has its clips once per bitrate.
            java.util.Set<Path> measured = new java.util.HashSet<>();
            List<Footage> rangeFootage = (genericJob && !heldOut.isEmpty() ? heldOut : clips)
                    .stream()
                            .filter(c -> measured.add(c.file()))
                            .map(Clip::heldBack)
                            .toList();
            OperatingRange range;
            if (r.severalPoints() && genericJob) {
                range = PointGrid.range(
                        enhancerOnnx,
                        r,
                        genericJob && !heldOut.isEmpty() ? r.holdOut() : r.videos(),
                        new RangeCalibrator(pairMaker, threads, listener),
                        listener);
            } else {
                listener.onMessage("range: measuring the gain at " + RangeCalibrator.LADDER.length
                        + " bitrates around " + r.bitrateKbps() + " kbps on "
                        + rangeFootage.stream().mapToInt(f -> f.frames().size()).sum() + " held-back frames");
                range = new RangeCalibrator(pairMaker, threads, listener)
                        .calibrate(
                                enhancerOnnx,
                                genericJob ? Optional.empty() : r.generic(),
                                rangeFootage,
                                r.codec(),
                                r.bitrateKbps());
            }

            Map<String, Object> data = new LinkedHashMap<>();
            data.put("clips", clips.stream().map(c -> clipSummary(c, fraction)).toList());
            data.put(
                    "held_out_people",
                    heldOut.stream().map(c -> clipSummary(c, 0)).toList());
            if (r.severalPoints()) {
                data.put("operating_points", PointGrid.pointsSummary(clips, r));
            }
            data.put("training_frames", train.frames());
            data.put("validation_frames", later.frames());
            data.put("evaluation_frames", evalSet.frames());
            data.put("encoder", clips.get(0).encoder());
            data.put("base", r.base().map(Path::toString).orElse("none (from scratch)"));
            data.put("loss", options.loss().name());
            data.put("seed", options.seed());
            data.put("stop", trained.stopReason());
            data.put("device", device.description());
            data.put("steps", trained.steps());
            data.put("training_seconds", trained.elapsed().toMillis() / 1000.0);
            data.put("batches_retried", trained.retried());
            data.put("batches_skipped", trained.skipped());
            ModelMetadata metadata = new ModelMetadata(
                    r.caller(),
                    options.architecture().label(),
                    radius,
                    p,
                    r.codec().id(),
                    r.bitrateKbps(),
                    size.width(),
                    size.height(),
                    data,
                    metrics,
                    Instant.now(),
                    range);

            ModelDirectory.write(staging, ModelBundle.ENHANCER, enhancerOnnx);
            ModelDirectory.write(staging, ModelBundle.SCORER, scorerOnnx);
            writeReport(staging, r, metadata, trained, validation, generic, evalSet, enhancedEval, size);
            try {
                ModelDirectory.write(
                        staging,
                        ModelBundle.METADATA,
                        Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(metadata));
            } catch (IOException e) {
                throw new TrainingException("cannot serialize metadata: " + e.getMessage(), e);
            }
            ModelDirectory.commit(staging, r.out());
            Checkpoint.remove(checkpoints);
            done = true;
            double seconds = (System.nanoTime() - start) / 1e9;
            LOG.debug(
                    "model for {} written to {} in {} s: gain {} dB",
                    r.caller(),
                    r.out(),
                    Math.round(seconds),
                    String.format(Locale.ROOT, "%.3f", validation.gainDb()));
            return new TrainingOutcome(
                    r.out(), metadata, validation, generic, trained.steps(), trained.stopReason(), seconds);
        } finally {
            if (!done) {
                ModelDirectory.discard(staging);
            }
            try {
                Runtime.getRuntime().removeShutdownHook(cleanup);
            } catch (IllegalStateException e) {
                // already shutting down: the hook does the cleanup
            }
        }
    }

    private void writeReport(
            Path dir,
            TrainingRequest r,
            ModelMetadata metadata,
            EnhancerTrainer.Result trained,
            EvaluationResult validation,
            Optional<EvaluationResult> generic,
            PairSet evalSet,
            List<byte[]> enhanced,
            FrameSize size) {
        // Show the frame with the median gain: typical, not cherry-picked.
        List<Double> gains = validation.perFrameGainDb();
        int median = 0;
        List<Double> sorted = gains.stream().sorted().toList();
        double m = sorted.get(sorted.size() / 2);
        for (int i = 0; i < gains.size(); i++) {
            if (gains.get(i) == m) {
                median = i;
                break;
            }
        }
        List<String> summary = new ArrayList<>();
        summary.add("caller " + metadata.caller() + ", " + metadata.architecture() + ", "
                + r.codec().id() + " at " + r.bitrateKbps() + " kbps, " + size);
        summary.add("encoder: " + metadata.data().get("encoder"));
        summary.add("enhances only at " + metadata.effectiveRange().describe());
        summary.add("base: " + metadata.data().get("base") + "; loss " + trained.firstLoss() + " -> "
                + trained.lastLoss() + " in " + trained.steps() + " steps ("
                + trained.elapsed().toSeconds()
                + " s), stopped by " + trained.stopReason());
        summary.add(String.format(
                Locale.ROOT,
                "held-back frames: %d; gain %.3f dB (PSNR-Y %.2f -> %.2f)%s",
                validation.frames(),
                validation.gainDb(),
                validation.psnrDecoded(),
                validation.psnrEnhanced(),
                generic.map(g -> String.format(Locale.ROOT, "; generic model %.3f dB", g.gainDb()))
                        .orElse("")));
        ReportWriter.write(
                dir,
                new ReportWriter.Content(
                        "Dejavu model report: " + metadata.caller(),
                        summary,
                        metadata.metrics(),
                        trained.curve(),
                        gains,
                        generic.map(EvaluationResult::perFrameGainDb).orElse(List.of()),
                        size,
                        evalSet.original().get(median),
                        evalSet.decoded().get(median),
                        enhanced.get(median)));
    }

    private static Map<String, Object> clipSummary(Clip c, double fraction) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("file", c.name());
        m.put("frames", c.pairs().frames());
        m.put("seconds", Math.round(c.pairs().frames() / c.fps() * 10) / 10.0);
        if (fraction > 0) {
            m.put("training_frames", c.cut(fraction));
            m.put("validation_frames", c.pairs().frames() - c.cut(fraction));
        }
        m.put("kbps", Math.round(c.kbps() * 10) / 10.0);
        return m;
    }

    /**
     * Reads the clips and makes their pairs, as many at a time as the pair maker allows on up to 16
     * cores (nothing else runs yet). A generic job leaves out clips too short to use, saying so; a personal
     * job refuses them.
     */
    private List<Clip> read(List<Path> files, TrainingRequest r, List<CallPoint> points) {
        boolean generic = r.genericJob();
        int parallel = ClipsAtOnce.parallelism(pairMaker, files.size());
        if (parallel > 1) {
            listener.onMessage("making pairs of " + files.size() + " clips, " + parallel + " at a time");
        }
        AtomicReference<FirstSize> first = new AtomicReference<>();
        List<Optional<Clip>> read = ClipsAtOnce.run(
                files.size(),
                parallel,
                "pairs",
                i -> readOne(files.get(i), r, pointOf(points, i, r), files.size(), generic, first));
        List<Clip> clips = read.stream().flatMap(Optional::stream).toList();
        if (clips.isEmpty() && !files.isEmpty()) {
            throw new TrainingException("none of the " + files.size() + " clips is long enough to train on");
        }
        return clips;
    }

    /** The clip read first, whose size every other clip must have. */
    private record FirstSize(String name, FrameSize size) {}

    private Optional<Clip> readOne(
            Path file,
            TrainingRequest r,
            CallPoint point,
            int clipCount,
            boolean generic,
            AtomicReference<FirstSize> first) {
        listener.onMessage(
                "reading " + file + (point != null && r.severalPoints() ? " (pairs at " + point + " kbps)" : ""));
        Footage f = FootageReader.read(
                file, r.severalPoints() ? Optional.of(point.size()) : r.size(), r.maxFramesPerClip());
        // Before the pairs, which take long: all clips must have the size of the first one read.
        first.compareAndSet(null, new FirstSize(file.getFileName().toString(), f.size()));
        FirstSize seen = first.get();
        if (!r.severalPoints() && !seen.size().equals(f.size())) {
            throw new TrainingException("clips differ in size: " + seen.name() + " is " + seen.size() + " but "
                    + file.getFileName() + " is " + f.size() + "; pass --size WxH to scale them all");
        }
        double needFrames = Math.ceil(MIN_SECONDS * f.fps());
        if (f.frames().size() < needFrames) {
            String why = String.format(
                    Locale.ROOT,
                    "footage too short: %s has %.1f s (%d frames); need at least %.0f s (%d frames at %.0f fps:"
                            + " 2 s to learn from and 1 s held back), 30 s or more for a useful model",
                    file,
                    f.seconds(),
                    f.frames().size(),
                    MIN_SECONDS,
                    (int) needFrames,
                    f.fps());
            if (generic) {
                listener.onMessage("left out: " + why);
                return Optional.empty();
            }
            throw new TrainingException(why);
        }
        CallPoint at = point != null ? point : new CallPoint(f.size(), r.bitrateKbps());
        PairMaker.Pairs made = pairMaker.make(f, r.codec(), at.kbps());
        if (made.pairs().frames() < needFrames) {
            String why = String.format(
                    Locale.ROOT,
                    "only %d of %d frames of %s came through %s; need at least %d",
                    made.pairs().frames(),
                    f.frames().size(),
                    file,
                    made.encoder(),
                    (int) needFrames);
            if (generic) {
                // one clip an encoder starved (a low cap, a busy machine) does not end a many-clip job
                listener.onMessage("left out: " + why);
                return Optional.empty();
            }
            throw new TrainingException(why);
        }
        // Frames larger than the job's first size train as tiles of it (PairSet.tiles).
        FrameSize tile = r.severalPoints() ? r.points().get(0).size() : f.size();
        return Optional.of(new Clip(
                file, f.fps(), made.pairs().tiles(tile), made.encoder(), made.kbps(), heldBack(f, r, clipCount), at));
    }

    /** The point of the {@code i}-th clip: its assigned one, the job's first, or null for a job at one point. */
    private static CallPoint pointOf(List<CallPoint> points, int i, TrainingRequest r) {
        if (i < points.size()) {
            return points.get(i);
        }
        return r.points().isEmpty() ? null : r.points().get(0);
    }

    /** The start of the clip's held-back part (the later share of its frames), as footage. */
    static Footage heldBack(Footage f, TrainingRequest r, int clips) {
        int n = f.frames().size();
        int from = n - (int) Math.max(1, Math.round(n * r.validationFraction()));
        int want = Math.max(RANGE_FRAMES_PER_CLIP, RANGE_FRAMES / Math.max(1, clips));
        return f.slice(from, Math.min(n, from + want));
    }

    private static Optional<ScorerWeights> readBaseScorer(Path dir, int patchSize) {
        Path file = dir.resolve(ModelBundle.SCORER);
        if (!Files.isRegularFile(file) || ModelDirectory.readMetadata(dir).scorerPatchSize() != patchSize) {
            return Optional.empty();
        }
        try {
            return Optional.of(OnnxGraphs.readScorer(Files.readAllBytes(file), patchSize));
        } catch (IOException | TrainingException e) {
            LOG.warn("not starting the scorer from {}: {}", file, e.getMessage());
            return Optional.empty();
        }
    }

    /** What a checkpoint must match to be resumed: the same caller, footage, call and model. */
    static String jobKey(TrainingRequest r, EnhancerTrainingOptions options) {
        return String.join(
                " ",
                r.caller(),
                options.architecture().label(),
                r.codec().id(),
                r.bitrateKbps() + "kbps",
                r.size().map(FrameSize::toString).orElse("native") + (r.severalPoints() ? " points " + r.points() : ""),
                "seed " + options.seed(),
                r.videos().stream()
                        .map(v -> v.getFileName().toString())
                        .sorted()
                        .toList()
                        .toString());
    }

    /**
     * The base as it is, or deepened to the asked architecture when that has its channels and more
     * blocks ({@link EnhancerWeights#deepenedTo}): a larger tier then starts where the base stands.
     * Any other mismatch is left to the options' check, which names it.
     */
    static EnhancerWeights deepenIfAsked(
            EnhancerWeights base, EnhancerTrainingOptions asked, ProgressListener listener) {
        Architecture from = base.architecture();
        Architecture to = asked.architecture();
        if (from.channels() != to.channels() || from.blocks() >= to.blocks()) {
            return base;
        }
        listener.onMessage("deepening the base from " + from.label() + " to " + to.label() + ": "
                + (to.blocks() - from.blocks()) + " residual blocks added after its own, each starting as"
                + " the identity, so training starts where the base stands");
        return base.deepenedTo(to, asked.seed());
    }

    private static EnhancerWeights readBaseWeights(Path dir) {
        ModelDirectory.requireComplete(dir);
        try {
            return OnnxGraphs.readEnhancer(Files.readAllBytes(dir.resolve(ModelBundle.ENHANCER)));
        } catch (IOException e) {
            throw new TrainingException("cannot read base model " + dir + ": " + e.getMessage(), e);
        }
    }
}

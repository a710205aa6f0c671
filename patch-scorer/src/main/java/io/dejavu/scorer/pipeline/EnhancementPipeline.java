package io.dejavu.scorer.pipeline;

import io.dejavu.enhancer.EnhancementException;
import io.dejavu.enhancer.ModelLoadException;
import io.dejavu.protocol.model.ModelTier;
import io.dejavu.protocol.model.OperatingRange;
import io.dejavu.protocol.video.I420Frame;
import io.dejavu.protocol.video.LatestFrameQueue;
import io.dejavu.scorer.policy.FrameCost;
import io.dejavu.scorer.policy.KPolicy;
import io.dejavu.scorer.policy.KPolicySpec;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Enhances received frames on its own thread: takes the newest frame from the call engine's
 * {@link LatestFrameQueue} (older ones waiting are skipped and counted as dropped), enhances its
 * luminance with the current model (top-k patches chosen by the k policy, or the whole frame), and
 * hands the decoded and the enhanced frame with a {@link FrameReport} to the listener.
 *
 * <p>Video never stops because of the model: with no model, a model that failed to load or run,
 * or enhancement switched off, frames pass through unchanged and the report says why. A model runs
 * only inside the operating range its bundle declares: the call engine's measurements of the
 * stream ({@link #observe(StreamPoint)}, about once a second) feed an {@link OperatingGate} with
 * hysteresis, and outside the range frames pass through with the reason (ADR 0506). Models can
 * be loaded, swapped and cleared while frames flow; a model is loaded and warmed up on the calling
 * thread and takes over at the next frame. A bundle with several tiers runs the largest that keeps
 * up here ({@link TierPicker}): chosen at load when the expected size is known, else at the first
 * frame and again whenever the frame size changes.
 *
 * <pre>{@code
 * LatestFrameQueue queue = new LatestFrameQueue(2);            // the call engine offers into it
 * try (EnhancementPipeline pipeline = new EnhancementPipeline(queue, PipelineConfig.defaults(),
 *         result -> Platform.runLater(() -> view.show(result.decoded(), result.shown(), result.report())))) {
 *     pipeline.start();
 *     ModelStatus status = pipeline.loadModel(ModelSource.fromDirectory(modelDir));
 *     pipeline.observe(new StreamPoint("video/VP8", 58.0, 25.0, 256, 256)); // from the call's stats
 *     ...
 *     pipeline.setEnabled(false);                             // compare with plain decoding
 *     PipelineStats stats = pipeline.stats();
 * }
 * }</pre>
 */
public final class EnhancementPipeline implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EnhancementPipeline.class);
    private static final double ALPHA = 0.1;
    private static final Object CLEAR = new Object();

    private final LatestFrameQueue queue;
    private final PipelineConfig config;
    private final FrameListener listener;
    private final Object loadLock = new Object();
    /** A Loaded or CLEAR handed from a loading thread to the pipeline thread. */
    private final AtomicReference<Object> pending = new AtomicReference<>();

    /** Whether results carry the decoded frame apart from the enhanced one; starts as the config says. */
    private volatile boolean keepDecodedCopy;

    private final AtomicLong processed = new AtomicLong();
    private final AtomicLong enhanced = new AtomicLong();
    private final AtomicLong passedThrough = new AtomicLong();
    private final AtomicReference<StreamPoint> stream = new AtomicReference<>();
    private volatile boolean enabled = true;
    private volatile KPolicySpec policySpec;
    private volatile ModelStatus status = ModelStatus.none();
    private volatile PipelineStats snapshot;
    private volatile boolean stopping;
    private Thread thread;
    private boolean closed;

    // pipeline-thread state
    private FrameEnhancer current;
    private ModelSource currentSource;
    private OperatingGate gate = new OperatingGate(OperatingRange.unrestricted());
    private StreamPoint streamSeen;
    private boolean gateWasOpen = true;
    private KPolicy policy;
    private KPolicySpec policyBuiltFrom;
    private int warmWidth;
    private int warmHeight;
    private double scoreMs;
    private double selectMs;
    private double enhanceMs;
    private double stitchMs;
    private double totalMs;
    private double averageK;

    /**
     * @param queue where decoded frames arrive; the pipeline only reads from it (the call engine
     *     owns and closes it)
     * @param listener gets every finished frame, on the pipeline thread
     */
    public EnhancementPipeline(LatestFrameQueue queue, PipelineConfig config, FrameListener listener) {
        this.queue = Objects.requireNonNull(queue, "queue");
        this.config = Objects.requireNonNull(config, "config");
        this.keepDecodedCopy = config.keepDecodedCopy();
        this.listener = Objects.requireNonNull(listener, "listener");
        this.policySpec = config.policy();
        this.snapshot = new PipelineStats(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, null);
    }

    /** Starts the pipeline thread. */
    public synchronized void start() {
        requireOpen();
        if (thread != null) {
            throw new IllegalStateException("pipeline already started");
        }
        thread = new Thread(this::loop, config.threadName());
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Loads a model (on the calling thread, warm-up included) and makes it the pipeline's model
     * from the next frame on. On failure the previous model is dropped too (it belongs to whoever
     * was called before), frames pass through, and the status says why.
     */
    public ModelStatus loadModel(ModelSource source) {
        requireOpen();
        synchronized (loadLock) {
            FrameEnhancer loaded;
            try {
                if (config.expectedWidth() > 0) {
                    loaded = picker().pick(
                                    source,
                                    config.expectedWidth(),
                                    config.expectedHeight(),
                                    TierPicker.budget(policySpec),
                                    null);
                } else {
                    loaded = FrameEnhancer.load(
                            source.onlyTier(ModelTier.CPU),
                            config.enhancerOptions(),
                            config.patchSize(),
                            config.scorer());
                }
            } catch (ModelLoadException e) {
                LOG.warn("model {} not used: {}", source.name(), e.getMessage());
                hand(CLEAR);
                status = new ModelStatus(ModelStatus.State.FAILED, source.name(), e.getMessage());
                return status;
            }
            hand(new Loaded(loaded, source));
            status = readyStatus(source, loaded);
            LOG.info("model {} ready: {}", source.name(), status.detail());
            return status;
        }
    }

    private TierPicker picker() {
        return new TierPicker(config.enhancerOptions(), config.patchSize(), config.scorer());
    }

    private static ModelStatus readyStatus(ModelSource source, FrameEnhancer loaded) {
        String tier = loaded.tierChoice()
                .map(TierPicker.Choice::describe)
                .orElse(
                        source.tiers().size() > 1
                                ? "tier chosen at the first frame from " + source.tiers()
                                : loaded.tier().id() + " tier");
        return new ModelStatus(
                ModelStatus.State.READY,
                source.name(),
                loaded.enhancer().providerDescription() + ", " + tier + ", scorer "
                        + loaded.scorer().name() + ", patch " + loaded.patchSize() + ", range "
                        + source.range().describe());
    }

    /** Drops the current model; frames pass through until another one loads. */
    public void clearModel() {
        requireOpen();
        synchronized (loadLock) {
            hand(CLEAR);
            status = ModelStatus.none();
        }
    }

    private void hand(Object next) {
        Object replaced = pending.getAndSet(next);
        if (replaced instanceof Loaded never) {
            never.enhancer().close();
        }
    }

    /** A loaded model on its way to the pipeline thread, with its source (its tiers and where it may run). */
    private record Loaded(FrameEnhancer enhancer, ModelSource source) {}

    /**
     * The incoming stream as last measured (codec, bitrate, frame rate, size); call it whenever the
     * call engine's stats arrive. The model runs only while the stream is inside its range.
     */
    public void observe(StreamPoint point) {
        stream.set(Objects.requireNonNull(point, "point"));
    }

    /** Switches enhancement on or off; off passes frames through (the model stays loaded). */
    public void setEnabled(boolean on) {
        this.enabled = on;
    }

    public boolean isEnabled() {
        return enabled;
    }

    /** Uses another k policy from the next frame on (its learning starts afresh). */
    public void setPolicy(KPolicySpec spec) {
        this.policySpec = Objects.requireNonNull(spec, "spec");
    }

    public ModelStatus modelStatus() {
        return status;
    }

    /**
     * Whether results carry an untouched copy of the decoded frame from the next frame on (only a
     * view that shows it, such as the app's split view, needs one); off, the decoded frame of a
     * result is the enhanced frame itself. Any thread.
     */
    public void setKeepDecodedCopy(boolean keep) {
        keepDecodedCopy = keep;
    }

    /** Counters and recent timings; {@code dropped} is the queue's: overflow and frames passed over for a newer one. */
    public PipelineStats stats() {
        PipelineStats s = snapshot;
        return new PipelineStats(
                processed.get(),
                enhanced.get(),
                passedThrough.get(),
                queue.droppedCount(),
                s.scoreMs(),
                s.selectMs(),
                s.enhanceMs(),
                s.stitchMs(),
                s.totalMs(),
                s.averageK(),
                s.last());
    }

    private void loop() {
        LOG.debug("pipeline thread started");
        try {
            while (!stopping) {
                Optional<I420Frame> next = queue.pollLatest(100, TimeUnit.MILLISECONDS);
                if (next.isEmpty()) {
                    if (queue.isClosed()) {
                        break;
                    }
                    continue;
                }
                applyPending();
                process(next.get());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            LOG.debug("pipeline thread stopping after {} frames", processed.get());
        }
    }

    private void applyPending() {
        Object next = pending.getAndSet(null);
        if (next == null) {
            return;
        }
        if (current != null) {
            current.close();
        }
        Loaded loaded = next instanceof Loaded l ? l : null;
        current = loaded == null ? null : loaded.enhancer();
        currentSource = loaded == null ? null : loaded.source();
        gate = new OperatingGate(
                loaded == null
                        ? OperatingRange.unrestricted()
                        : loaded.source().onlyTier(current.tier()).range());
        streamSeen = null;
        gateWasOpen = true;
        policy = null; // costs differ per model: learn again
        if (current != null && config.expectedWidth() > 0) {
            warmWidth = config.expectedWidth();
            warmHeight = config.expectedHeight();
        } else {
            warmWidth = 0;
            warmHeight = 0;
        }
    }

    private void process(I420Frame frame) {
        long start = System.nanoTime();
        I420Frame decoded = frame;
        FrameReport report;
        OperatingGate.Decision verdict;
        if (!enabled) {
            report = FrameReport.passedThrough(frame.index(), "enhancement off", ms(start));
        } else if (current == null || !tierChosen(frame)) {
            report = FrameReport.passedThrough(frame.index(), passReason(), ms(start));
        } else if (!(verdict = gate(frame)).enhance()) {
            report = FrameReport.passedThrough(
                    frame.index(), "outside the model's range: " + verdict.reason(), ms(start));
        } else {
            if (keepDecodedCopy) {
                decoded = frame.copyLuma();
            }
            try {
                warmUpForSize(frame);
                report = current.enhance(frame, policy(frame));
            } catch (EnhancementException | ModelLoadException | RuntimeException e) {
                fail(e);
                decoded = frame;
                report = FrameReport.passedThrough(frame.index(), passReason(), ms(start));
            }
        }
        processed.incrementAndGet();
        if (report.enhanced()) {
            enhanced.incrementAndGet();
            scoreMs += ALPHA * (report.scoreMs() - scoreMs);
            selectMs += ALPHA * (report.selectMs() - selectMs);
            enhanceMs += ALPHA * (report.enhanceMs() - enhanceMs);
            stitchMs += ALPHA * (report.stitchMs() - stitchMs);
            totalMs += ALPHA * (report.totalMs() - totalMs);
            averageK += ALPHA * (report.k() - averageK);
        } else {
            passedThrough.incrementAndGet();
        }
        snapshot = new PipelineStats(0, 0, 0, 0, scoreMs, selectMs, enhanceMs, stitchMs, totalMs, averageK, report);
        try {
            listener.onFrame(new FrameResult(decoded, frame, report));
        } catch (RuntimeException e) {
            LOG.warn("frame listener failed: {}", e.toString());
        }
    }

    /** Feeds the newest stream measurement to the gate and asks it about this frame; logs changes. */
    private OperatingGate.Decision gate(I420Frame frame) {
        StreamPoint p = stream.get();
        if (p != null && p != streamSeen) {
            streamSeen = p;
            gate.observe(p);
        }
        OperatingGate.Decision d = gate.decide(frame.width(), frame.height());
        if (d.enhance() != gateWasOpen) {
            gateWasOpen = d.enhance();
            if (d.enhance()) {
                LOG.info("model {} enhancing: the stream is inside its range ({})", current.name(), streamSeen);
            } else {
                LOG.info("model {} passing frames through: {}", current.name(), d.reason());
            }
        }
        return d;
    }

    private void warmUpForSize(I420Frame frame) throws ModelLoadException {
        if (frame.width() != warmWidth || frame.height() != warmHeight) {
            long t = System.nanoTime();
            if (!currentSource.largerTiers().isEmpty()) {
                repick(frame.width(), frame.height());
            } else {
                current.warmUp(frame.width(), frame.height());
            }
            warmWidth = frame.width();
            warmHeight = frame.height();
            policy = null;
            LOG.info("warmed up for {}x{} in {} ms", warmWidth, warmHeight, Math.round(ms(t)));
        }
    }

    /**
     * For a model with several tiers, chooses the tier for this frame's size before the gate looks
     * at the frame (the gate is the chosen tier's); false when that failed (the model is dropped).
     */
    private boolean tierChosen(I420Frame frame) {
        if (currentSource.largerTiers().isEmpty()) {
            return true;
        }
        try {
            warmUpForSize(frame);
            return true;
        } catch (ModelLoadException | RuntimeException e) {
            fail(e);
            return false;
        }
    }

    /** The gate of the tier that runs: each tier runs only inside the range its own training validated. */
    private void gateFor(ModelTier tier) {
        OperatingRange range = currentSource.onlyTier(tier).range();
        if (!range.equals(gate.range())) {
            gate = new OperatingGate(range);
            streamSeen = null;
            gateWasOpen = true;
        }
    }

    /** Chooses the tier for a new frame size; the cpu tier, if it is the one loaded, is reused. */
    private void repick(int width, int height) throws ModelLoadException {
        FrameEnhancer smallest = null;
        if (current.tier() == ModelTier.CPU) {
            smallest = current;
        } else {
            current.close();
        }
        current = null;
        current = picker().pick(currentSource, width, height, TierPicker.budget(policySpec), smallest);
        gateFor(current.tier());
        if (pending.get() == null) {
            status = readyStatus(currentSource, current);
        }
    }

    private KPolicy policy(I420Frame frame) {
        KPolicySpec spec = policySpec;
        if (policy == null || spec != policyBuiltFrom) {
            policy = KPolicy.of(spec);
            policyBuiltFrom = spec;
            // Start from what warm-up measured rather than exploring on live frames.
            List<FrameCost> costs = current.warmUpCosts(frame.width(), frame.height());
            costs.forEach(policy::observe);
            if (!costs.isEmpty()) {
                LOG.info(
                        "time-budget policy starts from warm-up at {}x{}: {}",
                        frame.width(),
                        frame.height(),
                        describe(costs));
            }
        }
        return policy;
    }

    private static String describe(List<FrameCost> costs) {
        StringBuilder b = new StringBuilder();
        for (FrameCost c : costs) {
            if (b.length() > 0) {
                b.append(", ");
            }
            b.append(c.fullFrame() ? "full frame" : "k " + c.k() + "/" + c.patchCount())
                    .append(String.format(java.util.Locale.ROOT, " %.1f ms", c.totalNanos() / 1e6));
        }
        return b.toString();
    }

    private void fail(Exception e) {
        String name = currentSource != null ? currentSource.name() : current.name();
        LOG.warn("model {} failed, passing frames through: {}", name, e.getMessage());
        if (current != null) {
            current.close();
        }
        current = null;
        currentSource = null;
        // Only report the failure if no newer model was handed over meanwhile (a load in progress
        // holds loadLock for seconds; the pipeline thread must not wait for it).
        if (pending.get() == null) {
            status = new ModelStatus(ModelStatus.State.FAILED, name, "model failed while running: " + e.getMessage());
        }
    }

    private String passReason() {
        ModelStatus s = status;
        return switch (s.state()) {
            case NONE -> "no model loaded";
            case FAILED -> s.detail();
            case READY -> "model loading";
        };
    }

    private static double ms(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e6;
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("pipeline is closed");
        }
    }

    /** Stops the thread (waiting for the frame in progress) and closes the models. The queue stays open. */
    @Override
    public void close() {
        Thread t;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            stopping = true;
            t = thread;
        }
        if (t != null) {
            t.interrupt();
            try {
                t.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (t.isAlive()) {
                LOG.warn("pipeline thread did not stop within 5 s; leaving its model open");
                return;
            }
        }
        synchronized (loadLock) {
            hand(null);
        }
        if (current != null) {
            current.close();
            current = null;
        }
    }
}

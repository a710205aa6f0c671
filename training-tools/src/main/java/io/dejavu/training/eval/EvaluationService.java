package io.dejavu.training.eval;

import io.dejavu.enhancer.EnhancementException;
import io.dejavu.enhancer.Enhancer;
import io.dejavu.enhancer.EnhancerOptions;
import io.dejavu.enhancer.ModelLoadException;
import io.dejavu.enhancer.PatchGrid;
import io.dejavu.protocol.model.ModelMetadata;
import io.dejavu.protocol.model.OperatingRange;
import io.dejavu.protocol.quality.Quality;
import io.dejavu.protocol.video.FrameSize;
import io.dejavu.protocol.video.I420Frame;
import io.dejavu.scorer.EdgeEnergyScorer;
import io.dejavu.scorer.OnnxPatchScorer;
import io.dejavu.scorer.PatchScorer;
import io.dejavu.scorer.TopK;
import io.dejavu.store.ModelBundle;
import io.dejavu.training.TrainingException;
import io.dejavu.training.footage.Codec;
import io.dejavu.training.footage.CodecRoundTrip;
import io.dejavu.training.footage.Footage;
import io.dejavu.training.footage.FootageReader;
import io.dejavu.training.footage.PairMaker;
import io.dejavu.training.footage.PairSet;
import io.dejavu.training.model.ModelDirectory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code evaluate}: encodes and decodes a clip at the call's bitrate, enhances it with the product's
 * runtime ({@link Enhancer}, and for top-k the model's scorer or, without one, total variation) and
 * measures PSNR-Y and SSIM-Y against the original. Works on any clip of any size.
 *
 * <pre>{@code
 * EvaluationResult r = new EvaluationService().evaluate(new EvaluationRequest(Path.of("models/alice"),
 *         Path.of("later.mp4"), Optional.empty(), Optional.empty(), Optional.empty(), 1.0, 750, 2, false,
 *         ModelTier.CPU));
 * }</pre>
 */
public final class EvaluationService {
    private final PairMaker pairMaker;

    /** Evaluates on an offline FFmpeg round trip ({@link PairMaker#FFMPEG}). */
    public EvaluationService() {
        this(PairMaker.FFMPEG);
    }

    /** Evaluates on the pairs {@code pairMaker} makes, e.g. recorded through a real call. */
    public EvaluationService(PairMaker pairMaker) {
        this.pairMaker = pairMaker;
    }

    /**
     * What the evaluation ran with, beside its numbers.
     *
     * @param scorerReport {@link ScorerReport} metrics when asked for, else empty
     * @param range the model's operating range (declared, or derived for an old bundle)
     * @param bitsPerPixel the encoded clip's bits per pixel per frame
     * @param passReason why a receiver would pass this stream through unenhanced; empty when it
     *     would enhance
     * @param versus the request's other model on the same decoded frames, when it named one
     */
    public record Outcome(
            EvaluationResult result,
            String encoder,
            String scorer,
            String provider,
            Optional<Map<String, Double>> scorerReport,
            OperatingRange range,
            double bitsPerPixel,
            String passReason,
            Optional<Comparison> versus) {
        /** Whether a receiver would run the model on this stream. */
        public boolean enhancing() {
            return passReason.isEmpty();
        }

        /** The gain a receiver delivers: the model's where it runs, none where it passes frames through. */
        public double deliveredGainDb() {
            return enhancing() ? result.gainDb() : 0.0;
        }
    }

    public Outcome evaluate(EvaluationRequest r) {
        ModelDirectory.requireComplete(r.model());
        ModelMetadata meta = ModelDirectory.readMetadata(r.model());
        Path enhancerFile = r.model().resolve(r.tier().entryName());
        if (!Files.isRegularFile(enhancerFile)) {
            throw new TrainingException(r.model() + " has no " + r.tier().id() + " tier ("
                    + r.tier().entryName() + "); train one with train --tier "
                    + r.tier().id());
        }
        Path versusFile = r.versus().map(v -> versusEnhancer(v, r.tier())).orElse(null);
        Codec codec = r.codec().orElseGet(() -> Codec.parse(meta.codec()));
        int kbps = r.bitrateKbps().orElse(meta.bitrateKbps() > 0 ? meta.bitrateKbps() : 50);
        CodecRoundTrip.requireAvailable(codec);
        Footage footage = FootageReader.read(r.video(), r.size(), r.maxFrames());
        if (footage.frames().isEmpty()) {
            throw new TrainingException("no frames could be read from " + r.video());
        }
        int w = footage.size().width();
        int h = footage.size().height();
        PairMaker.Pairs made = pairMaker.make(footage, codec, kbps);
        PairSet pairs = made.pairs();
        // Chroma is not enhanced or measured; the frame only carries the decoded luma.
        byte[] chroma = new byte[(w / 2) * (h / 2)];
        java.util.Arrays.fill(chroma, (byte) 128);
        EnhancerOptions options = EnhancerOptions.cpu(r.threads());
        int p = meta.scorerPatchSize() > 0 ? meta.scorerPatchSize() : 32;
        boolean topK = r.k() < 1 && Math.min(w, h) >= p;
        try (Enhancer enhancer = Enhancer.open(enhancerFile, options);
                Enhancer other = versusFile != null ? Enhancer.open(versusFile, options) : null;
                PatchScorer scorer = topK ? scorer(r.model(), options) : null) {
            PatchGrid grid = topK ? enhancer.grid(w, h, p) : null;
            if (topK) {
                enhancer.warmUp(w, h, p);
            }
            float[] scores = topK ? new float[grid.count()] : null;
            int[] chosen = topK ? new int[grid.count()] : null;
            TopK select = new TopK();
            double psnrD = 0, psnrE = 0, ssimD = 0, ssimE = 0;
            long nanos = 0;
            List<Double> gains = new ArrayList<>();
            List<Double> otherGains = new ArrayList<>();
            for (int i = 0; i < pairs.frames(); i++) {
                byte[] originalY = pairs.original().get(i);
                byte[] dec = pairs.decoded().get(i);
                I420Frame frame = new I420Frame(w, h, dec.clone(), chroma, chroma, 0, i);
                long t0 = System.nanoTime();
                if (topK) {
                    scorer.score(frame, grid, scores);
                    int k = select.select(scores, grid.count(), (int) Math.ceil(r.k() * grid.count()), chosen);
                    enhancer.enhancePatches(frame, grid, chosen, k);
                } else {
                    enhancer.enhanceFrame(frame);
                }
                if (i > 0) {
                    nanos += System.nanoTime() - t0; // frame 0 pays one-off allocations
                }
                double pd = Quality.psnr(originalY, dec);
                double pe = Quality.psnr(originalY, frame.y());
                psnrD += pd;
                psnrE += pe;
                ssimD += Quality.ssim(originalY, dec, w);
                ssimE += Quality.ssim(originalY, frame.y(), w);
                gains.add(pe - pd);
                if (other != null) {
                    I420Frame same = new I420Frame(w, h, dec.clone(), chroma, chroma, 0, i);
                    other.enhanceFrame(same);
                    otherGains.add(Quality.psnr(originalY, same.y()) - pd);
                }
            }
            int n = pairs.frames();
            EvaluationResult result = new EvaluationResult(
                    n,
                    made.kbps(),
                    psnrD / n,
                    psnrE / n,
                    ssimD / n,
                    ssimE / n,
                    topK ? r.k() : 1.0,
                    n > 1 ? nanos / 1e6 / (n - 1) : 0,
                    gains);
            OperatingRange range = meta.rangeFor(r.tier());
            double bpp = OperatingRange.bitsPerPixel(made.kbps(), w, h, footage.fps());
            return new Outcome(
                    result,
                    made.encoder(),
                    topK ? scorer.name() : "none (full frame)",
                    enhancer.providerDescription(),
                    r.scorerReport() ? Optional.of(scorerReport(r, meta, pairs)) : Optional.empty(),
                    range,
                    bpp,
                    range.outside(codec.id(), w, h, bpp).orElse(""),
                    r.versus().map(v -> Comparison.of(v, gains, otherGains)));
        } catch (ModelLoadException e) {
            throw new TrainingException("cannot load model " + r.model() + ": " + e.getMessage(), e);
        } catch (EnhancementException e) {
            throw new TrainingException("enhancement failed: " + e.getMessage(), e);
        }
    }

    /**
     * Ranks the cells of frames spread over the clip. The gains are those of full-frame enhancement
     * (inside each cell equal to enhancing the cell with its halo), so one pass serves every ranking.
     */
    private static Map<String, Double> scorerReport(EvaluationRequest r, ModelMetadata meta, PairSet all) {
        FrameSize size = all.size();
        int p = meta.scorerPatchSize() > 0 ? meta.scorerPatchSize() : 32;
        if (Math.min(size.width(), size.height()) < p) {
            throw new TrainingException(
                    "cannot rank patches: the clip (" + size + ") is smaller than one " + p + "-pixel patch");
        }
        PairSet pairs = all.spread(EvaluationRequest.SCORER_REPORT_FRAMES);
        Path scorerFile = r.model().resolve(ModelBundle.SCORER);
        try (OrtModel enhancer = OrtModel.load(r.model().resolve(ModelBundle.ENHANCER), r.threads());
                OrtModel scorer = Files.isRegularFile(scorerFile) ? OrtModel.load(scorerFile, r.threads()) : null) {
            List<byte[]> enhanced = new ArrayList<>();
            for (byte[] d : pairs.decoded()) {
                enhanced.add(enhancer.enhanceY(d, size.width(), size.height()));
            }
            Evaluator ranking = new Evaluator(enhancer, Optional.ofNullable(scorer), p, meta.receptiveFieldRadius());
            return ScorerReport.compute(ranking, pairs, enhanced, p, 1);
        }
    }

    /** The other bundle's enhancer of {@code tier}, checked before any frame is encoded. */
    private static Path versusEnhancer(Path bundle, io.dejavu.protocol.model.ModelTier tier) {
        ModelDirectory.requireComplete(bundle);
        Path file = bundle.resolve(tier.entryName());
        if (!Files.isRegularFile(file)) {
            throw new TrainingException(
                    "--versus " + bundle + " has no " + tier.id() + " tier (" + tier.entryName() + ") to compare with");
        }
        return file;
    }

    private static PatchScorer scorer(Path model, EnhancerOptions options) throws ModelLoadException {
        Path file = model.resolve(ModelBundle.SCORER);
        if (Files.isRegularFile(file)) {
            return OnnxPatchScorer.open(file, options);
        }
        return new EdgeEnergyScorer();
    }
}

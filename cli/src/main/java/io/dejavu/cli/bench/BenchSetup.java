package io.dejavu.cli.bench;

import io.dejavu.enhancer.EnhancerOptions;
import io.dejavu.enhancer.ModelLoadException;
import io.dejavu.enhancer.ProviderChoice;
import io.dejavu.enhancer.onnx.EdsrWeights;
import io.dejavu.enhancer.onnx.OnnxModels;
import io.dejavu.enhancer.onnx.Precision;
import io.dejavu.enhancer.onnx.ScorerWeights;
import io.dejavu.protocol.video.I420Frame;
import io.dejavu.scorer.pipeline.FrameEnhancer;
import io.dejavu.scorer.pipeline.ModelSource;
import io.dejavu.scorer.pipeline.ScorerChoice;
import java.util.Locale;
import java.util.Random;

/**
 * One benchmark configuration, shared by the JMH benchmark, the stage breakdown and the real-time
 * check so all three measure the same thing.
 *
 * @param width frame width
 * @param height frame height
 * @param full whole-frame mode
 * @param kPercent percent of patches in top-k mode
 * @param threads CPU threads
 * @param provider cpu or auto
 * @param precision model precision
 * @param patch patch side
 * @param scorer scorer choice
 * @param cudnnExhaustive cuDNN exhaustive algorithm search (else heuristic)
 * @param gpu CUDA graphs, fused top-k, extra CUDA provider options
 * @param channels the model's feature channels (a tier's size: 16 for today's cpu tier)
 * @param blocks the model's residual blocks
 */
record BenchSetup(
        int width,
        int height,
        boolean full,
        int kPercent,
        int threads,
        ProviderChoice provider,
        Precision precision,
        int patch,
        ScorerChoice scorer,
        boolean cudnnExhaustive,
        GpuKnobs gpu,
        int channels,
        int blocks) {
    static BenchSetup parse(
            String size, String mode, int k, int threads, String provider, String precision, int patch, String scorer) {
        String[] wh = size.toLowerCase(Locale.ROOT).split("x");
        if (wh.length != 2) {
            throw new IllegalArgumentException("size must be WxH, got " + size);
        }
        boolean full =
                switch (mode) {
                    case "full" -> true;
                    case "topk" -> false;
                    default -> throw new IllegalArgumentException("mode must be full or topk, got " + mode);
                };
        if (k < 0 || k > 100) {
            throw new IllegalArgumentException("k must be a percent in 0..100, got " + k);
        }
        ProviderChoice p =
                switch (provider) {
                    case "cpu" -> ProviderChoice.CPU;
                    case "auto", "cuda" -> ProviderChoice.AUTO;
                    default -> throw new IllegalArgumentException("provider must be cpu or auto, got " + provider);
                };
        Precision prec =
                switch (precision) {
                    case "fp32" -> Precision.FP32;
                    case "fp16" -> Precision.FP16;
                    default -> throw new IllegalArgumentException("precision must be fp32 or fp16, got " + precision);
                };
        ScorerChoice sc =
                switch (scorer) {
                    case "onnx" -> ScorerChoice.MODEL_IF_PRESENT;
                    case "edge" -> ScorerChoice.EDGE_ENERGY;
                    default -> throw new IllegalArgumentException("scorer must be onnx or edge, got " + scorer);
                };
        return new BenchSetup(
                Integer.parseInt(wh[0]),
                Integer.parseInt(wh[1]),
                full,
                k,
                threads,
                p,
                prec,
                patch,
                sc,
                false,
                GpuKnobs.DEFAULT,
                EdsrWeights.DEFAULT_CHANNELS,
                EdsrWeights.DEFAULT_BLOCKS);
    }

    /**
     * The same setup with a model of {@code arch} = {@code CxB} (channels x residual blocks), e.g.
     * {@code 32x8}.
     */
    BenchSetup withArch(String arch) {
        String[] cb = arch.toLowerCase(Locale.ROOT).split("x");
        int c;
        int b;
        try {
            c = Integer.parseInt(cb[0]);
            b = cb.length == 2 ? Integer.parseInt(cb[1]) : -1;
        } catch (NumberFormatException e) {
            c = -1;
            b = -1;
        }
        if (cb.length != 2 || c < 1 || c > 256 || b < 0 || b > 64) {
            throw new IllegalArgumentException(
                    "arch must be CHANNELSxBLOCKS with 1..256 channels and 0..64 blocks, e.g. 32x8; got " + arch);
        }
        return with(cudnnExhaustive, gpu, c, b);
    }

    /** {@code CxB}, e.g. {@code 16x4}. */
    String arch() {
        return channels + "x" + blocks;
    }

    BenchSetup withCudnnExhaustive(boolean exhaustive) {
        return with(exhaustive, gpu, channels, blocks);
    }

    BenchSetup withGpu(GpuKnobs knobs) {
        return with(cudnnExhaustive, knobs, channels, blocks);
    }

    /** This setup with the parts the withers change replaced. */
    private BenchSetup with(boolean exhaustive, GpuKnobs knobs, int c, int b) {
        return new BenchSetup(
                width, height, full, kPercent, threads, provider, precision, patch, scorer, exhaustive, knobs, c, b);
    }

    EnhancerOptions options() {
        return gpu.apply(EnhancerOptions.builder()
                        .provider(provider)
                        .cpuThreads(threads)
                        .cudnnExhaustive(cudnnExhaustive))
                .build();
    }

    /** A model of this setup's architecture with fixed random weights, warmed up for the frame size. */
    FrameEnhancer open() throws ModelLoadException {
        ModelSource model = new ModelSource(
                "bench",
                OnnxModels.writeEnhancer(EdsrWeights.random(channels, blocks, 42L), precision),
                OnnxModels.writeScorer(ScorerWeights.random(43L)));
        FrameEnhancer fe = FrameEnhancer.load(model, options(), patch, scorer);
        fe.warmUp(width, height);
        return fe;
    }

    /** A textured frame (speed does not depend on content; the scorer's ranking does not matter). */
    I420Frame frame() {
        return frame(width, height, 7L);
    }

    static I420Frame frame(int width, int height, long seed) {
        Random r = new Random(seed);
        byte[] y = new byte[width * height];
        for (int row = 0; row < height; row++) {
            for (int col = 0; col < width; col++) {
                double v = 110 + 60 * Math.sin(col * 0.05 + seed) * Math.cos(row * 0.07) + r.nextGaussian() * 8;
                y[row * width + col] = (byte) Math.max(0, Math.min(255, (int) v));
            }
        }
        byte[] u = new byte[I420Frame.chromaLength(width, height)];
        byte[] v = new byte[u.length];
        java.util.Arrays.fill(u, (byte) 128);
        java.util.Arrays.fill(v, (byte) 128);
        return new I420Frame(width, height, y, u, v, 0, seed);
    }

    int patchesPerFrame(FrameEnhancer fe) {
        int n = fe.grid(width, height).count();
        return full ? Integer.MAX_VALUE : (int) Math.round(n * kPercent / 100.0);
    }

    String sizeLabel() {
        return width + "x" + height;
    }
}

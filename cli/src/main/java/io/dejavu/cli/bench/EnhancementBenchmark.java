package io.dejavu.cli.bench;

import io.dejavu.enhancer.EnhancementException;
import io.dejavu.enhancer.ModelLoadException;
import io.dejavu.protocol.video.I420Frame;
import io.dejavu.scorer.pipeline.FrameEnhancer;
import io.dejavu.scorer.pipeline.FrameReport;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Latency of enhancing one frame in place: the whole frame, or scoring all patches plus enhancing
 * the top k % of them. The model is EDSR-Y of the given size ({@code arch}; 16 channels, 4 blocks
 * is today's cpu tier) with random weights; speed does not depend on the weights. Run through {@code ./dejavu
 * bench}, which sets the parameters.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class EnhancementBenchmark {
    /** Frame size, {@code WxH}. */
    @Param({"640x360"})
    public String size;

    /** {@code full} or {@code topk}. */
    @Param({"full"})
    public String mode;

    /** Percent of patches for topk. */
    @Param({"25"})
    public int k;

    /** CPU intra-op threads. */
    @Param({"1"})
    public int threads;

    /** {@code cpu} or {@code auto} (CUDA when available). */
    @Param({"cpu"})
    public String provider;

    /** {@code fp32} or {@code fp16}. */
    @Param({"fp32"})
    public String precision;

    /** Patch side. */
    @Param({"32"})
    public int patch;

    /** {@code onnx} (learned scorer) or {@code edge} (total variation). */
    @Param({"onnx"})
    public String scorer;

    /** {@code exhaustive} or {@code heuristic} cuDNN algorithm search. */
    @Param({"heuristic"})
    public String cudnn;

    /** Model size, {@code CxB} (channels x residual blocks): one tier's architecture. */
    @Param({"16x4"})
    public String arch;

    /** {@link GpuKnobs#encode()}: CUDA graphs, fused top-k, extra CUDA provider options. */
    @Param({"graphs=1;fused=1"})
    public String gpu;

    private FrameEnhancer enhancer;
    private I420Frame frame;
    private int patches;

    @Setup(Level.Trial)
    public void setUp() throws ModelLoadException {
        BenchSetup setup = BenchSetup.parse(size, mode, k, threads, provider, precision, patch, scorer)
                .withCudnnExhaustive(!"heuristic".equals(cudnn))
                .withGpu(GpuKnobs.parse(gpu))
                .withArch(arch);
        enhancer = setup.open();
        frame = setup.frame();
        patches = setup.patchesPerFrame(enhancer);
    }

    @Benchmark
    public FrameReport frame() throws EnhancementException {
        return enhancer.enhance(frame, patches);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        enhancer.close();
    }
}

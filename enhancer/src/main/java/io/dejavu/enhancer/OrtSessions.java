package io.dejavu.enhancer;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtProvider;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.providers.OrtCUDAProviderOptions;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place that decides where a model runs: opens an ONNX Runtime session on CUDA when asked
 * and possible, else on the CPU, and says why when it fell back. Used by {@link Enhancer} and the
 * ONNX patch scorer so both follow the same choice.
 *
 * <pre>{@code
 * try (OrtSessions.Opened opened = OrtSessions.open("enhancer", bytes, EnhancerOptions.defaults(), s -> {})) {
 *     System.out.println(opened.provider() + " " + opened.fallbackReason().orElse(""));
 * }
 * }</pre>
 */
public final class OrtSessions {
    private static final Logger LOG = LoggerFactory.getLogger(OrtSessions.class);

    private OrtSessions() {}

    /** A check run on a freshly opened session; a failure on CUDA makes the caller fall back to CPU. */
    @FunctionalInterface
    public interface Probe {
        void run(OrtSession session) throws OrtException, ModelLoadException;
    }

    /**
     * An open session and where it runs.
     *
     * @param session the session, owned by this record
     * @param provider where it runs
     * @param description e.g. {@code "CUDA device 0"} or {@code "CPU 2 threads"}
     * @param fallback why CUDA is not used, empty when it is or was not asked for
     */
    public record Opened(OrtSession session, ExecutionProvider provider, String description, String fallback)
            implements AutoCloseable {
        public Opened {
            Objects.requireNonNull(session, "session");
            Objects.requireNonNull(provider, "provider");
            Objects.requireNonNull(description, "description");
            fallback = fallback == null ? "" : fallback;
        }

        public Optional<String> fallbackReason() {
            return fallback.isEmpty() ? Optional.empty() : Optional.of(fallback);
        }

        @Override
        public void close() {
            try {
                session.close();
            } catch (OrtException e) {
                LOG.warn("closing an ONNX Runtime session failed: {}", e.getMessage());
            }
        }
    }

    /** Whether this ONNX Runtime build has the CUDA provider at all (the GPU jar and natives). */
    public static boolean cudaAvailable() {
        try {
            return OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA);
        } catch (RuntimeException | UnsatisfiedLinkError e) {
            return false;
        }
    }

    /**
     * Opens {@code onnx} as chosen by {@code options}, running {@code probe} on it. With {@link
     * ProviderChoice#AUTO}, CUDA is tried first when available; if creating the session or the probe
     * fails there, the reason is logged and the model is opened on the CPU.
     *
     * @param what "enhancer" or "scorer", for messages
     * @throws ModelLoadException when the model cannot be opened or fails the probe on the CPU
     */
    public static Opened open(String what, byte[] onnx, EnhancerOptions options, Probe probe)
            throws ModelLoadException {
        return open(what, onnx, options, Map.of(), probe);
    }

    /**
     * As {@link #open(String, byte[], EnhancerOptions, Probe)}, with CUDA provider options for this
     * session only (e.g. {@code enable_cuda_graph=1} for a session whose runs keep their buffers in
     * place); {@link EnhancerOptions#cudaOptions()} still override them.
     */
    public static Opened open(
            String what, byte[] onnx, EnhancerOptions options, Map<String, String> sessionCuda, Probe probe)
            throws ModelLoadException {
        if (onnx == null || onnx.length == 0) {
            throw new ModelLoadException(what + " model is empty (0 bytes), expected an ONNX file");
        }
        String fallback = "";
        if (options.provider() == ProviderChoice.AUTO) {
            if (cudaAvailable()) {
                OrtSession cuda = null;
                try {
                    cuda = createCuda(onnx, options, sessionCuda);
                    probe.run(cuda);
                    LOG.info("{} runs on CUDA device {}", what, options.cudaDevice());
                    return new Opened(cuda, ExecutionProvider.CUDA, "CUDA device " + options.cudaDevice(), "");
                } catch (io.dejavu.enhancer.onnx.ModelValidationException e) {
                    // The model itself is wrong; the CPU would say the same.
                    closeQuietly(cuda);
                    throw e;
                } catch (OrtException | ModelLoadException | RuntimeException e) {
                    closeQuietly(cuda);
                    fallback = "CUDA failed: " + reason(e);
                    LOG.warn(
                            "{}: CUDA provider failed ({}); falling back to CPU with {} threads",
                            what,
                            reason(e),
                            options.cpuThreads());
                }
            } else {
                fallback = "CUDA provider not in this ONNX Runtime build";
                LOG.debug("{}: {}, using CPU", what, fallback);
            }
        }
        OrtSession cpu = null;
        try {
            cpu = createCpu(onnx, options);
            probe.run(cpu);
            LOG.info("{} runs on CPU with {} threads", what, options.cpuThreads());
            return new Opened(cpu, ExecutionProvider.CPU, "CPU " + options.cpuThreads() + " threads", fallback);
        } catch (OrtException e) {
            closeQuietly(cpu);
            throw new ModelLoadException(
                    what + " model is not a loadable ONNX model (" + onnx.length + " bytes): " + reason(e), e);
        } catch (ModelLoadException | RuntimeException e) {
            closeQuietly(cpu);
            throw e;
        }
    }

    private static OrtSession createCpu(byte[] onnx, EnhancerOptions options) throws OrtException {
        try (OrtSession.SessionOptions so = baseOptions(options)) {
            return OrtEnvironment.getEnvironment().createSession(onnx, so);
        }
    }

    /** The CUDA provider options a session gets: ours, then the session's, then the user's. */
    static Map<String, String> cudaProviderOptions(EnhancerOptions options, Map<String, String> sessionCuda) {
        Map<String, String> all = new LinkedHashMap<>();
        all.put("cudnn_conv_algo_search", options.cudnnExhaustive() ? "EXHAUSTIVE" : "HEURISTIC");
        all.put("prefer_nhwc", options.preferNhwc() ? "1" : "0");
        all.put("do_copy_in_default_stream", "1");
        // cuDNN's fused conv + bias instead of a separate bias kernel per conv (47 us each at 720p
        // on an H100): 1.51 -> 1.38 ms per 720p fp16 frame; a different fp16 rounding, so 0.05 % of
        // output pixels differ by one level from the unfused run.
        all.put(FUSE_CONV_BIAS, "1");
        all.putAll(sessionCuda);
        all.putAll(options.cudaOptions());
        return all;
    }

    private static final String FUSE_CONV_BIAS = "fuse_conv_bias";

    /**
     * A CUDA session; when one with our default fused conv + bias cannot be created (an older cuDNN
     * without its graph API, say), one without it.
     */
    private static OrtSession createCuda(byte[] onnx, EnhancerOptions options, Map<String, String> sessionCuda)
            throws OrtException {
        try {
            return createCudaWith(onnx, options, cudaProviderOptions(options, sessionCuda));
        } catch (OrtException e) {
            if (options.cudaOptions().containsKey(FUSE_CONV_BIAS) || sessionCuda.containsKey(FUSE_CONV_BIAS)) {
                throw e;
            }
            LOG.warn("CUDA session with fused conv + bias failed ({}); trying without", reason(e));
            Map<String, String> all = cudaProviderOptions(options, sessionCuda);
            all.put(FUSE_CONV_BIAS, "0");
            return createCudaWith(onnx, options, all);
        }
    }

    private static OrtSession createCudaWith(byte[] onnx, EnhancerOptions options, Map<String, String> all)
            throws OrtException {
        try (OrtSession.SessionOptions so = baseOptions(options);
                OrtCUDAProviderOptions cuda = new OrtCUDAProviderOptions(options.cudaDevice())) {
            for (Map.Entry<String, String> e : all.entrySet()) {
                cuda.add(e.getKey(), e.getValue());
            }
            LOG.debug("CUDA provider options {}", all);
            so.addCUDA(cuda);
            return OrtEnvironment.getEnvironment().createSession(onnx, so);
        }
    }

    private static OrtSession.SessionOptions baseOptions(EnhancerOptions options) throws OrtException {
        OrtSession.SessionOptions so = new OrtSession.SessionOptions();
        so.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
        so.setIntraOpNumThreads(options.cpuThreads());
        so.setInterOpNumThreads(1);
        so.addConfigEntry("session.intra_op.allow_spinning", options.allowSpinning() ? "1" : "0");
        return so;
    }

    private static void closeQuietly(OrtSession session) {
        if (session != null) {
            try {
                session.close();
            } catch (OrtException e) {
                LOG.debug("closing a failed session: {}", e.getMessage());
            }
        }
    }

    /** ORT prefixes its messages with an error code that means nothing to a user. */
    static String reason(Throwable e) {
        String m = String.valueOf(e.getMessage());
        int i = m.indexOf("message: ");
        return i >= 0 ? m.substring(i + "message: ".length()).trim() : m.trim();
    }
}

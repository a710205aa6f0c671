package io.dejavu.cli.bench;

import io.dejavu.enhancer.EnhancerOptions;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The CUDA settings a benchmark row runs with, also as one string for a JMH parameter.
 *
 * <pre>{@code
 * GpuKnobs k = GpuKnobs.parse("graphs=1;fused=0;fuse_conv_bias=1");
 * EnhancerOptions o = k.apply(EnhancerOptions.builder()).build();
 * }</pre>
 *
 * @param cudaGraphs {@link EnhancerOptions#cudaGraphs()}
 * @param fusedTopK {@link EnhancerOptions#fusedTopK()}
 * @param cudaOptions {@link EnhancerOptions#cudaOptions()}
 */
public record GpuKnobs(boolean cudaGraphs, boolean fusedTopK, Map<String, String> cudaOptions) {
    /** The product's defaults: graphs and fused top-k on, no extra provider options. */
    public static final GpuKnobs DEFAULT = new GpuKnobs(true, true, Map.of());

    public GpuKnobs {
        if (cudaOptions == null) {
            throw new IllegalArgumentException("cudaOptions must be a map, got null");
        }
        for (Map.Entry<String, String> e : cudaOptions.entrySet()) {
            if (e.getKey().isBlank()
                    || e.getKey().contains(";")
                    || e.getKey().contains("=")
                    || e.getValue().contains(";")) {
                throw new IllegalArgumentException(
                        "CUDA option must be key=value without ';', got " + e.getKey() + "=" + e.getValue());
            }
        }
        cudaOptions = Map.copyOf(new TreeMap<>(cudaOptions));
    }

    /**
     * Parses {@code key=value} pairs as given to {@code --cuda-option}.
     *
     * @throws IllegalArgumentException naming the pair that has no '='
     */
    public static Map<String, String> options(Iterable<String> pairs) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String p : pairs) {
            int eq = p.indexOf('=');
            if (eq <= 0 || eq == p.length() - 1) {
                throw new IllegalArgumentException("--cuda-option must be key=value, got '" + p + "'");
            }
            m.put(p.substring(0, eq).trim(), p.substring(eq + 1).trim());
        }
        return m;
    }

    /** One string: {@code graphs=1;fused=1;key=value;...}. */
    public String encode() {
        StringBuilder sb = new StringBuilder();
        sb.append("graphs=").append(cudaGraphs ? 1 : 0).append(";fused=").append(fusedTopK ? 1 : 0);
        new TreeMap<>(cudaOptions)
                .forEach((k, v) -> sb.append(';').append(k).append('=').append(v));
        return sb.toString();
    }

    /** Reads {@link #encode()}'s form. */
    public static GpuKnobs parse(String encoded) {
        boolean graphs = true;
        boolean fused = true;
        Map<String, String> opts = new LinkedHashMap<>();
        for (String p : encoded.split(";")) {
            if (p.isBlank()) {
                continue;
            }
            int eq = p.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("GPU setting must be key=value, got '" + p + "'");
            }
            String k = p.substring(0, eq);
            String v = p.substring(eq + 1);
            switch (k) {
                case "graphs" -> graphs = v.equals("1");
                case "fused" -> fused = v.equals("1");
                default -> opts.put(k, v);
            }
        }
        return new GpuKnobs(graphs, fused, opts);
    }

    EnhancerOptions.Builder apply(EnhancerOptions.Builder b) {
        return b.cudaGraphs(cudaGraphs).fusedTopK(fusedTopK).cudaOptions(cudaOptions);
    }
}

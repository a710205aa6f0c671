package io.dejavu.training;

import io.dejavu.enhancer.onnx.EdsrWeights;
import io.dejavu.enhancer.onnx.OnnxModels;
import io.dejavu.enhancer.onnx.ScorerWeights;
import io.dejavu.protocol.Json;
import io.dejavu.protocol.model.ModelMetadata;
import io.dejavu.protocol.model.OperatingRange;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

/** Small real model bundles for tests, and the repository's shipped generic model. */
public final class TestModels {
    private TestModels() {}

    /** Writes an identity enhancer, a random scorer and metadata with the given metrics. */
    public static Path bundle(Path dir, String caller, Map<String, Double> metrics) throws IOException {
        Files.createDirectories(dir);
        Files.write(dir.resolve("enhancer.onnx"), OnnxModels.writeEnhancer(EdsrWeights.identity(16, 4)));
        Files.write(dir.resolve("scorer.onnx"), OnnxModels.writeScorer(ScorerWeights.random(3L)));
        ModelMetadata meta = new ModelMetadata(
                        caller,
                        "edsr-y c16 b4",
                        10,
                        32,
                        "vp8",
                        50,
                        256,
                        256,
                        Map.of("clips", 1),
                        metrics,
                        Instant.now())
                .withOperatingRange(OperatingRange.derived("vp8", 256, 256, 50));
        Files.write(dir.resolve("metadata.json"), Json.mapper().writeValueAsBytes(meta));
        return dir;
    }

    /** {@code models/generic} of this checkout (the tests run inside {@code training-tools/}). */
    public static Path shippedGenericModel() {
        return shipped("generic");
    }

    /** {@code models/generic-call} of this checkout: the bundle with a gpu tier (32x8). */
    public static Path shippedCallModel() {
        return shipped("generic-call");
    }

    private static Path shipped(String name) {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path candidate = p.resolve("models").resolve(name);
            if (Files.isRegularFile(candidate.resolve("enhancer.onnx"))) {
                return candidate;
            }
        }
        throw new AssertionError("models/" + name + "/enhancer.onnx not found above "
                + Path.of("").toAbsolutePath());
    }
}

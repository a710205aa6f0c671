package io.dejavu.training.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dejavu.protocol.Json;
import io.dejavu.training.TrainingException;
import io.dejavu.training.model.EnhancerWeights;
import io.dejavu.training.model.OnnxGraphs;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where an enhancer training run stood: its weights and the trainer's counters, written to a
 * directory now and then so that {@code --resume} can go on after a crash or a kill. Adam's moments
 * are not kept (DJL does not expose them): a resumed run starts them again under the trainer's
 * warm-up, and draws its patches from a stream seeded by the seed and the step.
 *
 * @param job what the run was for (caller, clips, codec, bitrate, architecture, seed); a checkpoint
 *     of another job is refused
 * @param weights the weights after {@code step} steps (all finite)
 * @param step optimizer steps done
 * @param seconds training seconds spent, counted against the time limit
 * @param learningRate the rate the schedule starts from (lower after a recovery)
 * @param bestGainDb best validation gain so far
 * @param stale validation checks since the best
 * @param smoothLoss smoothed training loss
 * @param retried batches run again after a non-finite gradient
 * @param skipped batches left out
 * @param curve the curve so far
 */
public record Checkpoint(
        String job,
        EnhancerWeights weights,
        int step,
        double seconds,
        float learningRate,
        double bestGainDb,
        int stale,
        double smoothLoss,
        int retried,
        int skipped,
        List<CurvePoint> curve) {
    static final String WEIGHTS = "enhancer.onnx";
    static final String STATE = "state.json";

    public Checkpoint {
        curve = List.copyOf(curve);
    }

    /** The checkpoint directory of a model written to {@code out}: beside it, never inside. */
    public static Path dirFor(Path out) {
        Path abs = out.toAbsolutePath().normalize();
        return abs.resolveSibling(abs.getFileName() + ".checkpoint");
    }

    /** Writes the checkpoint to {@code dir}, replacing the one there only once it is complete. */
    public void save(Path dir) {
        Path tmp = dir.resolveSibling(dir.getFileName() + ".tmp");
        try {
            deleteTree(tmp);
            Files.createDirectories(tmp);
            Files.write(tmp.resolve(WEIGHTS), OnnxGraphs.enhancer(weights));
            Files.writeString(tmp.resolve(STATE), Json.mapper().writeValueAsString(state()));
            Path old = dir.resolveSibling(dir.getFileName() + ".old");
            deleteTree(old);
            if (Files.exists(dir)) {
                Files.move(dir, old, StandardCopyOption.ATOMIC_MOVE);
            }
            try {
                Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, dir);
            }
            deleteTree(old);
        } catch (IOException e) {
            throw new TrainingException("cannot write checkpoint " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * The checkpoint in {@code dir} (or the one left in {@code dir.old} by a save cut short), or
     * empty when there is none.
     */
    public static Optional<Checkpoint> load(Path dir) {
        Path old = dir.resolveSibling(dir.getFileName() + ".old");
        Path from =
                Files.isRegularFile(dir.resolve(STATE)) ? dir : Files.isRegularFile(old.resolve(STATE)) ? old : null;
        if (from == null) {
            return Optional.empty();
        }
        try {
            JsonNode s = Json.mapper().readTree(Files.readString(from.resolve(STATE)));
            EnhancerWeights w = OnnxGraphs.readEnhancer(Files.readAllBytes(from.resolve(WEIGHTS)));
            List<CurvePoint> curve = new ArrayList<>();
            for (JsonNode p : s.path("curve")) {
                java.util.Map<String, Double> byPoint = new java.util.TreeMap<>();
                if (p.size() > 4) {
                    p.get(4)
                            .fields()
                            .forEachRemaining(
                                    e -> byPoint.put(e.getKey(), e.getValue().asDouble()));
                }
                curve.add(new CurvePoint(p.get(0).asInt(), p.get(1).asDouble(), num(p.get(2)), num(p.get(3)), byPoint));
            }
            return Optional.of(new Checkpoint(
                    s.path("job").asText(),
                    w,
                    s.path("step").asInt(),
                    s.path("seconds").asDouble(),
                    (float) s.path("learning_rate").asDouble(),
                    num(s.get("best_gain_db")),
                    s.path("stale").asInt(),
                    num(s.get("smooth_loss")),
                    s.path("retried").asInt(),
                    s.path("skipped").asInt(),
                    curve));
        } catch (IOException | RuntimeException e) {
            throw new TrainingException(
                    "checkpoint " + from + " is unreadable (" + e.getMessage() + "); remove it to start again", e);
        }
    }

    /** Removes the checkpoint of a finished run. */
    public static void remove(Path dir) {
        try {
            deleteTree(dir);
            deleteTree(dir.resolveSibling(dir.getFileName() + ".old"));
            deleteTree(dir.resolveSibling(dir.getFileName() + ".tmp"));
        } catch (IOException e) {
            throw new TrainingException("cannot remove checkpoint " + dir + ": " + e.getMessage(), e);
        }
    }

    private ObjectNode state() {
        ObjectNode s = Json.mapper().createObjectNode();
        s.put("job", job);
        s.put("step", step);
        s.put("seconds", seconds);
        s.put("learning_rate", learningRate);
        putNum(s, "best_gain_db", bestGainDb);
        s.put("stale", stale);
        putNum(s, "smooth_loss", smoothLoss);
        s.put("retried", retried);
        s.put("skipped", skipped);
        ArrayNode points = s.putArray("curve");
        for (CurvePoint p : curve) {
            ArrayNode a = points.addArray().add(p.step()).add(p.seconds());
            addNum(a, p.loss());
            addNum(a, p.validationGainDb());
            if (!p.byPoint().isEmpty()) {
                ObjectNode byPoint = a.addObject();
                p.byPoint().forEach(byPoint::put);
            }
        }
        return s;
    }

    private static void putNum(ObjectNode s, String key, double v) {
        if (Double.isFinite(v)) {
            s.put(key, v);
        } else {
            s.putNull(key);
        }
    }

    private static void addNum(ArrayNode a, double v) {
        if (Double.isFinite(v)) {
            a.add(v);
        } else {
            a.addNull();
        }
    }

    private static double num(JsonNode n) {
        return n == null || n.isNull() ? Double.NaN : n.asDouble();
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}

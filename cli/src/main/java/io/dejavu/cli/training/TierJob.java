package io.dejavu.cli.training;

import io.dejavu.protocol.model.ModelTier;
import io.dejavu.training.TrainingException;
import io.dejavu.training.model.ModelDirectory;
import io.dejavu.training.train.TierTraining;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine;

/**
 * The {@code --tier} part of {@code train} and {@code train-generic} (ADR 0104): the cpu tier is
 * trained straight into {@code --out}; a larger tier into a scratch directory, then folded into the
 * bundle already at {@code --out}.
 */
final class TierJob {
    final ModelTier tier;
    private final Path out;
    private final Path target;
    private final Path work;

    private TierJob(ModelTier tier, Path out) {
        this.tier = tier;
        this.out = out;
        Path scratch = TierTraining.scratch(out, tier);
        this.target = tier == ModelTier.CPU ? out : scratch;
        this.work = scratch.resolveSibling(scratch.getFileName() + "-views");
    }

    /** Refuses (exit 2, before any work) a larger tier for an {@code --out} without its cpu tier. */
    static TierJob of(CommandLine.Model.CommandSpec spec, Path out, ModelTier tier) {
        if (tier != ModelTier.CPU) {
            try {
                TierTraining.requireCpuTier(out, tier);
            } catch (TrainingException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
            }
        }
        return new TierJob(tier, out);
    }

    /** Where the training writes its model. */
    Path target() {
        return target;
    }

    /** {@code bundle}'s model of this tier as a model directory, if it has one. */
    Optional<Path> view(Path bundle) {
        return TierTraining.view(bundle, tier, work);
    }

    /** After training: a larger tier goes into the bundle at {@code --out}. */
    void finish() {
        if (tier != ModelTier.CPU) {
            TierTraining.addTier(out, target, tier);
            ModelDirectory.discard(work);
        }
    }

    /** The report of this tier's training. */
    Path report() {
        return out.resolve(tier == ModelTier.CPU ? "report.html" : "report-" + tier.id() + ".html");
    }

    /** The job's JSON, naming the bundle and the tier. */
    Map<String, Object> json(Map<String, Object> outcome) {
        Map<String, Object> json = new LinkedHashMap<>(outcome);
        json.put("model", out.toString());
        json.put("tier", tier.id());
        return json;
    }
}

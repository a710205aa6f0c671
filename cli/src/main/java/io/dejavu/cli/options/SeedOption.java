package io.dejavu.cli.options;

import picocli.CommandLine.Option;

/** {@code --seed S}: the random seed of a training run, so a run can be repeated. */
public final class SeedOption {
    @Option(
            names = "--seed",
            paramLabel = "S",
            defaultValue = "1",
            description = "Random seed of the training (default: ${DEFAULT-VALUE}).")
    long seed;

    public long seed() {
        return seed;
    }
}

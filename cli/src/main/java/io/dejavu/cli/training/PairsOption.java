package io.dejavu.cli.training;

import io.dejavu.training.footage.PairMaker;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/** {@code --pairs}: where (original, decoded) pairs come from; shared by train, train-generic and evaluate. */
final class PairsOption {
    @Option(
            names = "--pairs",
            paramLabel = "SOURCE",
            description = "Where the decoded frames come from: ffmpeg (offline round trip with fixed, load-independent"
                    + " encoder settings) or, through ./dejavu, call (a real libwebrtc loopback call, what a callee"
                    + " decodes; takes as long as the footage) (default: ${DEFAULT-VALUE}).",
            defaultValue = TrainingCli.FFMPEG_PAIRS)
    String source;

    /** The pair maker the launcher's root command offers under this name. */
    PairMaker maker(CommandSpec spec) {
        return ((TrainingCli) spec.root().userObject()).pairMaker(source);
    }
}

package io.dejavu.cli.training;

import io.dejavu.training.TrainingException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The clips of {@code --video} split by {@code --hold-out} names (a file name or a path) into the
 * people a job trains on and the people it never sees.
 */
record HeldOutClips(List<Path> train, List<Path> heldOut) {
    HeldOutClips {
        train = List.copyOf(train);
        heldOut = List.copyOf(heldOut);
    }

    /**
     * @throws TrainingException when a name matches no clip, or every clip is held out
     */
    static HeldOutClips split(List<Path> videos, List<String> holdOut) {
        List<Path> train = new ArrayList<>();
        List<Path> held = new ArrayList<>();
        List<String> unmatched = new ArrayList<>(holdOut);
        for (Path p : CommonOptions.expandVideos(videos)) {
            boolean out = holdOut.stream()
                    .anyMatch(h -> p.getFileName().toString().equals(h)
                            || p.toString().equals(h)
                            || p.getFileName()
                                    .toString()
                                    .equals(Path.of(h).getFileName().toString()));
            (out ? held : train).add(p);
            unmatched.removeIf(h ->
                    p.getFileName().toString().equals(Path.of(h).getFileName().toString()));
        }
        if (!unmatched.isEmpty()) {
            throw new TrainingException("--hold-out names not among the videos: " + unmatched);
        }
        if (train.isEmpty()) {
            throw new TrainingException("every clip is held out; nothing left to train on");
        }
        return new HeldOutClips(train, held);
    }
}

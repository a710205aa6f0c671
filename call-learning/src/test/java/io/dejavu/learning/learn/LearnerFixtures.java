package io.dejavu.learning.learn;

import io.dejavu.call.VideoCodec;
import io.dejavu.learning.footage.KeptCall;
import io.dejavu.protocol.video.FrameSize;
import io.dejavu.testing.SampleFootage;
import io.dejavu.training.TestModels;
import io.dejavu.training.train.DeviceChoice;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/** Kept calls made straight from a sample clip, and tiny budgets, for the learner's tests. */
final class LearnerFixtures {
    static final FrameSize SIZE = new FrameSize(160, 120);

    private LearnerFixtures() {}

    /** A kept call of the sample clip at a low bitrate, so that the codec leaves something to learn. */
    static KeptCall keptCall(String id, Instant started) {
        Path clip = SampleFootage.require(SampleFootage.ONE_MAN);
        try {
            return new KeptCall(id, started, clip, SIZE, 100, 4.0, VideoCodec.VP8, 40, Files.size(clip));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** An identity enhancer bundle: the current and the generic model a first run starts from. */
    static Path identityModel(Path dir) throws IOException {
        return TestModels.bundle(dir, "_generic", Map.of("gain_db", 0.0));
    }

    /** One CPU thread, small patches, {@code steps} steps at {@code rate}; 100 frames per call. */
    static LearnerBudget budget(int steps, float rate, Duration time) {
        return new LearnerBudget(
                DeviceChoice.CPU, 1, time, steps, 100, 3, 0.25, 12, 32, 8, rate, 1L, LearnerBudget.GpuTier.ON_GPU);
    }
}

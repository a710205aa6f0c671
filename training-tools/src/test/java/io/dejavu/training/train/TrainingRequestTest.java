package io.dejavu.training.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.dejavu.protocol.video.FrameSize;
import io.dejavu.training.TrainingException;
import io.dejavu.training.footage.Codec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TrainingRequestTest {
    private static final EnhancerTrainingOptions OPTIONS = EnhancerTrainingOptions.defaults(Duration.ofMinutes(1), 1);

    private static TrainingRequest request(String caller, List<Path> videos, int kbps, int maxFrames, double fraction) {
        return new TrainingRequest(
                caller,
                videos,
                List.of(),
                Path.of("out"),
                Optional.empty(),
                Optional.empty(),
                Codec.VP8,
                kbps,
                Optional.empty(),
                maxFrames,
                fraction,
                32,
                OPTIONS,
                Duration.ofSeconds(10));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            textBlock =
                    """
            alice | 9     | 100 | 0.25 | bitrate must be 10..50000 kbps, got 9
            alice | 50001 | 100 | 0.25 | bitrate must be 10..50000 kbps, got 50001
            alice | 50    | 100 | 0    | validation fraction must be in (0, 0.9), got 0.0
            alice | 50    | 100 | 0.9  | validation fraction must be in (0, 0.9), got 0.9
            alice | 50    | 100 | NaN  | validation fraction must be in (0, 0.9), got NaN
            alice | 50    | 9   | 0.25 | max frames per clip must be at least 10, got 9
            '   ' | 50    | 100 | 0.25 | caller must not be blank
            """)
    void badValuesAreRefusedNamingTheValue(String caller, int kbps, int maxFrames, double fraction, String message) {
        TrainingException e = assertThrows(
                TrainingException.class, () -> request(caller, List.of(Path.of("a.mp4")), kbps, maxFrames, fraction));
        assertEquals(message, e.getMessage());
    }

    @Test
    void noFootageSaysWhichOptionGivesIt() {
        TrainingException e = assertThrows(TrainingException.class, () -> request("alice", List.of(), 50, 100, 0.25));
        assertEquals("no footage given; pass at least one --video FILE", e.getMessage());
        assertThrows(TrainingException.class, () -> request(null, List.of(Path.of("a.mp4")), 50, 100, 0.25));
    }

    @Test
    void theClipListIsCopiedSoALaterChangeDoesNotAlterTheJob() {
        List<Path> videos = new ArrayList<>(List.of(Path.of("a.mp4")));
        TrainingRequest r = request("alice", videos, 50, 100, 0.25);
        videos.add(Path.of("b.mp4"));
        assertEquals(List.of(Path.of("a.mp4")), r.videos());
    }

    @Test
    void aPersonalModelFineTunesTheGenericOneAtHalfTheRateAndComparesWithIt() {
        Path generic = Path.of("models/generic");
        TrainingRequest r = TrainingRequest.personal(
                "alice",
                List.of(Path.of("a.mp4")),
                Path.of("out"),
                Optional.of(generic),
                Codec.H264,
                80,
                Optional.of(new FrameSize(256, 256)),
                Duration.ofMinutes(5),
                7L);
        assertEquals(Optional.of(generic), r.base());
        assertEquals(Optional.of(generic), r.generic());
        assertEquals(List.of(), r.holdOut());
        assertEquals(5e-4f, r.enhancer().learningRate());
        assertEquals(Duration.ofMinutes(5), r.enhancer().maxTime());
        assertEquals(7L, r.enhancer().seed());
        assertEquals(0.25, r.validationFraction());
        assertEquals(1500, r.maxFramesPerClip());
        assertEquals(32, r.scorerPatchSize());

        TrainingRequest scratch = TrainingRequest.personal(
                "bob",
                List.of(Path.of("b.mp4")),
                Path.of("out"),
                Optional.empty(),
                Codec.VP8,
                50,
                Optional.empty(),
                Duration.ofMinutes(5),
                7L);
        assertEquals(Optional.empty(), scratch.base());
        assertEquals(
                EnhancerTrainingOptions.defaults(Duration.ofMinutes(5), 7L).learningRate(),
                scratch.enhancer().learningRate(),
                "from scratch keeps the default rate");
    }
}

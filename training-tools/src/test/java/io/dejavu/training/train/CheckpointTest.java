package io.dejavu.training.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dejavu.enhancer.onnx.EdsrWeights;
import io.dejavu.testing.SampleFootage;
import io.dejavu.training.TrainingException;
import io.dejavu.training.model.OnnxGraphs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CheckpointTest {
    private static Checkpoint checkpoint(int step, double bestGainDb) {
        return new Checkpoint(
                "alice vp8 50 kbps seed 1",
                OnnxGraphs.fromShared(EdsrWeights.random(4, 1, 3L)),
                step,
                12.5,
                2.5e-4f,
                bestGainDb,
                2,
                0.0123,
                1,
                3,
                List.of(new CurvePoint(0, 0, 0.5, Double.NaN), new CurvePoint(step, 12.5, 0.0123, 0.31)));
    }

    @Test
    void savedCheckpointLoadsBackWithItsCountersCurveAndWeights() throws Exception {
        Path dir = Checkpoint.dirFor(SampleFootage.tempDir("cp").resolve("model"));
        Checkpoint saved = checkpoint(40, Double.NaN); // no validation yet: NaN survives as null
        saved.save(dir);

        Checkpoint back = Checkpoint.load(dir).orElseThrow();
        assertEquals(saved.job(), back.job());
        assertEquals(40, back.step());
        assertEquals(12.5, back.seconds());
        assertEquals(2.5e-4f, back.learningRate());
        assertTrue(Double.isNaN(back.bestGainDb()));
        assertEquals(2, back.stale());
        assertEquals(0.0123, back.smoothLoss());
        assertEquals(1, back.retried());
        assertEquals(3, back.skipped());
        assertEquals(2, back.curve().size());
        assertTrue(Double.isNaN(back.curve().get(0).validationGainDb()));
        assertEquals(saved.curve().get(1), back.curve().get(1));
        assertEquals(saved.weights().architecture(), back.weights().architecture());
        for (int i = 0; i < saved.weights().convs().size(); i++) {
            assertArrayEquals(
                    saved.weights().convs().get(i).weight(),
                    back.weights().convs().get(i).weight(),
                    0f);
            assertArrayEquals(
                    saved.weights().convs().get(i).bias(),
                    back.weights().convs().get(i).bias(),
                    0f);
        }
    }

    @Test
    void theCheckpointDirectoryIsBesideTheModelNeverInsideIt() {
        Path out = Path.of("runs", "alice");
        Path dir = Checkpoint.dirFor(out);
        assertEquals("alice.checkpoint", dir.getFileName().toString());
        assertEquals(out.toAbsolutePath().getParent(), dir.getParent());
    }

    @Test
    void aSaveReplacesTheLastOneAndASaveCutShortLeavesTheOldOneToLoad() throws Exception {
        Path dir = Checkpoint.dirFor(SampleFootage.tempDir("cp").resolve("model"));
        checkpoint(10, 0.1).save(dir);
        checkpoint(20, 0.2).save(dir);
        assertEquals(20, Checkpoint.load(dir).orElseThrow().step());
        assertFalse(Files.exists(dir.resolveSibling(dir.getFileName() + ".old")), "the replaced one is removed");

        // a save that died after moving the last checkpoint aside and before putting the new one in place
        Files.move(dir, dir.resolveSibling(dir.getFileName() + ".old"));
        assertEquals(20, Checkpoint.load(dir).orElseThrow().step());

        Checkpoint.remove(dir);
        assertEquals(Optional.empty(), Checkpoint.load(dir));
    }

    @Test
    void anUnreadableCheckpointSaysHowToStartAgain() throws Exception {
        Path dir = Checkpoint.dirFor(SampleFootage.tempDir("cp").resolve("model"));
        checkpoint(5, 0.0).save(dir);
        Files.writeString(dir.resolve(Checkpoint.WEIGHTS), "not onnx");
        TrainingException e = assertThrows(TrainingException.class, () -> Checkpoint.load(dir));
        assertTrue(e.getMessage().endsWith("remove it to start again"), e.getMessage());
    }
}

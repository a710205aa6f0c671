package io.dejavu.scorer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dejavu.enhancer.PatchGrid;
import io.dejavu.protocol.video.I420Frame;
import org.junit.jupiter.api.Test;

class EdgeEnergyScorerTest {

    @Test
    void flatPatchScoresZeroAndStripesScoreHalfTheStep() {
        I420Frame frame = I420Frame.blank(64, 32);
        // right patch: vertical stripes 0/255, every horizontal step is 255, vertical steps 0
        for (int r = 0; r < 32; r++) {
            for (int c = 32; c < 64; c++) {
                frame.y()[r * 64 + c] = (byte) (c % 2 == 0 ? 0 : 255);
            }
        }
        float[] scores = new float[2];
        new EdgeEnergyScorer().score(frame, new PatchGrid(64, 32, 32, 0), scores);
        assertEquals(0f, scores[0]);
        assertEquals(127.5f, scores[1], 1e-4f);
    }

    @Test
    void texturedPatchOutranksSmoothGradient() {
        I420Frame frame = I420Frame.blank(64, 32);
        java.util.Random r = new java.util.Random(1);
        for (int row = 0; row < 32; row++) {
            for (int c = 0; c < 32; c++) {
                frame.y()[row * 64 + c] = (byte) (c * 4);
                frame.y()[row * 64 + 32 + c] = (byte) (100 + r.nextInt(40));
            }
        }
        float[] scores = new float[2];
        new EdgeEnergyScorer().score(frame, new PatchGrid(64, 32, 32, 0), scores);
        assertTrue(scores[1] > scores[0], scores[1] + " > " + scores[0]);
    }

    @Test
    void totalVariationIsTheMeanNeighbourStepOfAWindow() {
        // 4-wide plane, window 2x2 at (1, 1): 10 20 / 40 70
        byte[] y = {
            0, 0, 0, 0,
            0, 10, 20, 0,
            0, 40, 70, 0
        };
        // horizontal |20-10| + |70-40| = 40, vertical |40-10| + |70-20| = 80, over 2*2*1 = 4 steps
        assertEquals(30f, EdgeEnergyScorer.totalVariation(y, 4, 1, 1, 2));
        assertEquals(0f, EdgeEnergyScorer.totalVariation(new byte[16], 4, 0, 0, 4));
    }

    @Test
    void scoresAreTheTotalVariationOfEachPatchOfTheGrid() {
        I420Frame frame = io.dejavu.testing.TestFrames.textured(80, 48, 5);
        PatchGrid grid = new PatchGrid(80, 48, 32, 4); // the last column and row overlap their neighbours
        float[] scores = new float[grid.count()];
        new EdgeEnergyScorer().score(frame, grid, scores);
        for (int i = 0; i < grid.count(); i++) {
            assertEquals(EdgeEnergyScorer.totalVariation(frame.y(), 80, grid.patchX(i), grid.patchY(i), 32), scores[i]);
        }
    }
}

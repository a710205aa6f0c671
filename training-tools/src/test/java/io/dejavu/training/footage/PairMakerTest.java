package io.dejavu.training.footage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dejavu.protocol.quality.Quality;
import io.dejavu.testing.SampleFootage;
import io.dejavu.training.TestClips;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PairMakerTest {
    @Test
    void ffmpegPairsEachOriginalWithItsOwnDecodedFrameInTimeOrder() throws Exception {
        Footage f = FootageReader.read(
                TestClips.write(SampleFootage.tempDir("pairs").resolve("c.mkv"), 64, 48, 10, 12), Optional.empty(), 12);
        PairMaker.Pairs p = PairMaker.FFMPEG.make(f, Codec.VP8, 200);
        assertEquals(12, p.pairs().frames());
        assertEquals(f.size(), p.pairs().size());
        assertTrue(p.encoder().contains("libvpx"), p.encoder());
        assertTrue(p.kbps() > 0, "kbps " + p.kbps());
        for (int t = 0; t < 12; t++) {
            assertArrayEquals(TestClips.luma(64, 48, t), p.pairs().original().get(t), "original " + t);
            // the pattern moves 2 pixels a frame: a frame's decoded picture is closest to its own original
            double own = Quality.psnr(
                    p.pairs().original().get(t), p.pairs().decoded().get(t));
            int other = t == 0 ? 1 : t - 1;
            double neighbour = Quality.psnr(
                    p.pairs().original().get(other), p.pairs().decoded().get(t));
            assertTrue(own > neighbour + 3, "frame " + t + ": " + own + " dB vs its neighbour's " + neighbour);
        }
    }

    @Test
    void theOfflineRoundTripRunsAClipPerCoreAndOtherMakersOneUnlessTheySayMore() {
        assertEquals(16, PairMaker.FFMPEG.parallelism(16));
        assertEquals(2, PairMaker.FFMPEG.parallelism(2));
        PairMaker call = (footage, codec, kbps) -> PairMaker.FFMPEG.make(footage, codec, kbps);
        assertEquals(
                1, call.parallelism(16), "a maker that plays calls in real time runs one clip at a time by default");
        call.close(); // nothing to release by default
    }
}

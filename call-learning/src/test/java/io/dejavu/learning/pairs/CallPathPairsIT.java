package io.dejavu.learning.pairs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dejavu.call.FrameReference;
import io.dejavu.protocol.quality.Quality;
import io.dejavu.protocol.video.FrameSize;
import io.dejavu.testing.SampleFootage;
import io.dejavu.training.footage.Codec;
import io.dejavu.training.footage.Footage;
import io.dejavu.training.footage.FootageReader;
import io.dejavu.training.footage.PairMaker;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Training pairs through a real libwebrtc loopback call: each decoded frame must be paired with the
 * frame that was sent (so the pair is close, but not equal, in the picture) and the tap's strip must
 * be identical on both sides so that it teaches the model nothing.
 */
class CallPathPairsIT {
    @Test
    void pairsEveryReceivedFrameWithTheFrameThatWasSent() {
        FrameSize size = new FrameSize(128, 128);
        Footage footage = FootageReader.read(SampleFootage.require(SampleFootage.ONE_MAN), Optional.of(size), 60);
        StringWriter log = new StringWriter();

        PairMaker.Pairs made;
        try (CallPathPairs pairs = new CallPathPairs(new PrintWriter(log, true))) {
            made = pairs.make(footage, Codec.VP8, 100);
        }

        int n = made.pairs().frames();
        assertTrue(n >= 40 && n <= 60, () -> n + " pairs from 60 frames; log:\n" + log);
        assertTrue(made.encoder().contains("libwebrtc vp8"), made.encoder());
        int strip = FrameReference.markedRows(size.height()) * size.width();
        for (int i = 0; i < n; i++) {
            byte[] original = made.pairs().original().get(i);
            byte[] decoded = made.pairs().decoded().get(i);
            assertArrayEquals(Arrays.copyOf(original, strip), Arrays.copyOf(decoded, strip), "tap strip of pair " + i);
            double psnr = Quality.psnr(
                    Arrays.copyOfRange(original, strip, original.length),
                    Arrays.copyOfRange(decoded, strip, decoded.length));
            // A wrongly paired frame (another moment of the clip) would fall well below this.
            assertTrue(psnr > 24 && psnr < 60, "PSNR-Y of pair " + i + " is " + psnr);
        }
        assertEquals(size, made.pairs().size());
    }

    private static double picturePsnr(byte[] a, byte[] b, int skip) {
        return Quality.psnr(Arrays.copyOfRange(a, skip, a.length), Arrays.copyOfRange(b, skip, b.length));
    }
}

package io.dejavu.call;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.dejavu.call.internal.FrameMarker;
import io.dejavu.call.internal.SyntheticFrameSource;
import io.dejavu.protocol.video.FrameSize;
import io.dejavu.protocol.video.I420Frame;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FrameMarkerTest {
    @ParameterizedTest
    @CsvSource(
            textBlock =
                    """
            640, 360, 0
            640, 360, 65535
            256, 256, 1234
            1280, 720, 40000
            96, 64, 7
            """)
    void indexSurvivesARoundTrip(int width, int height, int index) {
        I420Frame frame = SyntheticFrameSource.render(new FrameSize(width, height), 5);
        FrameMarker.mark(frame, index);
        assertEquals(index, FrameMarker.read(frame.y(), width, height));
    }

    @ParameterizedTest
    @CsvSource(textBlock = """
            640, 360, 12
            256, 256, 20
            """)
    void indexSurvivesCodingNoise(int width, int height, int noise) {
        I420Frame frame = SyntheticFrameSource.render(new FrameSize(width, height), 1);
        FrameMarker.mark(frame, 4321);
        Random random = new Random(1);
        byte[] y = frame.y();
        for (int i = 0; i < y.length; i++) {
            int v = (y[i] & 0xFF) + random.nextInt(2 * noise + 1) - noise;
            y[i] = (byte) Math.max(0, Math.min(255, v));
        }
        assertEquals(4321, FrameMarker.read(y, width, height));
    }

    @org.junit.jupiter.api.Test
    void unmarkedOrCorruptedStripReadsAsUnknown() {
        I420Frame frame = SyntheticFrameSource.render(new FrameSize(640, 360), 3);
        assertEquals(-1, FrameMarker.read(frame.y(), 640, 360));
        FrameMarker.mark(frame, 999);
        // Flip one cell: the CRC must reject the word instead of pairing the wrong frame.
        for (int row = 0; row < 16; row++) {
            for (int col = 0; col < 16; col++) {
                int i = row * 640 + 16 * 3 + col;
                frame.y()[i] = (byte) (255 - (frame.y()[i] & 0xFF));
            }
        }
        assertEquals(-1, FrameMarker.read(frame.y(), 640, 360));
    }

    @ParameterizedTest
    @CsvSource(
            textBlock =
                    """
            5, -1, 5
            10, 9, 10
            2, 65534, 65538
            65535, 65537, 65535
            """)
    void indicesKeepCountingPastSixteenBits(int code, long previous, long expected) {
        assertEquals(expected, FrameMarker.unwrap(code, previous));
    }
}

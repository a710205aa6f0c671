package io.dejavu.training.footage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dejavu.protocol.quality.Quality;
import io.dejavu.protocol.video.FrameSize;
import io.dejavu.testing.SampleFootage;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class CodecRoundTripTest {
    private static Footage footage;

    @BeforeAll
    static void readClip() {
        footage = FootageReader.read(
                SampleFootage.require(SampleFootage.ONE_MAN), Optional.of(new FrameSize(128, 96)), 50);
    }

    @Test
    void readsYuvFramesAtTheRequestedSize() {
        assertEquals(50, footage.frames().size());
        assertEquals(new FrameSize(128, 96), footage.size());
        assertEquals(25.0, footage.fps(), 0.01);
        assertEquals(128 * 96, footage.frames().get(0).y().length);
    }

    @ParameterizedTest
    @EnumSource(Codec.class)
    void thisFfmpegBuildHasTheCallEncoders(Codec codec) {
        CodecRoundTrip.requireAvailable(codec);
    }

    @ParameterizedTest
    @EnumSource(Codec.class)
    void lowBitrateRoundTripDegradesButKeepsTheFrames(Codec codec) {
        CodecRoundTrip.Result r = CodecRoundTrip.run(footage, codec, 50);
        assertEquals(footage.frames().size(), r.decodedY().size());
        double psnr = 0;
        for (int i = 0; i < r.decodedY().size(); i++) {
            psnr += Quality.psnr(footage.frames().get(i).y(), r.decodedY().get(i));
        }
        psnr /= r.decodedY().size();
        assertTrue(psnr > 25 && psnr < 50, "PSNR-Y " + psnr);
        assertTrue(r.actualKbps() > 10 && r.actualKbps() < 150, "kbps " + r.actualKbps());
        assertTrue(r.encoderDescription().contains(codec.encoder()), r.encoderDescription());
    }

    @Test
    void vp8PairsAreReproducibleBecauseTheEncoderSpeedIsFixed() {
        CodecRoundTrip.Result a = CodecRoundTrip.run(footage, Codec.VP8, 50);
        CodecRoundTrip.Result b = CodecRoundTrip.run(footage, Codec.VP8, 50);
        assertTrue(a.encoderDescription().contains("cpu-used=-8"), a.encoderDescription());
        for (int i = 0; i < a.decodedY().size(); i++) {
            assertArrayEquals(a.decodedY().get(i), b.decodedY().get(i), "frame " + i);
        }
    }
}

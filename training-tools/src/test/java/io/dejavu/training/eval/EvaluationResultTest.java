package io.dejavu.training.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.dejavu.training.TrainingException;
import io.dejavu.training.footage.Codec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EvaluationResultTest {
    @Test
    void jsonRoundsToThreeDecimalsAndCountsTheFramesThatGotWorse() {
        List<Double> gains = new ArrayList<>(List.of(0.5, -0.25, 0.0, -0.01));
        EvaluationResult r =
                new EvaluationResult(4, 48.12345, 30.0004, 30.4567, 0.912345678, 0.923456789, 0.25, 3.14159, gains);
        gains.clear(); // the record keeps its own copy
        Map<String, Object> json = r.toJson();
        assertEquals(4, json.get("frames"));
        assertEquals(48.123, json.get("bitrate_kbps"));
        assertEquals(30.0, json.get("psnr_decoded"));
        assertEquals(30.457, json.get("psnr_enhanced"));
        assertEquals(0.456, json.get("gain_db"));
        assertEquals(0.91235, json.get("ssim_decoded"));
        assertEquals(0.92346, json.get("ssim_enhanced"));
        assertEquals(0.25, json.get("k"));
        assertEquals(3.142, json.get("ms_per_frame"));
        assertEquals(2L, json.get("frames_worse"));
        assertEquals(4, r.perFrameGainDb().size());
        assertEquals(
                List.of(
                        "frames",
                        "bitrate_kbps",
                        "psnr_decoded",
                        "psnr_enhanced",
                        "gain_db",
                        "ssim_decoded",
                        "ssim_enhanced",
                        "k",
                        "ms_per_frame",
                        "frames_worse"),
                List.copyOf(json.keySet()));
    }

    @Test
    void requestRefusesAShareOutsideZeroToOneAndNonPositiveCounts() {
        Path p = Path.of("m");
        assertEquals(
                "--k must be in (0, 1] (1 = full frame), got 0.0",
                assertThrows(TrainingException.class, () -> request(p, 0, 10, 1))
                        .getMessage());
        assertThrows(TrainingException.class, () -> request(p, 1.01, 10, 1));
        assertThrows(TrainingException.class, () -> request(p, 0.5, 0, 1));
        assertThrows(TrainingException.class, () -> request(p, 0.5, 10, 0));
        assertEquals(1.0, request(p, 1, 1, 1).k());
    }

    private static EvaluationRequest request(Path model, double k, int frames, int threads) {
        return new EvaluationRequest(
                model,
                model,
                Optional.of(Codec.VP8),
                Optional.empty(),
                Optional.empty(),
                k,
                frames,
                threads,
                false,
                io.dejavu.protocol.model.ModelTier.CPU);
    }
}

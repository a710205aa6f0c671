package io.dejavu.protocol.quality;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class QualityTest {
    @Test
    void psnrOfConstantErrorMatchesFormula() {
        byte[] a = new byte[64 * 64];
        byte[] b = new byte[64 * 64];
        for (int i = 0; i < a.length; i++) {
            a[i] = (byte) 100;
            b[i] = (byte) 104; // error 4 everywhere: MSE 16
        }
        assertEquals(16.0, Quality.mse(a, b), 1e-12);
        assertEquals(10 * Math.log10(255.0 * 255.0 / 16.0), Quality.psnr(a, b), 1e-9);
    }

    @Test
    void identicalPlanesGiveCappedPsnrAndUnitSsim() {
        byte[] a = new byte[32 * 32];
        new Random(1).nextBytes(a);
        assertEquals(Quality.MAX_PSNR, Quality.psnr(a, a.clone()));
        assertEquals(1.0, Quality.ssim(a, a.clone(), 32), 1e-9);
    }

    @Test
    void noiseLowersSsim() {
        byte[] a = new byte[64 * 64];
        for (int i = 0; i < a.length; i++) {
            a[i] = (byte) ((i % 64) * 3);
        }
        byte[] b = a.clone();
        Random r = new Random(2);
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) Math.max(0, Math.min(255, (b[i] & 0xFF) + r.nextInt(41) - 20));
        }
        double s = Quality.ssim(a, b, 64);
        assertTrue(s < 0.95 && s > 0.0, "ssim " + s);
    }

    @Test
    void rejectsPlanesOfDifferentSize() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> Quality.mse(new byte[4], new byte[5]));
        assertTrue(e.getMessage().contains("4 vs 5"));
    }
}

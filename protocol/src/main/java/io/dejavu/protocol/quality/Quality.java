package io.dejavu.protocol.quality;

/**
 * Full-reference quality of a luminance plane against its original: MSE, PSNR-Y and SSIM-Y, the
 * numbers Dejavu reports everywhere (call taps, evaluation, training validation).
 *
 * <p>PSNR is computed on 8-bit samples with peak 255. Identical planes give {@link #MAX_PSNR} so
 * averages stay finite.
 */
public final class Quality {
    /** PSNR reported for identical planes (MSE 0), chosen so means stay finite. */
    public static final double MAX_PSNR = 100.0;

    private static final double C1 = (0.01 * 255) * (0.01 * 255);
    private static final double C2 = (0.03 * 255) * (0.03 * 255);

    private Quality() {}

    /** Mean squared error of two equally long 8-bit planes. */
    public static double mse(byte[] reference, byte[] distorted) {
        requireSameLength(reference, distorted);
        long sum = 0;
        for (int i = 0; i < reference.length; i++) {
            int d = (reference[i] & 0xFF) - (distorted[i] & 0xFF);
            sum += (long) d * d;
        }
        return (double) sum / reference.length;
    }

    /** PSNR in dB for a given MSE of 8-bit samples. */
    public static double psnrFromMse(double mse) {
        if (mse <= 0) {
            return MAX_PSNR;
        }
        return Math.min(MAX_PSNR, 10 * Math.log10(255.0 * 255.0 / mse));
    }

    /** PSNR-Y in dB of a distorted plane against its reference. */
    public static double psnr(byte[] reference, byte[] distorted) {
        return psnrFromMse(mse(reference, distorted));
    }

    /**
     * Mean SSIM over 8x8 windows with stride 4 (the common fast variant of Wang et al. 2004), on
     * planes of the given width.
     */
    public static double ssim(byte[] reference, byte[] distorted, int width) {
        requireSameLength(reference, distorted);
        if (width <= 0 || reference.length % width != 0) {
            throw new IllegalArgumentException(
                    "plane of " + reference.length + " bytes is not a multiple of width " + width);
        }
        int height = reference.length / width;
        final int win = 8;
        final int step = 4;
        if (width < win || height < win) {
            return psnr(reference, distorted) >= MAX_PSNR ? 1.0 : 0.0;
        }
        double total = 0;
        int windows = 0;
        for (int y0 = 0; y0 + win <= height; y0 += step) {
            for (int x0 = 0; x0 + win <= width; x0 += step) {
                double sa = 0, sb = 0, saa = 0, sbb = 0, sab = 0;
                for (int y = y0; y < y0 + win; y++) {
                    int row = y * width;
                    for (int x = x0; x < x0 + win; x++) {
                        int a = reference[row + x] & 0xFF;
                        int b = distorted[row + x] & 0xFF;
                        sa += a;
                        sb += b;
                        saa += a * a;
                        sbb += b * b;
                        sab += a * b;
                    }
                }
                double n = win * win;
                double ma = sa / n, mb = sb / n;
                double va = saa / n - ma * ma, vb = sbb / n - mb * mb, cov = sab / n - ma * mb;
                total += ((2 * ma * mb + C1) * (2 * cov + C2)) / ((ma * ma + mb * mb + C1) * (va + vb + C2));
                windows++;
            }
        }
        return total / windows;
    }

    private static void requireSameLength(byte[] a, byte[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("planes differ in size: " + a.length + " vs " + b.length + " bytes");
        }
        if (a.length == 0) {
            throw new IllegalArgumentException("planes are empty");
        }
    }
}

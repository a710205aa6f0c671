package io.dejavu.cli.demo;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Bjontegaard delta rate (BD-rate): the average bitrate difference between two rate-quality curves
 * at equal quality. Each curve's log10 bitrate is modelled as a function of PSNR, both models are
 * integrated over the PSNR range the two curves share, and the mean log-rate difference is turned
 * back into a percentage. Negative means the test curve needs fewer bits for the same PSNR.
 *
 * <p>With four or more points per curve the model is the classic least-squares cubic (VCEG-M33).
 * A cubic has four coefficients, so with two or three points the model is piecewise-linear
 * interpolation of log-rate between the measured points instead; {@link Result#fit()} says which
 * one was used.
 *
 * <p>Hand-written because no maintained Java library computes it (the reference implementations
 * are MATLAB/Python scripts); it is small and the unit tests check it against curves with a known
 * answer.
 *
 * <pre>{@code
 * List<BdRate.Point> plain = List.of(new BdRate.Point(40, 35.1), new BdRate.Point(60, 36.9), new BdRate.Point(100, 38.8));
 * List<BdRate.Point> enhanced = List.of(new BdRate.Point(40, 35.6), new BdRate.Point(60, 37.3), new BdRate.Point(100, 39.1));
 * BdRate.compute(plain, enhanced).ifPresent(r -> System.out.println(r.ratePercent())); // e.g. -17.2
 * }</pre>
 */
public final class BdRate {
    private BdRate() {}

    /** One measured operating point: bitrate in kbps and PSNR in dB. */
    public record Point(double kbps, double psnrDb) {
        public Point {
            if (!(kbps > 0) || Double.isInfinite(kbps)) {
                throw new IllegalArgumentException("bitrate must be a positive number of kbps, got " + kbps);
            }
            if (!Double.isFinite(psnrDb)) {
                throw new IllegalArgumentException("PSNR must be a finite number of dB, got " + psnrDb);
            }
        }
    }

    /** How each curve's log-rate was modelled between the points. */
    public enum Fit {
        CUBIC,
        PIECEWISE_LINEAR
    }

    /**
     * @param ratePercent mean bitrate difference of the test curve at equal PSNR; negative saves bits
     * @param fromDb lower end of the shared PSNR range integrated over
     * @param toDb upper end of that range
     */
    public record Result(double ratePercent, double fromDb, double toDb, Fit fit) {
        public String describe() {
            return String.format(
                    Locale.ROOT,
                    "%+.1f %% bitrate at equal PSNR-Y (over %.2f..%.2f dB, %s)",
                    ratePercent,
                    fromDb,
                    toDb,
                    fit == Fit.CUBIC ? "cubic fit" : "piecewise-linear");
        }
    }

    /**
     * BD-rate of {@code test} against {@code reference}; empty when the curves share no PSNR range
     * (the comparison would be an extrapolation).
     *
     * @throws IllegalArgumentException if a curve has fewer than two points
     */
    public static Optional<Result> compute(List<Point> reference, List<Point> test) {
        if (reference.size() < 2 || test.size() < 2) {
            throw new IllegalArgumentException(
                    "BD-rate needs at least 2 points per curve, got " + reference.size() + " and " + test.size());
        }
        Fit fit = reference.size() >= 4 && test.size() >= 4 ? Fit.CUBIC : Fit.PIECEWISE_LINEAR;
        double lo = Math.max(minPsnr(reference), minPsnr(test));
        double hi = Math.min(maxPsnr(reference), maxPsnr(test));
        if (!(hi > lo)) {
            return Optional.empty();
        }
        double ref = integral(reference, fit, lo, hi);
        double tst = integral(test, fit, lo, hi);
        double meanLogDiff = (tst - ref) / (hi - lo);
        return Optional.of(new Result((Math.pow(10, meanLogDiff) - 1) * 100, lo, hi, fit));
    }

    private static double integral(List<Point> curve, Fit fit, double lo, double hi) {
        return fit == Fit.CUBIC ? cubicIntegral(curve, lo, hi) : piecewiseIntegral(curve, lo, hi);
    }

    /** Least-squares cubic of log10(rate) in PSNR, centred on the mean PSNR for conditioning. */
    private static double cubicIntegral(List<Point> curve, double lo, double hi) {
        double centre = curve.stream().mapToDouble(Point::psnrDb).average().orElseThrow();
        double[][] normal = new double[4][5];
        for (Point p : curve) {
            double x = p.psnrDb() - centre;
            double y = Math.log10(p.kbps());
            double[] powers = {1, x, x * x, x * x * x};
            for (int r = 0; r < 4; r++) {
                for (int c = 0; c < 4; c++) {
                    normal[r][c] += powers[r] * powers[c];
                }
                normal[r][4] += powers[r] * y;
            }
        }
        double[] coef = solve(normal);
        return antiderivative(coef, hi - centre) - antiderivative(coef, lo - centre);
    }

    private static double antiderivative(double[] coef, double x) {
        double sum = 0;
        double power = x;
        for (int i = 0; i < coef.length; i++) {
            sum += coef[i] * power / (i + 1);
            power *= x;
        }
        return sum;
    }

    /** Gaussian elimination with partial pivoting on an augmented n x (n+1) matrix. */
    private static double[] solve(double[][] a) {
        int n = a.length;
        for (int col = 0; col < n; col++) {
            int pivot = col;
            for (int r = col + 1; r < n; r++) {
                if (Math.abs(a[r][col]) > Math.abs(a[pivot][col])) {
                    pivot = r;
                }
            }
            if (Math.abs(a[pivot][col]) < 1e-12) {
                throw new IllegalArgumentException("cannot fit a cubic: the points' PSNR values are not distinct");
            }
            double[] t = a[col];
            a[col] = a[pivot];
            a[pivot] = t;
            for (int r = col + 1; r < n; r++) {
                double f = a[r][col] / a[col][col];
                for (int c = col; c <= n; c++) {
                    a[r][c] -= f * a[col][c];
                }
            }
        }
        double[] x = new double[n];
        for (int r = n - 1; r >= 0; r--) {
            double s = a[r][n];
            for (int c = r + 1; c < n; c++) {
                s -= a[r][c] * x[c];
            }
            x[r] = s / a[r][r];
        }
        return x;
    }

    /** Exact integral of the polyline through (PSNR, log10 rate), points sorted by PSNR. */
    private static double piecewiseIntegral(List<Point> curve, double lo, double hi) {
        List<Point> sorted = new ArrayList<>(curve);
        sorted.sort(Comparator.comparingDouble(Point::psnrDb));
        double sum = 0;
        for (int i = 0; i + 1 < sorted.size(); i++) {
            Point a = sorted.get(i);
            Point b = sorted.get(i + 1);
            double from = Math.max(lo, a.psnrDb());
            double to = Math.min(hi, b.psnrDb());
            if (!(to > from)) {
                continue;
            }
            sum += (to - from) * (logRateAt(a, b, from) + logRateAt(a, b, to)) / 2;
        }
        return sum;
    }

    private static double logRateAt(Point a, Point b, double psnr) {
        double t = (psnr - a.psnrDb()) / (b.psnrDb() - a.psnrDb());
        return Math.log10(a.kbps()) + t * (Math.log10(b.kbps()) - Math.log10(a.kbps()));
    }

    private static double minPsnr(List<Point> curve) {
        return curve.stream().mapToDouble(Point::psnrDb).min().orElseThrow();
    }

    private static double maxPsnr(List<Point> curve) {
        return curve.stream().mapToDouble(Point::psnrDb).max().orElseThrow();
    }
}

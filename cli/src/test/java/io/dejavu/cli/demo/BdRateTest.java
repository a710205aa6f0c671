package io.dejavu.cli.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.DoubleUnaryOperator;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BdRateTest {
    /** A concave rate-PSNR curve, as codecs give: PSNR grows with log-rate, ever more slowly. */
    private static final DoubleUnaryOperator PSNR = r -> 20 + 9 * Math.log10(r) - 0.8 * Math.pow(Math.log10(r), 2);

    private static List<BdRate.Point> curve(double[] rates, double rateFactor, double psnrShift) {
        return IntStream.range(0, rates.length)
                .mapToObj(i -> new BdRate.Point(rates[i] * rateFactor, PSNR.applyAsDouble(rates[i]) + psnrShift))
                .toList();
    }

    @ParameterizedTest
    @CsvSource({
        "0.8, -20, 40;60;100;150, CUBIC",
        "0.8, -20, 40;60;100, PIECEWISE_LINEAR",
        "1.25, 25, 40;60;100;150;250, CUBIC",
        "0.5, -50, 30;90, PIECEWISE_LINEAR"
    })
    void curveNeedingAConstantFactorOfTheRateGivesThatSaving(
            double factor, double expectedPercent, String ratesText, BdRate.Fit fit) {
        double[] rates = java.util.Arrays.stream(ratesText.split(";"))
                .mapToDouble(Double::parseDouble)
                .toArray();

        BdRate.Result r =
                BdRate.compute(curve(rates, 1, 0), curve(rates, factor, 0)).orElseThrow();

        assertEquals(expectedPercent, r.ratePercent(), 1e-6);
        assertEquals(fit, r.fit());
    }

    @Test
    void psnrShiftOnALogLinearCurveSavesTheRateThatShiftIsWorth() {
        // PSNR = 10 + 12 log10(rate): +0.6 dB is worth a factor 10^(0.6/12) of rate
        List<BdRate.Point> plain = List.of(
                new BdRate.Point(40, 10 + 12 * Math.log10(40)),
                new BdRate.Point(60, 10 + 12 * Math.log10(60)),
                new BdRate.Point(100, 10 + 12 * Math.log10(100)),
                new BdRate.Point(150, 10 + 12 * Math.log10(150)));
        List<BdRate.Point> enhanced = plain.stream()
                .map(p -> new BdRate.Point(p.kbps(), p.psnrDb() + 0.6))
                .toList();

        double expected = (Math.pow(10, -0.6 / 12) - 1) * 100;
        assertEquals(expected, BdRate.compute(plain, enhanced).orElseThrow().ratePercent(), 1e-6);
        assertEquals(
                expected,
                BdRate.compute(plain.subList(0, 3), enhanced.subList(0, 3))
                        .orElseThrow()
                        .ratePercent(),
                1e-6);
    }

    @Test
    void sameCurveSavesNothingAndWorseCurveCostsBits() {
        double[] rates = {40, 60, 100};
        assertEquals(
                0,
                BdRate.compute(curve(rates, 1, 0), curve(rates, 1, 0))
                        .orElseThrow()
                        .ratePercent(),
                1e-9);
        assertTrue(BdRate.compute(curve(rates, 1, 0), curve(rates, 1, -0.3))
                        .orElseThrow()
                        .ratePercent()
                > 0);
    }

    @Test
    void curvesSharingNoPsnrRangeGiveNoResult() {
        double[] rates = {40, 60, 100};
        assertTrue(BdRate.compute(curve(rates, 1, 0), curve(rates, 1, 20)).isEmpty());
    }

    @Test
    void rejectsCurvesWithTooFewPoints() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> BdRate.compute(List.of(new BdRate.Point(40, 35)), List.of(new BdRate.Point(40, 36))));
        assertTrue(e.getMessage().contains("at least 2 points"), e.getMessage());
    }

    @Test
    void rejectsNonPositiveBitrate() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new BdRate.Point(0, 35));
        assertTrue(e.getMessage().contains("got 0.0"), e.getMessage());
    }
}

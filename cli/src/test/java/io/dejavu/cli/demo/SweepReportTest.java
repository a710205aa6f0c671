package io.dejavu.cli.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.dejavu.protocol.Json;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The sweep's table and JSON from measured rows (the calls themselves are covered by HeadlessDemoIT). */
class SweepReportTest {
    private static DemoResult call(int cap, double kbps, double plain, double enhanced, double k, String model) {
        return new DemoResult(
                "clip.mp4",
                "vp8",
                cap,
                kbps,
                256,
                256,
                120,
                plain,
                enhanced,
                8.0,
                k,
                90,
                "CPU 2 threads",
                "cpu",
                model,
                30,
                5,
                1.0,
                "",
                25,
                24,
                24.5,
                0,
                10);
    }

    private static SweepRow row(int cap, double plain, double gGeneric, double gPersonal, double gTopK) {
        return new SweepRow(
                cap,
                call(cap, cap * 0.98, plain, plain + gGeneric, 100, "generic v1"),
                call(cap, cap * 1.00, plain + 0.1, plain + 0.1 + gPersonal, 100, "personal v1"),
                call(cap, cap * 1.02, plain - 0.1, plain - 0.1 + gTopK, 25, "personal v1"),
                "/models/alice-" + cap,
                "guard ok");
    }

    private static final List<SweepRow> ROWS =
            List.of(row(100, 39.0, 0.3, 0.5, 0.2), row(40, 35.0, 0.3, 0.5, 0.2), row(60, 37.0, 0.3, 0.5, 0.2));

    @Test
    void variantPsnrIsTheMeanPlainPsnrPlusItsPairedGain() {
        SweepRow r = ROWS.get(0);
        assertEquals(39.0, r.psnrPlain(), 1e-9);
        assertEquals(39.5, r.psnr(SweepRow.Variant.PERSONAL_FULL), 1e-9);
        assertEquals(100.0, r.measuredKbps(), 1e-9);
    }

    @Test
    void tableListsEveryBitrateInOrderWithGainsAndBdRates() {
        String table = new SweepReport(ROWS).table();

        String[] lines = table.split("\\R");
        assertTrue(lines[2].trim().startsWith("40 "), table);
        assertTrue(lines[3].trim().startsWith("60 "), table);
        assertTrue(lines[4].trim().startsWith("100 "), table);
        assertTrue(lines[2].contains("+0.50"), table);
        assertTrue(table.contains("BD-rate personal_full"), table);
        assertTrue(table.contains("piecewise-linear"), table);
    }

    @Test
    void biggerGainSavesMoreBits() {
        SweepReport report = new SweepReport(ROWS);
        double generic = report.bdRate(SweepRow.Variant.GENERIC).orElseThrow().ratePercent();
        double personal =
                report.bdRate(SweepRow.Variant.PERSONAL_FULL).orElseThrow().ratePercent();
        assertTrue(generic < 0, "generic: " + generic);
        assertTrue(personal < generic, personal + " vs " + generic);
    }

    @Test
    void jsonHasOneObjectPerBitrateAndTheBdRates() throws Exception {
        SweepReport report = new SweepReport(ROWS);

        JsonNode rows = Json.mapper().readTree(Json.mapper().writeValueAsString(report.rowsJson()));
        JsonNode bd = Json.mapper().readTree(Json.mapper().writeValueAsString(report.bdRateJson()));

        assertEquals(3, rows.size());
        assertEquals(40, rows.get(0).path("target_kbps").asInt());
        assertEquals(0.5, rows.get(0).path("gain_personal_full_db").asDouble(), 1e-9);
        assertEquals(25, rows.get(0).path("personal_topk").path("k").asDouble() * 100, 1e-9);
        assertEquals("generic v1", rows.get(0).path("generic").path("model").asText());
        assertTrue(
                bd.path("bd_rate_vs_plain")
                                .path("personal_topk")
                                .path("bd_rate_percent")
                                .asDouble()
                        < 0,
                bd::toString);
        assertEquals(
                "piecewise_linear",
                bd.path("bd_rate_vs_plain").path("generic").path("fit").asText());
    }

    @Test
    void oneBitrateHasNoBdRate() {
        SweepReport report = new SweepReport(List.of(ROWS.get(0)));
        assertTrue(report.bdRate(SweepRow.Variant.GENERIC).isEmpty());
        assertTrue(report.table().contains("n/a (needs 2+ bitrates)"));
    }

    @Test
    void rejectsAnEmptySweep() {
        assertThrows(IllegalArgumentException.class, () -> new SweepReport(List.of()));
    }
}

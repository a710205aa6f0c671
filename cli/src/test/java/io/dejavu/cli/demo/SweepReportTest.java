package io.dejavu.cli.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.dejavu.cli.demo.SweepRow.Variant;
import io.dejavu.protocol.Json;
import io.dejavu.protocol.model.ModelTier;
import io.dejavu.protocol.video.FrameSize;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The sweep's table and JSON from measured rows (the calls themselves are covered by HeadlessDemoIT). */
class SweepReportTest {
    private static final SweepReport.Context SCALED =
            new SweepReport.Context(new FrameSize(640, 360), new FrameSize(256, 256));

    private static DemoResult call(
            int cap, double kbps, double plain, double enhanced, double k, String model, String tier, int w, int h) {
        return new DemoResult(
                "clip.mp4",
                "vp8",
                cap,
                kbps,
                w,
                h,
                120,
                plain,
                enhanced,
                8.0,
                k,
                90,
                "CPU 2 threads",
                tier,
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

    private static DemoResult call(int cap, double kbps, double plain, double enhanced, double k, String model) {
        return call(cap, kbps, plain, enhanced, k, model, "cpu", 256, 256);
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

    /** A row of {@code tier} at 640x360 with the variants given gains for (null: the model lacks the tier). */
    private static SweepRow tierRow(ModelTier tier, int cap, double plain, Double gGeneric, Double gPersonal) {
        Map<Variant, DemoResult> calls = new EnumMap<>(Variant.class);
        if (gGeneric != null) {
            calls.put(
                    Variant.GENERIC,
                    call(cap, cap * 0.99, plain, plain + gGeneric, 100, "generic v1", tier.id(), 640, 360));
        }
        if (gPersonal != null) {
            calls.put(
                    Variant.PERSONAL_FULL,
                    call(cap, cap, plain, plain + gPersonal, 100, "personal v1", tier.id(), 640, 360));
            calls.put(
                    Variant.PERSONAL_TOPK,
                    call(cap, cap * 1.01, plain, plain + gPersonal / 2, 25, "personal v1", tier.id(), 640, 360));
        }
        return new SweepRow(cap, tier, calls, "/models/alice-" + cap, "guard ok");
    }

    private static final List<SweepRow> ROWS =
            List.of(row(100, 39.0, 0.3, 0.5, 0.2), row(40, 35.0, 0.3, 0.5, 0.2), row(60, 37.0, 0.3, 0.5, 0.2));

    /** cpu and gpu rows at 100, 300 and 600 kbps; the gpu tier gains twice as much. */
    private static List<SweepRow> twoTiers(Double gpuGeneric, Double gpuPersonal) {
        List<SweepRow> rows = new ArrayList<>();
        double[] plain = {30.0, 34.0, 37.0};
        int[] caps = {100, 300, 600};
        for (int i = 0; i < caps.length; i++) {
            rows.add(tierRow(ModelTier.GPU, caps[i], plain[i], gpuGeneric, gpuPersonal));
            rows.add(tierRow(ModelTier.CPU, caps[i], plain[i], 0.0, 0.5));
        }
        return rows;
    }

    private static JsonNode json(Object o) throws Exception {
        return Json.mapper().readTree(Json.mapper().writeValueAsString(o));
    }

    @Test
    void variantPsnrIsTheMeanPlainPsnrPlusItsPairedGain() {
        SweepRow r = ROWS.get(0);
        assertEquals(39.0, r.psnrPlain(), 1e-9);
        assertEquals(39.5, r.psnr(Variant.PERSONAL_FULL), 1e-9);
        assertEquals(100.0, r.measuredKbps(), 1e-9);
    }

    @Test
    void tableListsEveryBitrateInOrderWithGainsAndBdRates() {
        String table = new SweepReport(ROWS).table();

        String[] lines = table.split("\\R");
        assertTrue(lines[2].trim().startsWith("cpu     40 "), table);
        assertTrue(lines[3].trim().startsWith("cpu     60 "), table);
        assertTrue(lines[4].trim().startsWith("cpu    100 "), table);
        assertTrue(lines[2].contains("+0.50"), table);
        assertTrue(table.contains("BD-rate cpu personal_full"), table);
        assertTrue(table.contains("piecewise-linear"), table);
    }

    @Test
    void biggerGainSavesMoreBits() {
        SweepReport report = new SweepReport(ROWS);
        double generic = report.bdRate(Variant.GENERIC).orElseThrow().ratePercent();
        double personal = report.bdRate(Variant.PERSONAL_FULL).orElseThrow().ratePercent();
        assertTrue(generic < 0, "generic: " + generic);
        assertTrue(personal < generic, personal + " vs " + generic);
    }

    @Test
    void jsonHasOneObjectPerBitrateAndTheBdRates() throws Exception {
        SweepReport report = new SweepReport(ROWS);

        JsonNode rows = json(report.rowsJson());
        JsonNode bd = json(report.bdRateJson());

        assertEquals(3, rows.size());
        assertEquals(40, rows.get(0).path("target_kbps").asInt());
        assertEquals("cpu", rows.get(0).path("tier").asText());
        assertEquals(0.5, rows.get(0).path("gain_personal_full_db").asDouble(), 1e-9);
        assertEquals(25, rows.get(0).path("personal_topk").path("k").asDouble() * 100, 1e-9);
        assertEquals("generic v1", rows.get(0).path("generic").path("model").asText());
        JsonNode cpu = bd.path("bd_rate_vs_plain").path("cpu");
        assertTrue(cpu.path("personal_topk").path("bd_rate_percent").asDouble() < 0, bd::toString);
        assertEquals("piecewise_linear", cpu.path("generic").path("fit").asText());
    }

    @Test
    void tableAndJsonSayTheSizeAndTheSizeTheFootageWasScaledFrom() throws Exception {
        SweepReport report = new SweepReport(twoTiers(0.0, 1.0), SCALED);

        assertTrue(
                report.table().lines().findFirst().orElseThrow().contains("640x360, scaled from 256x256"),
                report.table());
        JsonNode bd = json(report.bdRateJson());
        assertEquals("640x360", bd.path("size").asText());
        assertTrue(bd.path("scaled").asBoolean());
        assertEquals("256x256", bd.path("scaled_from").asText());
        JsonNode first = json(report.rowsJson()).get(0);
        assertEquals("640x360", first.path("size").asText());
        assertEquals("256x256", first.path("scaled_from").asText());
    }

    @Test
    void footageAtItsOwnSizeSaysAsRecordedAndNoScaledFrom() throws Exception {
        SweepReport report = new SweepReport(ROWS);

        assertTrue(report.table().lines().findFirst().orElseThrow().contains("256x256, as recorded"));
        JsonNode bd = json(report.bdRateJson());
        assertEquals("256x256", bd.path("size").asText());
        assertFalse(bd.path("scaled").asBoolean());
        assertTrue(bd.path("scaled_from").isNull(), bd::toString);
        assertTrue(json(report.rowsJson()).get(0).path("scaled_from").isNull());
    }

    @Test
    void eachTierHasItsOwnRowsAndItsOwnBdRateAgainstThePlainCall() throws Exception {
        SweepReport report = new SweepReport(twoTiers(0.4, 1.0), SCALED);

        assertEquals(6, report.rows().size());
        assertEquals(
                List.of(100, 300, 600),
                report.rows(ModelTier.GPU).stream().map(SweepRow::targetKbps).toList());
        double cpu = report.bdRate(ModelTier.CPU, Variant.PERSONAL_FULL)
                .orElseThrow()
                .ratePercent();
        double gpu = report.bdRate(ModelTier.GPU, Variant.PERSONAL_FULL)
                .orElseThrow()
                .ratePercent();
        assertTrue(gpu < cpu && cpu < 0, "gpu " + gpu + " vs cpu " + cpu);
        String table = report.table();
        assertTrue(table.lines().anyMatch(l -> l.trim().startsWith("gpu    300 ")), table);
        assertTrue(table.contains("BD-rate gpu personal_full"), table);
        JsonNode bd = json(report.bdRateJson()).path("bd_rate_vs_plain");
        assertEquals(
                gpu,
                bd.path("gpu").path("personal_full").path("bd_rate_percent").asDouble(),
                0.051);
        assertEquals(
                cpu,
                bd.path("cpu").path("personal_full").path("bd_rate_percent").asDouble(),
                0.051);
        JsonNode rows = json(report.rowsJson());
        assertEquals("cpu", rows.get(0).path("tier").asText());
        assertEquals("gpu", rows.get(3).path("tier").asText());
    }

    @Test
    void aTierNoBundleHasIsSaidToBeAbsentWithNoRows() throws Exception {
        SweepReport report = new SweepReport(ROWS);

        assertTrue(report.rows(ModelTier.GPU).isEmpty());
        assertTrue(report.bdRate(ModelTier.GPU, Variant.PERSONAL_FULL).isEmpty());
        assertTrue(
                report.table().contains("gpu tier: absent from the generic and the personal models"), report.table());
        JsonNode bd = json(report.bdRateJson());
        assertTrue(bd.path("bd_rate_vs_plain").path("gpu").isMissingNode(), bd::toString);
        assertTrue(bd.path("tiers_absent").path("gpu").asText().startsWith("absent"), bd::toString);
        assertTrue(bd.path("tiers_absent").path("cpu").isMissingNode(), bd::toString);
    }

    @Test
    void aModelWithoutTheTierIsAbsentFromItsRowsNotZero() throws Exception {
        // a generic model with a gpu tier, personal models without one
        SweepReport report = new SweepReport(twoTiers(0.4, null), SCALED);

        SweepRow gpu = report.rows(ModelTier.GPU).get(0);
        assertFalse(gpu.has(Variant.PERSONAL_FULL));
        assertThrows(IllegalArgumentException.class, () -> gpu.psnr(Variant.PERSONAL_FULL));
        String table = report.table();
        assertTrue(table.lines().anyMatch(l -> l.trim().startsWith("gpu    100 ") && l.contains("absent")), table);
        assertTrue(table.contains("gpu tier: absent for personal_full, personal_topk"), table);
        assertFalse(table.contains("BD-rate gpu personal_full"), table);
        assertTrue(table.contains("BD-rate gpu generic"), table);
        JsonNode row = json(report.rowsJson()).get(3);
        assertTrue(row.path("psnr_personal_full").isNull(), row::toString);
        assertTrue(row.path("personal_full").isNull(), row::toString);
        assertEquals(0.4, row.path("gain_generic_db").asDouble(), 1e-9);
        JsonNode bd = json(report.bdRateJson()).path("bd_rate_vs_plain").path("gpu");
        assertTrue(bd.path("personal_full").isNull(), bd::toString);
        assertTrue(bd.path("generic").path("bd_rate_percent").asDouble() < 0, bd::toString);
    }

    @Test
    void gpuRowsRunOnTheCpuSayTheyAreForQualityOnly() {
        String table = new SweepReport(twoTiers(0.4, 1.0), SCALED).table();
        assertTrue(
                table.contains("gpu tier rows ran the gpu tier on this receiver's CPU: full frame, no time budget"),
                table);
        assertFalse(new SweepReport(ROWS).table().contains("gpu tier rows ran"));
    }

    @Test
    void oneBitrateHasNoBdRate() {
        SweepReport report = new SweepReport(List.of(ROWS.get(0)));
        assertTrue(report.bdRate(Variant.GENERIC).isEmpty());
        assertTrue(report.table().contains("n/a (needs 2+ bitrates)"));
    }

    @Test
    void rejectsAnEmptySweep() {
        assertThrows(IllegalArgumentException.class, () -> new SweepReport(List.of()));
    }

    @Test
    void rejectsARowWithoutCalls() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> new SweepRow(100, ModelTier.GPU, Map.of(), "/models/alice", "guard ok"));
        assertTrue(e.getMessage().contains("100 kbps, gpu tier"), e.getMessage());
    }
}

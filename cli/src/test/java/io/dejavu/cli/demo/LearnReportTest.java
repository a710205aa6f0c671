package io.dejavu.cli.demo;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dejavu.protocol.video.FrameSize;
import java.util.List;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class LearnReportTest {
    private static LearnRow row(int call, double gain, OptionalDouble gpu) {
        return new LearnRow(call, 20, 110, call, "", 60, "cuda:0", 1.4, gain, gpu, 0, 0);
    }

    @Test
    void versionsWithAGpuTierShowHowFarEachIsAboveTheGenericGpuTier() {
        LearnReport report = new LearnReport(
                "cap12.mp4",
                "cap13.mp4",
                new FrameSize(400, 300),
                110,
                20,
                300,
                1.137,
                OptionalDouble.of(1.103),
                List.of(row(1, 1.314, OptionalDouble.of(1.356)), row(2, 1.340, OptionalDouble.empty())));

        String table = report.table();

        assertTrue(
                table.contains("gpu tier on cap13.mp4: versions [+1.356 dB, -]; the generic model's gpu tier"
                        + " +1.103 dB, so [+0.253 dB, -] over it"),
                table);
    }

    @Test
    void withoutAGenericGpuTierTheLineSaysSoAndWithoutAnyGpuTierThereIsNoLine() {
        List<LearnRow> gpuRows = List.of(row(1, 1.3, OptionalDouble.of(1.4)));
        String noGeneric = new LearnReport(
                        "a", "b", new FrameSize(400, 300), 110, 20, 300, 1.1, OptionalDouble.empty(), gpuRows)
                .table();
        String cpuOnly = new LearnReport(
                        "a",
                        "b",
                        new FrameSize(400, 300),
                        110,
                        20,
                        300,
                        1.1,
                        OptionalDouble.empty(),
                        List.of(row(1, 1.3, OptionalDouble.empty())))
                .table();

        assertTrue(noGeneric.contains("versions [+1.400 dB]; the generic model has no gpu tier"), noGeneric);
        assertFalse(cpuOnly.contains("gpu tier"), cpuOnly);
    }
}

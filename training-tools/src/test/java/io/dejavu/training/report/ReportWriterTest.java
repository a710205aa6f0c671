package io.dejavu.training.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dejavu.protocol.video.FrameSize;
import io.dejavu.testing.SampleFootage;
import io.dejavu.testing.TestFrames;
import io.dejavu.training.train.CurvePoint;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class ReportWriterTest {
    @Test
    void writesTheHtmlWithItsThreePicturesAndPointsTheCropsAtTheWorstWindow() throws Exception {
        Path dir = SampleFootage.tempDir("report");
        FrameSize size = new FrameSize(192, 128);
        byte[] original = new byte[size.pixels()];
        java.util.Arrays.fill(original, (byte) 128);
        // flat grey like the original, except where decoding lost most: a busy square at (96, 32)
        byte[] decoded = TestFrames.flatWithBusySquare(192, 128, 96, 32, 96, 3).y();
        byte[] enhanced = original.clone();
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("gain_db", 0.4321);
        metrics.put("generic_gain_db", -0.1);

        ReportWriter.write(
                dir,
                new ReportWriter.Content(
                        "alice <personal> & co",
                        List.of("trained 2 min", "stopped: time < budget"),
                        metrics,
                        List.of(
                                new CurvePoint(0, 0, 0.5, Double.NaN),
                                new CurvePoint(10, 1.5, 0.3, 0.2),
                                new CurvePoint(20, 3, 0.2, 0.4)),
                        List.of(0.1, 0.3, 0.5, -0.2),
                        List.of(0.0, 0.1),
                        size,
                        original,
                        decoded,
                        enhanced));

        String html = Files.readString(dir.resolve("report.html"));
        assertTrue(html.contains("<h1>alice &lt;personal&gt; &amp; co</h1>"), html);
        assertTrue(html.contains("<li>stopped: time &lt; budget</li>"), html);
        assertTrue(html.contains("<td style=\"text-align:left\">gain_db</td><td>0.4321</td>"), html);
        assertTrue(html.contains("<td>-0.1000</td>"), html);
        assertTrue(html.contains("Window 96x96 at (96,32) where decoding lost most"), html);
        // the enhanced crop is the original (PSNR capped at 100 dB); the decoded one is far from it
        assertTrue(html.contains("enhanced 100.00 dB"), html);
        assertFalse(html.contains("decoded 100.00 dB"), html);
        assertFalse(html.contains("<personal>"), "unescaped title");
        for (String png : List.of("curve.png", "gain-histogram.png", "crops.png")) {
            BufferedImage img = ImageIO.read(dir.resolve(png).toFile());
            assertNotNull(img, png);
            assertTrue(
                    img.getWidth() > 100 && img.getHeight() > 100,
                    png + " is " + img.getWidth() + "x" + img.getHeight());
        }
        // crops: three windows of 96 pixels at three times their size, 10 pixels apart, labels below
        BufferedImage crops = ImageIO.read(dir.resolve("crops.png").toFile());
        assertEquals(3 * 96 * 3 + 2 * 10, crops.getWidth());
        assertEquals(96 * 3 + 30, crops.getHeight());
    }

    @Test
    void aFrameSmallerThanTheCropWindowIsShownWholeAndEmptyCurvesStillDraw() throws Exception {
        Path dir = SampleFootage.tempDir("report");
        FrameSize size = new FrameSize(40, 24);
        byte[] original = TestFrames.textured(40, 24, 1).y();
        byte[] decoded = TestFrames.textured(40, 24, 2).y();
        ReportWriter.write(
                dir,
                new ReportWriter.Content(
                        "tiny", List.of(), Map.of(), List.of(), List.of(), List.of(), size, original, decoded,
                        original));
        String html = Files.readString(dir.resolve("report.html"));
        assertTrue(html.contains("Window 24x24 at (0,0)"), html);
        BufferedImage crops = ImageIO.read(dir.resolve("crops.png").toFile());
        assertEquals(3 * 24 * 3 + 2 * 10, crops.getWidth());
        assertNotNull(ImageIO.read(dir.resolve("curve.png").toFile()));
    }

    @Test
    void aReportThatCannotBeWrittenSaysWhereInOneLine() throws Exception {
        Path notADir = Files.writeString(SampleFootage.tempDir("report").resolve("file"), "x");
        byte[] plane = new byte[16 * 16];
        io.dejavu.training.TrainingException e = org.junit.jupiter.api.Assertions.assertThrows(
                io.dejavu.training.TrainingException.class,
                () -> ReportWriter.write(
                        notADir,
                        new ReportWriter.Content(
                                "t",
                                List.of(),
                                Map.of(),
                                List.of(),
                                List.of(),
                                List.of(),
                                new FrameSize(16, 16),
                                plane,
                                plane,
                                plane)));
        assertTrue(e.getMessage().startsWith("cannot write the report in " + notADir), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }
}

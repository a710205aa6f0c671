package io.dejavu.cli.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import io.dejavu.testing.SampleFootage;
import io.dejavu.training.TrainingException;
import io.dejavu.training.model.Architecture;
import io.dejavu.training.train.TrainingDevice;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CommonOptionsTest {
    @Test
    void foldersExpandToTheirVideosSortedAndFilesStayAsGiven() throws Exception {
        Path dir = SampleFootage.tempDir("videos");
        for (String name : List.of("b.MP4", "a.webm", "notes.txt", "c.y4m", "d.mkv.part")) {
            Files.writeString(dir.resolve(name), "x");
        }
        Files.createDirectories(dir.resolve("sub.mp4")); // a folder, even if named like a video
        Path single = dir.resolve("notes.txt");

        List<Path> videos = CommonOptions.expandVideos(List.of(single, dir));

        assertEquals(List.of(single, dir.resolve("a.webm"), dir.resolve("b.MP4"), dir.resolve("c.y4m")), videos);
    }

    @Test
    void aFolderWithoutVideosIsAnError() throws Exception {
        Path empty = SampleFootage.tempDir("no-videos");
        TrainingException e = assertThrows(TrainingException.class, () -> CommonOptions.expandVideos(List.of(empty)));
        assertTrue(e.getMessage().startsWith("no video files found in "), e.getMessage());
    }

    @Test
    void theBatchIsTheOneGivenElseSixteenOnTheCpuAndSixtyFourOnAGpu() {
        TrainingDevice cpu = new TrainingDevice(Device.cpu(), "CPU (1 thread)");
        TrainingDevice gpu = new TrainingDevice(Device.gpu(0), "cuda:0 (a GPU)");

        assertEquals(16, CommonOptions.batchFor(null, cpu));
        assertEquals(64, CommonOptions.batchFor(null, gpu));
        assertEquals(8, CommonOptions.batchFor(8, gpu));
        assertEquals(32, CommonOptions.batchFor(32, cpu));
    }

    @Test
    void theSizeIsTheOneGivenElseTheBasesElseTheTiersDefault() {
        var cpu = io.dejavu.protocol.model.ModelTier.CPU;
        var gpu = io.dejavu.protocol.model.ModelTier.GPU;
        Optional<Architecture> none = Optional.empty();
        Optional<Architecture> base = Optional.of(new Architecture(32, 12));

        assertEquals(new Architecture(16, 4), CommonOptions.architecture(null, null, cpu, none));
        assertEquals(new Architecture(32, 8), CommonOptions.architecture(null, null, gpu, none));
        assertEquals(new Architecture(32, 12), CommonOptions.architecture(null, null, gpu, base), "a larger base");
        assertEquals(new Architecture(32, 16), CommonOptions.architecture(null, 16, gpu, base), "deepen it");
        assertEquals(new Architecture(24, 12), CommonOptions.architecture(24, null, gpu, base));
        assertEquals(new Architecture(8, 2), CommonOptions.architecture(8, 2, cpu, base));
    }

    @Test
    void jsonGoesOutOnOneLine() {
        StringWriter out = new StringWriter();
        CommonOptions.printJson(new PrintWriter(out), Map.of("gain_db", 0.5));
        assertEquals("{\"gain_db\":0.5}" + System.lineSeparator(), out.toString());
    }
}

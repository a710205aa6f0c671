package io.dejavu.training.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.dejavu.protocol.model.ModelMetadata;
import io.dejavu.protocol.model.ModelTier;
import io.dejavu.protocol.model.OperatingRange;
import io.dejavu.store.ModelBundle;
import io.dejavu.testing.SampleFootage;
import io.dejavu.training.TestModels;
import io.dejavu.training.TrainingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ModelDirectoryTest {
    /**
     * A real ENOSPC: the kernel's /dev/full refuses every write with "No space left on device",
     * which is what a full disk gives a model being written.
     */
    @Test
    void fullDiskWhileWritingAModelSaysTheDiskIsFullAndLeavesNoCompleteModel() throws Exception {
        Path full = Paths.get("/dev/full");
        assumeTrue(Files.isWritable(full), "this system has no /dev/full");
        Path out = SampleFootage.tempDir("bundle").resolve("alice");
        Path staging = ModelDirectory.staging(out);
        Files.createSymbolicLink(staging.resolve(ModelBundle.ENHANCER), full);

        TrainingException e = assertThrows(
                TrainingException.class, () -> ModelDirectory.write(staging, ModelBundle.ENHANCER, new byte[1 << 16]));

        assertTrue(e.getMessage().contains("the disk is full"), e.getMessage());
        ModelDirectory.discard(staging);
        assertFalse(Files.exists(staging), "the unfinished model must be removed");
        assertFalse(Files.exists(out), "no model directory may appear for a failed write");
        assertThrows(TrainingException.class, () -> ModelDirectory.requireComplete(out));
    }

    @Test
    void stagingIsHiddenBesideTheModelUntilCommitted() throws Exception {
        Path out = SampleFootage.tempDir("bundle").resolve("bob");
        Path staging = ModelDirectory.staging(out);
        assertTrue(staging.getFileName().toString().startsWith("."), staging.toString());
        assertFalse(Files.exists(out));
        ModelDirectory.write(staging, ModelBundle.ENHANCER, new byte[] {1});
        ModelDirectory.commit(staging, out);
        assertTrue(Files.isRegularFile(out.resolve(ModelBundle.ENHANCER)));
        assertFalse(Files.exists(staging));
    }

    /** What training writes (plus its report) is the store's bundle, read by the one bundle type. */
    @Test
    void aTrainedDirectoryReadsAsTheStoresBundle() throws Exception {
        Path dir = TestModels.bundle(SampleFootage.tempDir("bundle").resolve("carol"), "carol", Map.of());
        Files.writeString(dir.resolve(ModelDirectory.REPORT), "<html></html>");

        ModelBundle bundle = ModelBundle.readDirectory(dir);

        assertEquals(ModelDirectory.readMetadata(dir), bundle.metadata());
        assertEquals(Set.of(ModelTier.CPU), bundle.tiers());
        assertTrue(bundle.scorerOnnx().isPresent());
    }

    /** A bundle written before the types were one: the repository's shipped generic model. */
    @Test
    void theShippedGenericModelStillLoads() throws Exception {
        Path generic = TestModels.shippedGenericModel();
        ModelDirectory.requireComplete(generic);
        assertEquals(ModelBundle.readDirectory(generic).metadata(), ModelDirectory.readMetadata(generic));
    }

    @Test
    void replacedMetadataIsWhatTheBundleReadsAndNoTemporaryFileStays() throws Exception {
        Path dir = TestModels.bundle(SampleFootage.tempDir("bundle").resolve("dave"), "dave", Map.of());
        ModelMetadata narrower =
                ModelDirectory.readMetadata(dir).withOperatingRange(OperatingRange.derived("vp8", 256, 256, 80));

        ModelDirectory.replaceMetadata(dir, narrower);

        assertEquals(narrower, ModelBundle.readDirectory(dir).metadata());
        assertFalse(Files.exists(dir.resolve(ModelBundle.METADATA + ".tmp")));
    }

    @Test
    void aDirectoryWithoutMetadataIsRefusedNamingIt() throws Exception {
        Path dir = Files.createDirectories(SampleFootage.tempDir("bundle").resolve("erin"));
        TrainingException e = assertThrows(TrainingException.class, () -> ModelDirectory.readMetadata(dir));
        assertEquals("model " + dir + ": no metadata.json; is it a model directory?", e.getMessage());
        TrainingException missing =
                assertThrows(TrainingException.class, () -> ModelDirectory.readMetadata(dir.resolve("nobody")));
        assertEquals("model directory not found: " + dir.resolve("nobody"), missing.getMessage());
    }
}

package io.dejavu.training.model;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.dejavu.testing.SampleFootage;
import io.dejavu.training.TrainingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.jupiter.api.Test;

class ModelBundleTest {
    /**
     * A real ENOSPC: the kernel's /dev/full refuses every write with "No space left on device",
     * which is what a full disk gives a model being written.
     */
    @Test
    void fullDiskWhileWritingAModelSaysTheDiskIsFullAndLeavesNoCompleteModel() throws Exception {
        Path full = Paths.get("/dev/full");
        assumeTrue(Files.isWritable(full), "this system has no /dev/full");
        Path out = SampleFootage.tempDir("bundle").resolve("alice");
        Path staging = ModelBundle.staging(out);
        Files.createSymbolicLink(staging.resolve(ModelBundle.ENHANCER), full);

        TrainingException e = assertThrows(
                TrainingException.class, () -> ModelBundle.write(staging, ModelBundle.ENHANCER, new byte[1 << 16]));

        assertTrue(e.getMessage().contains("the disk is full"), e.getMessage());
        ModelBundle.discard(staging);
        assertFalse(Files.exists(staging), "the unfinished model must be removed");
        assertFalse(Files.exists(out), "no model directory may appear for a failed write");
        assertThrows(TrainingException.class, () -> ModelBundle.requireComplete(out));
    }

    @Test
    void stagingIsHiddenBesideTheModelUntilCommitted() throws Exception {
        Path out = SampleFootage.tempDir("bundle").resolve("bob");
        Path staging = ModelBundle.staging(out);
        assertTrue(staging.getFileName().toString().startsWith("."), staging.toString());
        assertFalse(Files.exists(out));
        ModelBundle.write(staging, ModelBundle.ENHANCER, new byte[] {1});
        ModelBundle.commit(staging, out);
        assertTrue(Files.isRegularFile(out.resolve(ModelBundle.ENHANCER)));
        assertFalse(Files.exists(staging));
    }
}

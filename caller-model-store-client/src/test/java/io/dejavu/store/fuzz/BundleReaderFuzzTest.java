package io.dejavu.store.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.dejavu.store.BundleFormatException;
import io.dejavu.store.ModelBundle;

/**
 * The bundle reader takes any bytes and either returns a bundle or throws {@link
 * BundleFormatException}; nothing else (a RuntimeException or an OutOfMemoryError would be a 500
 * or a dead store). In CI this runs the seeds under {@code src/test/resources}; {@code JAZZER_FUZZ=1}
 * fuzzes.
 */
class BundleReaderFuzzTest {
    private static final long MAX_BYTES = 1 << 20;

    @FuzzTest(maxDuration = "60s")
    void readsOrRefusesCleanly(byte[] zip) {
        try {
            ModelBundle bundle = ModelBundle.fromZip(zip, MAX_BYTES);
            bundle.toZip();
        } catch (BundleFormatException expected) {
            // refused with a reason: what the store turns into 400
        }
    }
}

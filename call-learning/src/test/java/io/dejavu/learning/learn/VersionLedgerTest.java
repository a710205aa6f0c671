package io.dejavu.learning.learn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dejavu.learning.SelfTrainedVersion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VersionLedgerTest {
    @TempDir
    Path dir;

    private static SelfTrainedVersion version(int store, String refusal) {
        return new SelfTrainedVersion(
                Instant.parse("2026-12-06T21:00:00Z"),
                store > 0 ? OptionalInt.of(store) : OptionalInt.empty(),
                0.9,
                0.6,
                0.55,
                71.5,
                "CPU (1 thread)",
                refusal,
                Optional.empty());
    }

    @Test
    void versionsSurviveARestartInAFileOnlyTheUserCanRead() throws Exception {
        Path footage = dir.resolve("footage");
        Path model = Files.createDirectories(footage.resolve("models/v1"));
        Files.writeString(model.resolve("enhancer.onnx"), "x");
        VersionLedger ledger = VersionLedger.open(footage);
        ledger.add(version(0, "gains less"), Optional.empty());
        ledger.add(version(4, ""), Optional.of(model));

        VersionLedger reopened = VersionLedger.open(footage);

        assertEquals(List.of(version(4, ""), version(0, "gains less")), reopened.versions());
        assertEquals(Optional.of(model.toAbsolutePath()), reopened.latestModel());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(reopened.file())));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(footage)));
    }

    @Test
    void aVersionsGpuTierSurvivesARestartAndALedgerFromBeforeTheGpuTierStillLoads() throws Exception {
        SelfTrainedVersion withGpu = version(7, "").withGpuTier(new SelfTrainedVersion.GpuTier(1.445, 1.097, ""));
        Path older = Files.createDirectories(dir.resolve("older"));
        Files.writeString(
                older.resolve(VersionLedger.FILE),
                """
                [ { "trained" : "2026-12-06T21:00:00Z", "storeVersion" : 2, "gainDb" : 0.9, "previousGainDb" : 0.6,
                    "genericGainDb" : 0.55, "trainingSeconds" : 71.5, "device" : "CPU (1 thread)",
                    "refusal" : "", "model" : null } ]
                """);

        VersionLedger ledger = VersionLedger.open(dir);
        ledger.add(withGpu, Optional.empty());

        assertEquals(List.of(withGpu), VersionLedger.open(dir).versions());
        assertEquals(List.of(version(2, "")), VersionLedger.open(older).versions());
    }

    /** What the learner has here of the store's versions: published ones whose bundle is still on disk. */
    @Test
    void heldStoreVersionsArePublishedOnesWhoseBundleIsStillHere() throws Exception {
        Path two = Files.createDirectories(dir.resolve("models/two"));
        Files.writeString(two.resolve("enhancer.onnx"), "x");
        Path gone = dir.resolve("models/three"); // deleted by hand since
        Path kept = Files.createDirectories(dir.resolve("models/kept-here"));
        Files.writeString(kept.resolve("enhancer.onnx"), "x");
        VersionLedger ledger = VersionLedger.open(dir);
        ledger.add(version(2, ""), Optional.of(two));
        ledger.add(version(3, ""), Optional.of(gone));
        ledger.add(version(0, "the store was away"), Optional.of(kept));
        ledger.add(version(0, "gains less"), Optional.empty());

        assertEquals(
                java.util.Map.of(2, two.toAbsolutePath()),
                VersionLedger.open(dir).heldStoreVersions());
    }

    @Test
    void anUnreadableLedgerIsReportedAndLeftAsItWas() throws Exception {
        Files.writeString(dir.resolve(VersionLedger.FILE), "{not a ledger");

        IOException e = assertThrows(IOException.class, () -> VersionLedger.open(dir));

        assertTrue(e.getMessage().contains("is not a ledger"), e.getMessage());
        assertEquals("{not a ledger", Files.readString(dir.resolve(VersionLedger.FILE)));
    }
}

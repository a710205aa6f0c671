package io.dejavu.app.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dejavu.testing.SampleFootage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SettingsStoreTest {
    @Test
    void remembersSignInAndMediaBetweenRuns() throws Exception {
        Path dir = SampleFootage.tempDir("settings");
        SettingsStore store = new SettingsStore(dir.resolve("dejavu/app.properties"));
        AppSettings saved = AppSettings.defaults()
                .withSignIn("ws://10.0.0.2:8080/signal", "alice", "tok")
                .withMedia("cam0", "mic1", "", 150, KPolicy.fraction(0.25));
        store.save(saved);
        assertEquals(saved, new SettingsStore(store.file()).load());
        assertEquals(
                java.util.Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE),
                Files.getPosixFilePermissions(store.file()),
                "the file holds a token: owner only");
    }

    @Test
    void missingFileGivesDefaults() throws Exception {
        Path dir = SampleFootage.tempDir("settings");
        assertEquals(AppSettings.defaults(), new SettingsStore(dir.resolve("none.properties")).load());
    }

    @Test
    void damagedValuesFallBackToDefaultsButKeepTheSignIn() throws Exception {
        Path dir = SampleFootage.tempDir("settings");
        Path file = dir.resolve("app.properties");
        Files.writeString(file, "server.url=ws://h:1/s\nuser=bob\ntoken=t\nbitrate.kbps=lots\n");
        AppSettings s = new SettingsStore(file).load();
        assertEquals("bob", s.user());
        assertEquals(AppSettings.defaults().targetBitrateKbps(), s.targetBitrateKbps());
    }

    @ParameterizedTest
    @CsvSource(
            textBlock =
                    """
            fraction:0.25, FRACTION,    0.25
            budget:25,     TIME_BUDGET, 25
            BUDGET:8.5,    TIME_BUDGET, 8.5
            """)
    void readsKPolicies(String text, KPolicy.Mode mode, double value) {
        assertEquals(new KPolicy(mode, value), KPolicy.parse(text));
    }

    @ParameterizedTest
    @CsvSource({"fraction:0", "fraction:1.5", "budget:0", "k:3", "budget", "budget:x"})
    void refusesBadKPolicies(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> KPolicy.parse(text));
        assertTrue(e.getMessage().contains("got"), e.getMessage());
    }
}

package io.dejavu.app.settings;

import static io.dejavu.app.fakes.Fakes.DIRECT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dejavu.testing.SampleFootage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class SettingsViewModelTest {
    private final AtomicReference<AppSettings> current = new AtomicReference<>(AppSettings.defaults());

    private SettingsViewModel vm(DeviceCatalog devices, SettingsStore store) {
        SettingsViewModel vm = new SettingsViewModel(devices, store, DIRECT, DIRECT, current::get, current::set);
        vm.load();
        return vm;
    }

    private static DeviceCatalog devices(List<String> cams, List<String> mics) {
        return new DeviceCatalog() {
            @Override
            public List<String> cameras() {
                return cams;
            }

            @Override
            public List<String> microphones() {
                return mics;
            }
        };
    }

    @Test
    void listsDevicesAndSavesChoices() throws Exception {
        Path dir = SampleFootage.tempDir("settings-vm");
        SettingsStore store = new SettingsStore(dir.resolve("app.properties"));
        SettingsViewModel vm = vm(devices(List.of("HD Webcam"), List.of("USB Mic")), store);
        assertEquals(List.of(SettingsViewModel.DEFAULT_DEVICE, "HD Webcam"), vm.cameras());
        vm.cameraProperty().set("HD Webcam");
        vm.bitrateProperty().set("150");
        vm.kModeProperty().set(KPolicy.Mode.FRACTION);
        vm.kValueProperty().set("25 %");
        Path video = Files.writeString(dir.resolve("clip.mp4"), "not really a video");
        vm.videoFileProperty().set(video.toString());
        assertTrue(vm.save());
        AppSettings s = store.load();
        assertEquals("HD Webcam", s.camera());
        assertEquals("", s.microphone());
        assertEquals(150, s.targetBitrateKbps());
        assertEquals(KPolicy.fraction(0.25), s.kPolicy());
        assertEquals(video.toAbsolutePath().toString(), s.videoFile());
        assertEquals(s, current.get());
        assertEquals("Settings saved.", vm.messageProperty().get());
    }

    @Test
    void refusesBadNumbersWithASentence() throws Exception {
        SettingsStore store =
                new SettingsStore(SampleFootage.tempDir("settings-vm").resolve("a.properties"));
        SettingsViewModel vm = vm(devices(List.of(), List.of()), store);
        vm.bitrateProperty().set("fast");
        assertFalse(vm.save());
        assertEquals(
                "The target bitrate must be a whole number of kbps from 50 to 5000, not 'fast'.",
                vm.errorProperty().get());
        vm.bitrateProperty().set("300");
        vm.kValueProperty().set("0");
        assertFalse(vm.save());
        assertEquals(
                "The time budget must be from 1 to 1000 ms per frame, not 0.",
                vm.errorProperty().get());
        vm.kValueProperty().set("25");
        vm.videoFileProperty().set("/nope/missing.mp4");
        assertFalse(vm.save());
        assertEquals(
                "The video file /nope/missing.mp4 does not exist.",
                vm.errorProperty().get());
        assertFalse(Files.exists(store.file()), "nothing saved while invalid");
    }

    @Test
    void deviceListingFailureIsShownAndTheScreenStillWorks() throws Exception {
        DeviceCatalog broken = new DeviceCatalog() {
            @Override
            public List<String> cameras() {
                throw new IllegalStateException("no video devices: libv4l missing");
            }

            @Override
            public List<String> microphones() {
                return List.of();
            }
        };
        SettingsViewModel vm =
                vm(broken, new SettingsStore(SampleFootage.tempDir("s").resolve("a.properties")));
        assertEquals(
                "Cannot list cameras: No video devices: libv4l missing.",
                vm.errorProperty().get());
        assertEquals(List.of(SettingsViewModel.DEFAULT_DEVICE), vm.cameras());
        assertTrue(vm.save());
    }
}

package io.dejavu.app.settings;

import io.dejavu.app.common.UserMessages;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * State of the settings screen: devices, a video file as the camera, target bitrate and the k
 * policy. {@link #save()} validates, writes the settings file and hands the new settings on.
 *
 * <pre>{@code
 * SettingsViewModel vm = new SettingsViewModel(devices, store, ui, pool, current, saved -> ...);
 * vm.load();
 * vm.bitrateProperty().set("150");
 * vm.save();
 * }</pre>
 */
public final class SettingsViewModel {
    private static final Logger log = LoggerFactory.getLogger(SettingsViewModel.class);
    /** Shown in the device lists for "whatever the system picks". */
    public static final String DEFAULT_DEVICE = "(default)";

    private final DeviceCatalog devices;
    private final SettingsStore store;
    private final Executor ui;
    private final Executor background;
    private final java.util.function.Supplier<AppSettings> current;
    private final Consumer<AppSettings> onSaved;

    private final ObservableList<String> cameras = FXCollections.observableArrayList(DEFAULT_DEVICE);
    private final ObservableList<String> microphones = FXCollections.observableArrayList(DEFAULT_DEVICE);
    private final StringProperty camera = new SimpleStringProperty(DEFAULT_DEVICE);
    private final StringProperty microphone = new SimpleStringProperty(DEFAULT_DEVICE);
    private final StringProperty videoFile = new SimpleStringProperty("");
    private final StringProperty bitrate = new SimpleStringProperty("");
    private final ObjectProperty<KPolicy.Mode> kMode = new SimpleObjectProperty<>(KPolicy.Mode.TIME_BUDGET);
    private final StringProperty kValue = new SimpleStringProperty("");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");

    public SettingsViewModel(
            DeviceCatalog devices,
            SettingsStore store,
            Executor ui,
            Executor background,
            java.util.function.Supplier<AppSettings> current,
            Consumer<AppSettings> onSaved) {
        this.devices = devices;
        this.store = store;
        this.ui = ui;
        this.background = background;
        this.current = current;
        this.onSaved = onSaved;
    }

    /** Fills the fields from the current settings and lists devices in the background. */
    public void load() {
        AppSettings s = current.get();
        camera.set(s.camera().isEmpty() ? DEFAULT_DEVICE : s.camera());
        microphone.set(s.microphone().isEmpty() ? DEFAULT_DEVICE : s.microphone());
        videoFile.set(s.videoFile());
        bitrate.set(Integer.toString(s.targetBitrateKbps()));
        kMode.set(s.kPolicy().mode());
        kValue.set(formatValue(s.kPolicy()));
        error.set("");
        message.set("");
        background.execute(() -> {
            List<String> problems = new java.util.ArrayList<>();
            List<String> c = list("cameras", devices::cameras, problems);
            List<String> m = list("microphones", devices::microphones, problems);
            String p = String.join(" ", problems);
            ui.execute(() -> {
                setDevices(cameras, c, camera);
                setDevices(microphones, m, microphone);
                if (!p.isEmpty()) {
                    error.set(p);
                }
            });
        });
    }

    private static List<String> list(
            String what, java.util.function.Supplier<List<String>> lister, List<String> problems) {
        try {
            return lister.get();
        } catch (RuntimeException e) {
            log.info("Listing {} failed: {}", what, e.getMessage());
            problems.add("Cannot list " + what + ": " + UserMessages.describe(e));
            return List.of();
        }
    }

    private static void setDevices(ObservableList<String> list, List<String> names, StringProperty selected) {
        String keep = selected.get();
        list.setAll(DEFAULT_DEVICE);
        list.addAll(names);
        if (keep != null && !list.contains(keep)) {
            list.add(keep); // remembered but unplugged: keep showing it rather than losing it
        }
        selected.set(keep);
    }

    /** Validates and saves; returns whether it saved. Problems land in {@link #errorProperty()}. */
    public boolean save() {
        AppSettings updated;
        try {
            updated = current.get()
                    .withMedia(
                            deviceName(camera.get()),
                            deviceName(microphone.get()),
                            videoPath(),
                            parseBitrate(),
                            parsePolicy());
        } catch (IllegalArgumentException e) {
            error.set(UserMessages.sentence(e.getMessage()));
            message.set("");
            return false;
        }
        try {
            store.save(updated);
        } catch (IOException e) {
            log.warn("Saving settings to {} failed", store.file(), e);
            error.set("Could not save the settings to " + store.file() + ": " + UserMessages.describe(e));
            return false;
        }
        error.set("");
        message.set("Settings saved.");
        onSaved.accept(updated);
        return true;
    }

    private static String deviceName(String shown) {
        return shown == null || shown.equals(DEFAULT_DEVICE) ? "" : shown;
    }

    private String videoPath() {
        String v = videoFile.get() == null ? "" : videoFile.get().strip();
        if (v.isEmpty()) {
            return "";
        }
        Path p = Paths.get(v);
        if (!Files.isRegularFile(p)) {
            throw new IllegalArgumentException("The video file " + v + " does not exist");
        }
        return p.toAbsolutePath().toString();
    }

    private int parseBitrate() {
        String t = bitrate.get() == null ? "" : bitrate.get().strip();
        try {
            int kbps = Integer.parseInt(t);
            if (kbps < AppSettings.MIN_BITRATE_KBPS || kbps > AppSettings.MAX_BITRATE_KBPS) {
                throw new NumberFormatException();
            }
            return kbps;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("The target bitrate must be a whole number of kbps from "
                    + AppSettings.MIN_BITRATE_KBPS + " to " + AppSettings.MAX_BITRATE_KBPS + ", not '" + t + "'");
        }
    }

    private KPolicy parsePolicy() {
        String t = kValue.get() == null
                ? ""
                : kValue.get().strip().replace("%", "").strip();
        double v;
        try {
            v = Double.parseDouble(t);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    kMode.get() == KPolicy.Mode.FRACTION
                            ? "The share of patches must be a percentage from 1 to 100, not '" + t + "'"
                            : "The time budget must be a number of milliseconds, not '" + t + "'");
        }
        if (kMode.get() == KPolicy.Mode.FRACTION) {
            if (v < 1 || v > 100) {
                throw new IllegalArgumentException("The share of patches must be from 1 to 100 %, not " + t);
            }
            return KPolicy.fraction(v / 100);
        }
        if (v < 1 || v > 1000) {
            throw new IllegalArgumentException("The time budget must be from 1 to 1000 ms per frame, not " + t);
        }
        return KPolicy.budget(v);
    }

    private static String formatValue(KPolicy p) {
        double v = p.mode() == KPolicy.Mode.FRACTION ? p.value() * 100 : p.value();
        return v == Math.rint(v) ? Long.toString((long) v) : String.format(Locale.ROOT, "%.1f", v);
    }

    public ObservableList<String> cameras() {
        return cameras;
    }

    public ObservableList<String> microphones() {
        return microphones;
    }

    public StringProperty cameraProperty() {
        return camera;
    }

    public StringProperty microphoneProperty() {
        return microphone;
    }

    public StringProperty videoFileProperty() {
        return videoFile;
    }

    public StringProperty bitrateProperty() {
        return bitrate;
    }

    public ObjectProperty<KPolicy.Mode> kModeProperty() {
        return kMode;
    }

    public StringProperty kValueProperty() {
        return kValue;
    }

    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }
}

package io.dejavu.app.settings;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps {@link AppSettings} in a small properties file, by default
 * {@code ~/.config/dejavu/app.properties} (or {@code $XDG_CONFIG_HOME/dejavu}, or the folder named
 * by the {@code dejavu.config.dir} system property). The file holds a bearer token, so it is
 * written owner-only; a damaged file gives the defaults rather than stopping the app.
 *
 * <pre>{@code
 * SettingsStore store = SettingsStore.standard();
 * AppSettings s = store.load();
 * store.save(s.withSignIn(url, user, token));
 * }</pre>
 */
public final class SettingsStore {
    private static final Logger log = LoggerFactory.getLogger(SettingsStore.class);
    private final Path file;

    public SettingsStore(Path file) {
        this.file = file;
    }

    /** The store in the user's configuration folder. */
    public static SettingsStore standard() {
        return new SettingsStore(configDir().resolve("app.properties"));
    }

    static Path configDir() {
        String override = System.getProperty("dejavu.config.dir");
        if (override != null && !override.isBlank()) {
            return Paths.get(override);
        }
        String xdg = System.getenv("XDG_CONFIG_HOME");
        Path base =
                xdg != null && !xdg.isBlank() ? Paths.get(xdg) : Paths.get(System.getProperty("user.home"), ".config");
        return base.resolve("dejavu");
    }

    public Path file() {
        return file;
    }

    /** The saved settings, or the defaults when there are none or the file cannot be read. */
    public AppSettings load() {
        if (!Files.isRegularFile(file)) {
            return AppSettings.defaults();
        }
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            p.load(in);
        } catch (IOException e) {
            log.warn("Could not read settings from {} ({}); using defaults", file, e.getMessage());
            return AppSettings.defaults();
        }
        AppSettings d = AppSettings.defaults();
        try {
            return new AppSettings(
                    p.getProperty("server.url", d.serverUrl()),
                    p.getProperty("user", d.user()),
                    p.getProperty("token", d.token()),
                    p.getProperty("store.url", d.storeUrl()),
                    p.getProperty("camera", d.camera()),
                    p.getProperty("microphone", d.microphone()),
                    p.getProperty("video.file", d.videoFile()),
                    Integer.parseInt(p.getProperty("bitrate.kbps", Integer.toString(d.targetBitrateKbps()))),
                    KPolicy.parse(p.getProperty("k.policy", d.kPolicy().toString())));
        } catch (IllegalArgumentException e) {
            log.warn("Ignoring damaged settings in {}: {}", file, e.getMessage());
            return d.withSignIn(p.getProperty("server.url"), p.getProperty("user"), p.getProperty("token"));
        }
    }

    /**
     * Writes the settings atomically (a reader never sees half a file).
     *
     * @throws IOException when the folder or file cannot be written
     */
    public void save(AppSettings s) throws IOException {
        Properties p = new Properties();
        p.setProperty("server.url", s.serverUrl());
        p.setProperty("user", s.user());
        p.setProperty("token", s.token());
        p.setProperty("store.url", s.storeUrl());
        p.setProperty("camera", s.camera());
        p.setProperty("microphone", s.microphone());
        p.setProperty("video.file", s.videoFile());
        p.setProperty("bitrate.kbps", Integer.toString(s.targetBitrateKbps()));
        p.setProperty("k.policy", s.kPolicy().toString());
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "app", ".properties.tmp");
        try {
            ownerOnly(tmp);
            try (OutputStream out = Files.newOutputStream(tmp)) {
                p.store(out, "Dejavu app settings");
            }
            try {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static void ownerOnly(Path path) {
        try {
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException | IOException e) {
            log.debug("Cannot restrict permissions of {}: {}", path, e.getMessage());
        }
    }
}

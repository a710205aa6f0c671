package io.dejavu.app.ui;

import static org.junit.jupiter.api.Assertions.fail;

import io.dejavu.app.services.SharedMediaRuntime;
import io.dejavu.app.settings.SettingsStore;
import io.dejavu.app.shell.AppServices;
import io.dejavu.app.shell.AppWindow;
import io.dejavu.app.shell.ProductionServices;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import javafx.scene.Node;
import javafx.scene.control.Labeled;
import javafx.scene.image.Image;
import javafx.scene.image.ImageView;
import javafx.scene.image.PixelReader;
import javafx.scene.image.WritableImage;
import javafx.stage.Stage;
import javax.imageio.ImageIO;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/**
 * One app window in a UI test, driven like a person would: clicks and typing through TestFX's
 * robot, nodes found by id inside this window only.
 */
final class AppDriver implements AutoCloseable {
    final FxRobot robot = new FxRobot();
    final AppWindow window;
    final AppServices services;

    private AppDriver(AppWindow window, AppServices services) {
        this.window = window;
        this.services = services;
    }

    /** Opens a window at {@code x} with fresh settings and model cache under {@code dir}. */
    static AppDriver open(Path dir, String name, double x, SharedMediaRuntime media) throws Exception {
        return open(dir, name, x, ProductionServices.create(media, dir.resolve(name + "-models")));
    }

    /** Opens a window at {@code x} on {@code services} with fresh settings under {@code dir}. */
    static AppDriver open(Path dir, String name, double x, AppServices services) throws Exception {
        SettingsStore settings = new SettingsStore(dir.resolve(name + "-settings/app.properties"));
        AppWindow w = WaitForAsyncUtils.asyncFx(() -> {
                    AppWindow opened = AppWindow.open(new Stage(), services, settings);
                    Stage s = opened.stage();
                    s.setX(x);
                    s.setY(0);
                    s.setWidth(940);
                    s.setHeight(700);
                    return opened;
                })
                .get(20, TimeUnit.SECONDS);
        WaitForAsyncUtils.waitForFxEvents();
        return new AppDriver(w, services);
    }

    Node node(String id) {
        return robot.from(window.stage().getScene().getRoot()).lookup("#" + id).query();
    }

    /** Whether a node with that id is in the window now. */
    boolean has(String id) {
        return robot.from(window.stage().getScene().getRoot())
                .lookup("#" + id)
                .tryQuery()
                .isPresent();
    }

    String text(String id) {
        return onFx(() -> ((Labeled) node(id)).getText());
    }

    /** Clicks the node with that id, once it is in the window (a screen may still be building). */
    void click(String id) {
        waitUntil("#" + id + " in the window", 10, () -> has(id), () -> "not there");
        robot.clickOn(node(id));
    }

    void type(String id, String text) {
        robot.clickOn(node(id));
        robot.write(text);
    }

    /**
     * Puts {@code text} into a text field as pasting would: click into it, replace its text. Long
     * values (URLs, tokens, paths) are pasted; typing them key by key would take seconds each.
     */
    void paste(String id, String text) {
        robot.clickOn(node(id));
        onFx(() -> {
            javafx.scene.control.TextInputControl field = (javafx.scene.control.TextInputControl) node(id);
            field.setText(text);
            field.end();
            return null;
        });
    }

    /** Signs in through the form: server, user (typed), token, store, then the button. */
    void signIn(String server, String user, String token, String store) {
        paste("serverUrl", server);
        paste("user", "");
        type("user", user);
        paste("token", token);
        paste("storeUrl", store);
        click("signIn");
    }

    <T> T onFx(Callable<T> task) {
        try {
            return WaitForAsyncUtils.asyncFx(task).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("FX task failed: " + e, e);
        }
    }

    /** Waits until {@code condition} holds, failing with {@code what} and the current state. */
    void waitUntil(String what, int seconds, Supplier<Boolean> condition, Supplier<String> state) {
        try {
            WaitForAsyncUtils.waitFor(seconds, TimeUnit.SECONDS, () -> onFx(condition::get));
        } catch (TimeoutException e) {
            fail("timed out after " + seconds + " s waiting for " + what + "; now: " + onFx(state::get));
        }
    }

    /** A checksum of the large picture's pixels, 0 while there is none. */
    long remotePictureChecksum() {
        return onFx(() -> {
            Image img = ((ImageView) node("remoteEnhanced")).getImage();
            if (img == null) {
                return 0L;
            }
            PixelReader r = img.getPixelReader();
            long sum = 1;
            int w = (int) img.getWidth();
            int h = (int) img.getHeight();
            for (int y = 0; y < h; y += 7) {
                for (int x = 0; x < w; x += 7) {
                    sum = sum * 31 + r.getArgb(x, y);
                }
            }
            return sum;
        });
    }

    /** Saves what the window shows as a PNG (a test artifact). */
    Path screenshot(Path file) throws IOException {
        WritableImage shot = onFx(() -> window.stage().getScene().snapshot(null));
        int w = (int) shot.getWidth();
        int h = (int) shot.getHeight();
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
        PixelReader r = shot.getPixelReader();
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                out.setRGB(x, y, r.getArgb(x, y));
            }
        }
        Files.createDirectories(file.getParent());
        ImageIO.write(out, "png", file.toFile());
        return file;
    }

    @Override
    public void close() throws Exception {
        onFx(() -> {
            window.stage().close();
            return null;
        });
        services.close();
    }
}

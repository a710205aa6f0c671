package io.dejavu.app.settings;

import java.io.File;
import javafx.collections.FXCollections;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.Separator;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.util.StringConverter;

/**
 * Devices, video file as camera, target bitrate and k policy, forwarded to {@link SettingsViewModel},
 * and below them the "Learning from my calls" section ({@link LearningView}).
 */
public final class SettingsView extends VBox {
    public SettingsView(SettingsViewModel vm, LearningViewModel learning, Runnable onClose) {
        setId("settingsView");
        getStyleClass().add("screen");
        setSpacing(12);
        setPadding(new Insets(20));

        Label heading = new Label("Settings");
        heading.getStyleClass().add("heading");

        ComboBox<String> camera = new ComboBox<>(vm.cameras());
        camera.setId("cameraChoice");
        camera.valueProperty().bindBidirectional(vm.cameraProperty());
        ComboBox<String> mic = new ComboBox<>(vm.microphones());
        mic.setId("micChoice");
        mic.valueProperty().bindBidirectional(vm.microphoneProperty());

        TextField video = new TextField();
        video.setId("videoFile");
        video.setPromptText("none: use the camera");
        video.setPrefColumnCount(28);
        video.textProperty().bindBidirectional(vm.videoFileProperty());
        Button browse = new Button("Choose…");
        browse.setId("browseVideo");
        browse.setOnAction(e -> {
            FileChooser chooser = new FileChooser();
            chooser.setTitle("Video to send instead of the camera");
            chooser.getExtensionFilters()
                    .add(new FileChooser.ExtensionFilter("Videos", "*.mp4", "*.mkv", "*.webm", "*.avi", "*.mov"));
            File f = chooser.showOpenDialog(getScene().getWindow());
            if (f != null) {
                vm.videoFileProperty().set(f.getAbsolutePath());
            }
        });
        Button clear = new Button("Use camera");
        clear.setId("clearVideo");
        clear.setOnAction(e -> vm.videoFileProperty().set(""));

        TextField bitrate = new TextField();
        bitrate.setId("bitrate");
        bitrate.setPrefColumnCount(6);
        bitrate.textProperty().bindBidirectional(vm.bitrateProperty());

        ComboBox<KPolicy.Mode> mode = new ComboBox<>(FXCollections.observableArrayList(KPolicy.Mode.values()));
        mode.setId("kMode");
        mode.setConverter(new StringConverter<>() {
            @Override
            public String toString(KPolicy.Mode m) {
                return m == null ? "" : m == KPolicy.Mode.FRACTION ? "share of patches (%)" : "time budget (ms/frame)";
            }

            @Override
            public KPolicy.Mode fromString(String s) {
                return null;
            }
        });
        mode.valueProperty().bindBidirectional(vm.kModeProperty());
        TextField kValue = new TextField();
        kValue.setId("kValue");
        kValue.setPrefColumnCount(6);
        kValue.textProperty().bindBidirectional(vm.kValueProperty());

        GridPane grid = new GridPane();
        grid.setHgap(10);
        grid.setVgap(10);
        grid.addRow(0, new Label("Camera"), camera);
        grid.addRow(1, new Label("Microphone"), mic);
        grid.addRow(2, new Label("Video file as camera"), new HBox(8, video, browse, clear));
        grid.addRow(3, new Label("Target bitrate (kbps)"), bitrate);
        grid.addRow(4, new Label("Enhance"), new HBox(8, mode, kValue));

        Button save = new Button("Save");
        save.setId("saveSettings");
        save.setDefaultButton(true);
        save.setOnAction(e -> vm.save());
        Button close = new Button("Back");
        close.setId("closeSettings");
        close.setCancelButton(true);
        close.setOnAction(e -> onClose.run());
        HBox buttons = new HBox(10, save, close);
        buttons.setAlignment(Pos.CENTER_LEFT);

        Label error = new Label();
        error.setId("settingsError");
        error.getStyleClass().add("error");
        error.setWrapText(true);
        error.textProperty().bind(vm.errorProperty());
        Label message = new Label();
        message.setId("settingsMessage");
        message.getStyleClass().add("info");
        message.textProperty().bind(vm.messageProperty());

        getChildren().addAll(heading, grid, buttons, error, message, new Separator(), new LearningView(learning));
    }
}

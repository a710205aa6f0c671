package io.dejavu.app.call;

import io.dejavu.app.render.FrameRenderer;
import io.dejavu.protocol.video.I420Frame;
import java.util.concurrent.Executor;
import javafx.beans.property.BooleanProperty;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ToggleButton;
import javafx.scene.image.ImageView;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.StackPane;

/**
 * The call screen: large remote video (optionally split decoded/enhanced), a small local preview,
 * the stats overlay and the call controls. Owns the three renderers that turn frames into images.
 */
public final class CallView extends BorderPane implements AutoCloseable {
    private final FrameRenderer remoteDecoded;
    private final FrameRenderer remoteEnhanced;
    private final FrameRenderer local;
    private final SplitVideoPane video;
    private volatile boolean splitOn;

    /** @param fx runs work on the FX thread ({@code Platform::runLater}) */
    public CallView(CallViewModel vm, Executor fx) {
        setId("callView");
        getStyleClass().add("call-screen");
        remoteDecoded = new FrameRenderer("remote-decoded", fx);
        remoteEnhanced = new FrameRenderer("remote-enhanced", fx);
        local = new FrameRenderer("local", fx);
        vm.streamFpsProperty().addListener((o, was, now) -> {
            remoteDecoded.setMaxFps(now.doubleValue());
            remoteEnhanced.setMaxFps(now.doubleValue());
        });

        video = new SplitVideoPane(vm.splitViewProperty(), vm.dividerProperty());
        video.decodedView().imageProperty().bind(remoteDecoded.imageProperty());
        video.enhancedView().imageProperty().bind(remoteEnhanced.imageProperty());

        ImageView preview = new ImageView();
        preview.setId("localPreview");
        preview.setPreserveRatio(true);
        preview.setFitWidth(200);
        preview.imageProperty().bind(local.imageProperty());
        preview.visibleProperty().bind(vm.cameraOnProperty());
        StackPane.setAlignment(preview, Pos.BOTTOM_RIGHT);
        StackPane.setMargin(preview, new Insets(12));

        StatsOverlay stats = new StatsOverlay(vm.statsProperty());
        stats.visibleProperty().bind(vm.statsVisibleProperty());
        StackPane.setAlignment(stats, Pos.TOP_LEFT);
        StackPane.setMargin(stats, new Insets(12));

        Label status = new Label();
        status.setId("callStatus");
        status.getStyleClass().add("call-status");
        status.textProperty().bind(vm.statusProperty());
        Label model = new Label();
        model.setId("modelState");
        model.getStyleClass().add("call-status");
        model.textProperty().bind(vm.modelStateProperty().map(ModelState::describe));
        HBox header = new HBox(16, status, model);
        header.setPadding(new Insets(8, 12, 8, 12));
        header.setAlignment(Pos.CENTER_LEFT);

        StackPane stage = new StackPane(video, stats, preview);
        stage.getStyleClass().add("video-stage");
        video.setManaged(true);

        Button hangUp = new Button("Hang up");
        hangUp.setId("hangUp");
        hangUp.getStyleClass().add("hangup");
        hangUp.setOnAction(e -> vm.hangUp());
        HBox controls = new HBox(
                10,
                toggle("muteMic", "Mute", vm.micMutedProperty()),
                toggle("cameraToggle", "Camera", vm.cameraOnProperty()),
                toggle("enhanceToggle", "Enhance", vm.enhancementOnProperty()),
                toggle("splitToggle", "Split view", vm.splitViewProperty()),
                toggle("statsToggle", "Stats", vm.statsVisibleProperty()),
                hangUp);
        controls.setAlignment(Pos.CENTER);
        controls.setPadding(new Insets(10));
        controls.getStyleClass().add("call-controls");

        setTop(header);
        setCenter(stage);
        setBottom(controls);

        splitOn = vm.splitViewProperty().get();
        vm.splitViewProperty().addListener((o, was, now) -> splitOn = now);
        vm.setFrameSinks(new FrameSinks() {
            @Override
            public void remoteDecoded(I420Frame frame) {
                if (splitOn) { // the decoded picture is only visible in the split view
                    remoteDecoded.submit(frame);
                }
            }

            @Override
            public void remoteEnhanced(I420Frame frame) {
                remoteEnhanced.submit(frame);
            }

            @Override
            public void local(I420Frame frame) {
                local.submit(frame);
            }
        });
    }

    private static ToggleButton toggle(String id, String text, BooleanProperty state) {
        ToggleButton t = new ToggleButton(text);
        t.setId(id);
        t.selectedProperty().bindBidirectional(state);
        return t;
    }

    /** The renderer of the large picture (tests read its counters). */
    public FrameRenderer remoteRenderer() {
        return remoteEnhanced;
    }

    public SplitVideoPane videoPane() {
        return video;
    }

    @Override
    public void close() {
        remoteDecoded.close();
        remoteEnhanced.close();
        local.close();
    }
}

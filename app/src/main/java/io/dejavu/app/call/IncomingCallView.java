package io.dejavu.app.call;

import javafx.animation.Animation;
import javafx.animation.ScaleTransition;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.scene.shape.Circle;
import javafx.util.Duration;

/** The ringing card over the current screen: who calls, accept, reject or block them. */
public final class IncomingCallView extends VBox {
    private final ScaleTransition pulse;

    public IncomingCallView(CallViewModel vm) {
        setId("incomingCall");
        getStyleClass().add("incoming-card");
        setAlignment(Pos.CENTER);
        setSpacing(16);
        setMaxSize(360, 240);

        Circle bell = new Circle(18);
        bell.getStyleClass().add("ring-dot");
        pulse = new ScaleTransition(Duration.millis(450), bell);
        pulse.setFromX(1);
        pulse.setFromY(1);
        pulse.setToX(1.4);
        pulse.setToY(1.4);
        pulse.setAutoReverse(true);
        pulse.setCycleCount(Animation.INDEFINITE);

        Label caller = new Label();
        caller.setId("incomingCaller");
        caller.getStyleClass().add("heading");
        caller.textProperty().bind(vm.peerProperty().map(p -> p + " is calling"));

        Button accept = new Button("Accept");
        accept.setId("acceptCall");
        accept.getStyleClass().add("accept");
        accept.setOnAction(e -> vm.accept());
        Button reject = new Button("Reject");
        reject.setId("rejectCall");
        reject.getStyleClass().add("hangup");
        reject.setOnAction(e -> vm.reject());
        Button block = new Button("Block");
        block.setId("blockCaller");
        block.setOnAction(e -> vm.blockCaller());
        HBox buttons = new HBox(16, accept, reject, block);
        buttons.setAlignment(Pos.CENTER);

        getChildren().addAll(bell, caller, buttons);
        visibleProperty().addListener((o, was, now) -> {
            if (now) {
                pulse.playFromStart();
            } else {
                pulse.stop();
            }
        });
    }
}

package io.dejavu.app.settings;

import javafx.beans.binding.Bindings;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;

/**
 * The "Learning from my calls" section of the settings screen; binds to {@link LearningViewModel}.
 * Deleting the self-trained versions asks first, in place (no modal dialog).
 */
public final class LearningView extends VBox {
    public LearningView(LearningViewModel vm) {
        setId("learningSection");
        setSpacing(8);

        Label heading = new Label("Learning from my calls");
        heading.getStyleClass().add("subheading");

        CheckBox consent = new CheckBox("Learn from my calls");
        consent.setId("learningConsent");
        consent.selectedProperty().bindBidirectional(vm.consentProperty());
        consent.disableProperty().bind(vm.availableProperty().not().or(vm.busyProperty()));
        Label kept = label("learningWhatIsKept", vm.whatIsKeptProperty());
        kept.setWrapText(true);

        Label state = label("learningState", vm.stateProperty());
        Label footage = label("learningFootage", vm.footageProperty());
        Label progress = label("learningProgress", vm.progressProperty());

        ListView<String> versions = new ListView<>(vm.versions());
        versions.setId("learningVersions");
        versions.setPrefHeight(96);
        versions.setPlaceholder(new Label("No self-trained versions yet."));

        Button pause = new Button();
        pause.setId("learningPause");
        pause.textProperty()
                .bind(Bindings.when(vm.pausedProperty()).then("Resume").otherwise("Pause learning"));
        pause.disableProperty().bind(vm.consentProperty().not().or(vm.busyProperty()));
        pause.setOnAction(e -> vm.pauseOrResume());
        Button deleteFootage = new Button("Delete my footage");
        deleteFootage.setId("learningDeleteFootage");
        deleteFootage.disableProperty().bind(vm.availableProperty().not().or(vm.busyProperty()));
        deleteFootage.setOnAction(e -> vm.deleteFootage());
        Button deleteVersions = new Button("Delete self-trained models");
        deleteVersions.setId("learningDeleteVersions");
        deleteVersions.disableProperty().bind(vm.availableProperty().not().or(vm.busyProperty()));

        Button confirm = new Button("Delete them");
        confirm.setId("learningConfirmDelete");
        Button cancel = new Button("Keep them");
        cancel.setId("learningCancelDelete");
        HBox confirmation = new HBox(
                8, new Label("Delete every self-trained version, here and on the model store?"), confirm, cancel);
        confirmation.setId("learningConfirmation");
        confirmation.setAlignment(Pos.CENTER_LEFT);
        confirmation.setVisible(false);
        confirmation.managedProperty().bind(confirmation.visibleProperty());
        deleteVersions.setOnAction(e -> confirmation.setVisible(true));
        cancel.setOnAction(e -> confirmation.setVisible(false));
        confirm.setOnAction(e -> {
            confirmation.setVisible(false);
            vm.deleteVersions();
        });

        HBox buttons = new HBox(10, pause, deleteFootage, deleteVersions);
        buttons.setAlignment(Pos.CENTER_LEFT);

        Label message = label("learningMessage", vm.messageProperty());
        message.getStyleClass().add("info");
        Label error = label("learningError", vm.errorProperty());
        error.getStyleClass().add("error");
        error.setWrapText(true);

        getChildren()
                .addAll(
                        heading,
                        consent,
                        kept,
                        new HBox(12, state, footage, progress),
                        versions,
                        buttons,
                        confirmation,
                        message,
                        error);
    }

    private static Label label(String id, javafx.beans.value.ObservableValue<String> text) {
        Label l = new Label();
        l.setId(id);
        l.textProperty().bind(text);
        return l;
    }
}

package io.dejavu.app.contacts;

import io.dejavu.app.session.Contact;
import java.util.Locale;
import javafx.beans.value.ObservableStringValue;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.TextField;
import javafx.scene.input.MouseButton;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.scene.shape.Circle;

/**
 * Contacts with presence, a Block/Unblock button each, and a dial box; forwards to {@link
 * ContactsViewModel}.
 */
public final class ContactsView extends VBox {
    /**
     * @param callMessage why the last call ended (from the call view model)
     * @param onSettings opens the settings
     * @param onSignOut signs out
     */
    public ContactsView(
            ContactsViewModel vm, ObservableStringValue callMessage, Runnable onSettings, Runnable onSignOut) {
        setId("contactsView");
        getStyleClass().add("screen");
        setSpacing(12);
        setPadding(new Insets(20));

        Label me = new Label();
        me.setId("me");
        me.getStyleClass().add("heading");
        me.textProperty().bind(vm.meProperty().map(n -> "Signed in as " + n));
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        Button settings = new Button("Settings");
        settings.setId("settingsButton");
        settings.setOnAction(e -> onSettings.run());
        Button signOut = new Button("Sign out");
        signOut.setId("signOutButton");
        signOut.setOnAction(e -> onSignOut.run());
        HBox top = new HBox(10, me, spacer, settings, signOut);
        top.setAlignment(Pos.CENTER_LEFT);

        TextField dial = new TextField();
        dial.setId("dialBox");
        dial.setPromptText("name to call");
        dial.textProperty().bindBidirectional(vm.dialTextProperty());
        dial.setOnAction(e -> vm.dialTyped());
        HBox.setHgrow(dial, Priority.ALWAYS);
        Button call = new Button("Call");
        call.setId("dialButton");
        call.getStyleClass().add("accept");
        call.setOnAction(e -> vm.dialTyped());
        HBox dialRow = new HBox(10, dial, call);

        ListView<Contact> list = new ListView<>(vm.contacts());
        list.setId("contacts");
        list.setPlaceholder(new Label("Nobody else is signed in yet."));
        list.setCellFactory(v -> new ContactCell(vm));
        vm.blocked().addListener((javafx.collections.SetChangeListener<String>) change -> list.refresh());
        VBox.setVgrow(list, Priority.ALWAYS);

        Label error = new Label();
        error.setId("contactsError");
        error.getStyleClass().add("error");
        error.textProperty().bind(vm.errorProperty());
        Label last = new Label();
        last.setId("callMessage");
        last.getStyleClass().add("info");
        last.textProperty().bind(callMessage);

        getChildren().addAll(top, dialRow, new Label("Contacts"), list, error, last);
    }

    private static final class ContactCell extends ListCell<Contact> {
        private final ContactsViewModel vm;

        ContactCell(ContactsViewModel vm) {
            this.vm = vm;
        }

        @Override
        protected void updateItem(Contact contact, boolean empty) {
            super.updateItem(contact, empty);
            if (empty || contact == null) {
                setGraphic(null);
                setText(null);
                setOnMouseClicked(null);
                return;
            }
            Circle dot = new Circle(5);
            dot.getStyleClass().addAll("presence", contact.presence().name().toLowerCase(Locale.ROOT));
            Label name = new Label(contact.name());
            name.setId("contact-" + contact.name());
            Label presence = new Label(contact.presence().name().toLowerCase(Locale.ROOT));
            presence.getStyleClass().add("presence-text");
            Region spacer = new Region();
            HBox.setHgrow(spacer, Priority.ALWAYS);
            boolean blocked = vm.isBlocked(contact.name());
            if (blocked) {
                presence.setText("blocked");
            }
            Button call = new Button("Call");
            call.setId("call-" + contact.name());
            call.setDisable(blocked || contact.presence() == Contact.Presence.OFFLINE);
            call.setOnAction(e -> vm.dial(contact.name()));
            Button block = new Button(blocked ? "Unblock" : "Block");
            block.setId((blocked ? "unblock-" : "block-") + contact.name());
            block.setOnAction(e -> {
                if (blocked) {
                    vm.unblock(contact.name());
                } else {
                    vm.block(contact.name());
                }
            });
            HBox row = new HBox(8, dot, name, presence, spacer, block, call);
            row.setAlignment(Pos.CENTER_LEFT);
            setText(null);
            setGraphic(row);
            setOnMouseClicked(e -> {
                if (e.getButton() == MouseButton.PRIMARY && e.getClickCount() == 2) {
                    vm.dial(contact.name());
                }
            });
        }
    }
}

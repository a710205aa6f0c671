package io.dejavu.app.shell;

import io.dejavu.app.call.CallView;
import io.dejavu.app.call.IncomingCallView;
import io.dejavu.app.contacts.ContactsView;
import io.dejavu.app.settings.SettingsView;
import io.dejavu.app.signin.SignInView;
import java.util.Map;
import java.util.concurrent.Executor;
import javafx.scene.Node;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;

/** The window's content: one screen at a time, with the incoming-call card over it. */
public final class MainView extends StackPane implements AutoCloseable {
    private final CallView callView;

    public MainView(MainViewModel vm, Executor fx) {
        setId("mainView");
        getStyleClass().add("root-pane");
        SignInView signIn = new SignInView(vm.signIn());
        ContactsView contacts =
                new ContactsView(vm.contacts(), vm.call().lastEndProperty(), vm::openSettings, () -> vm.signOut(""));
        callView = new CallView(vm.call(), fx);
        SettingsView settings = new SettingsView(vm.settingsScreen(), vm.learning(), vm::closeSettings);
        Map<MainViewModel.Screen, Node> screens = Map.of(
                MainViewModel.Screen.SIGN_IN, signIn,
                MainViewModel.Screen.CONTACTS, contacts,
                MainViewModel.Screen.CALL, callView,
                MainViewModel.Screen.SETTINGS, settings);
        IncomingCallView incoming = new IncomingCallView(vm.call());
        Region dim = new Region();
        dim.getStyleClass().add("dim");
        dim.visibleProperty().bind(vm.incomingProperty());
        javafx.scene.control.Label note = new javafx.scene.control.Label();
        note.setId("connectionNote");
        note.getStyleClass().add("connection-note");
        note.textProperty().bind(vm.connectionNoteProperty());
        note.visibleProperty().bind(note.textProperty().isNotEmpty());
        note.setMouseTransparent(true);
        StackPane.setAlignment(note, javafx.geometry.Pos.TOP_CENTER);
        getChildren().addAll(signIn, contacts, callView, settings, dim, incoming, note);
        for (var e : screens.entrySet()) {
            Node n = e.getValue();
            n.visibleProperty().bind(vm.screenProperty().isEqualTo(e.getKey()));
            n.managedProperty().bind(n.visibleProperty());
        }
        incoming.setVisible(false);
        incoming.visibleProperty().bind(vm.incomingProperty());
    }

    public CallView callView() {
        return callView;
    }

    @Override
    public void close() {
        callView.close();
    }
}

package io.dejavu.app.signin;

import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;

/** The sign-in form: binds to {@link SignInViewModel} and forwards the button. */
public final class SignInView extends VBox {
    public SignInView(SignInViewModel vm) {
        setId("signInView");
        getStyleClass().add("screen");
        setAlignment(Pos.CENTER);
        setSpacing(14);
        setPadding(new Insets(32));

        Label title = new Label("Dejavu");
        title.getStyleClass().add("app-title");
        Label subtitle = new Label("Video calls that look better than their bitrate");
        subtitle.getStyleClass().add("subtitle");

        TextField server = new TextField();
        server.setId("serverUrl");
        server.setPromptText("ws://host:port/ws");
        server.textProperty().bindBidirectional(vm.serverUrlProperty());
        TextField user = new TextField();
        user.setId("user");
        user.setPromptText("your name");
        user.textProperty().bindBidirectional(vm.userProperty());
        PasswordField token = new PasswordField();
        token.setId("token");
        token.setPromptText("token from ./dejavu users add");
        token.textProperty().bindBidirectional(vm.tokenProperty());
        TextField store = new TextField();
        store.setId("storeUrl");
        store.setPromptText("http://host:port (optional: models for enhancement)");
        store.textProperty().bindBidirectional(vm.storeUrlProperty());
        CheckBox remember = new CheckBox("Remember my token on this computer");
        remember.setId("remember");
        remember.selectedProperty().bindBidirectional(vm.rememberProperty());

        GridPane form = new GridPane();
        form.setHgap(10);
        form.setVgap(10);
        form.setMaxWidth(460);
        form.addRow(0, new Label("Server"), server);
        form.addRow(1, new Label("User"), user);
        form.addRow(2, new Label("Token"), token);
        form.addRow(3, new Label("Model store"), store);
        form.add(remember, 1, 4);
        server.setPrefColumnCount(26);

        Button signIn = new Button("Sign in");
        signIn.setId("signIn");
        signIn.setDefaultButton(true);
        signIn.disableProperty().bind(vm.busyProperty());
        signIn.setOnAction(e -> vm.signIn());
        ProgressIndicator progress = new ProgressIndicator();
        progress.setPrefSize(22, 22);
        progress.visibleProperty().bind(vm.busyProperty());
        Label status = new Label();
        status.setId("signInStatus");
        status.textProperty().bind(vm.statusProperty());
        HBox actions = new HBox(10, signIn, progress, status);
        actions.setAlignment(Pos.CENTER);

        Label error = new Label();
        error.setId("signInError");
        error.getStyleClass().add("error");
        error.setWrapText(true);
        error.setMaxWidth(460);
        error.textProperty().bind(vm.errorProperty());

        getChildren().addAll(title, subtitle, form, actions, error);
    }
}

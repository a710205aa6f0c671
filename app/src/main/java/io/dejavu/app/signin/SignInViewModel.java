package io.dejavu.app.signin;

import io.dejavu.app.common.UserMessages;
import io.dejavu.app.session.Session;
import io.dejavu.app.session.SessionService;
import io.dejavu.app.session.SignInException;
import io.dejavu.app.session.SignInRequest;
import io.dejavu.app.settings.AppSettings;
import java.util.concurrent.Executor;
import java.util.function.BiConsumer;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * State of the sign-in screen: what was typed, whether a sign-in is under way, and the last error
 * as a sentence. Signing in runs on {@code background}; results land on {@code ui}.
 *
 * <pre>{@code
 * SignInViewModel vm = new SignInViewModel(service, Platform::runLater, pool, (session, req) -> ...);
 * vm.serverUrlProperty().set("ws://127.0.0.1:8080/ws");
 * vm.signIn();
 * }</pre>
 */
public final class SignInViewModel {
    private static final Logger log = LoggerFactory.getLogger(SignInViewModel.class);

    private final SessionService service;
    private final Executor ui;
    private final Executor background;
    private final BiConsumer<Session, SignInRequest> onSignedIn;

    private final StringProperty serverUrl = new SimpleStringProperty("");
    private final StringProperty user = new SimpleStringProperty("");
    private final StringProperty token = new SimpleStringProperty("");
    private final StringProperty storeUrl = new SimpleStringProperty("");
    private final BooleanProperty remember = new SimpleBooleanProperty(true);
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("");

    public SignInViewModel(
            SessionService service, Executor ui, Executor background, BiConsumer<Session, SignInRequest> onSignedIn) {
        this.service = service;
        this.ui = ui;
        this.background = background;
        this.onSignedIn = onSignedIn;
    }

    /** Fills the fields from remembered settings (a token is kept only when remembered). */
    public void prefill(AppSettings settings) {
        serverUrl.set(settings.serverUrl());
        user.set(settings.user());
        token.set(settings.token());
        storeUrl.set(settings.storeUrl());
    }

    /** Starts signing in with what was typed; errors land in {@link #errorProperty()}. */
    public void signIn() {
        if (busy.get()) {
            return;
        }
        SignInRequest request;
        try {
            request = SignInRequest.parse(serverUrl.get(), user.get(), token.get());
        } catch (IllegalArgumentException e) {
            error.set(e.getMessage());
            return;
        }
        String store = storeUrl.get() == null ? "" : storeUrl.get().strip();
        if (!store.isEmpty() && !store.startsWith("http://") && !store.startsWith("https://")) {
            error.set("The model store URL must look like http://host:port, not '" + store + "'.");
            return;
        }
        error.set("");
        busy.set(true);
        status.set("Signing in to " + request.server().getHost() + "…");
        background.execute(() -> {
            try {
                Session session = service.signIn(request);
                ui.execute(() -> {
                    busy.set(false);
                    status.set("");
                    onSignedIn.accept(session, request);
                });
            } catch (SignInException e) {
                log.info("Sign-in as {} to {} failed: {}", request.user(), request.server(), e.getMessage());
                fail(UserMessages.sentence(e.getMessage()));
            } catch (RuntimeException e) {
                log.warn("Sign-in as {} to {} failed", request.user(), request.server(), e);
                fail("Could not sign in: " + UserMessages.describe(e));
            }
        });
    }

    /** Shows why the session ended (server gone, signed out elsewhere). */
    public void showSignedOut(String reason) {
        error.set(reason);
    }

    private void fail(String message) {
        ui.execute(() -> {
            busy.set(false);
            status.set("");
            error.set(message);
        });
    }

    public StringProperty serverUrlProperty() {
        return serverUrl;
    }

    public StringProperty userProperty() {
        return user;
    }

    public StringProperty tokenProperty() {
        return token;
    }

    /** The caller-model store's URL; empty calls without models. */
    public StringProperty storeUrlProperty() {
        return storeUrl;
    }

    public BooleanProperty rememberProperty() {
        return remember;
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }
}

package io.dejavu.app.signin;

import static io.dejavu.app.fakes.Fakes.DIRECT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.dejavu.app.fakes.FakeSession;
import io.dejavu.app.session.Session;
import io.dejavu.app.session.SessionService;
import io.dejavu.app.session.SignInException;
import io.dejavu.app.session.SignInRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SignInViewModelTest {
    private final AtomicReference<Session> signedIn = new AtomicReference<>();
    private final List<SignInRequest> asked = new ArrayList<>();

    private SignInViewModel vm(SessionService service) {
        SignInViewModel vm = new SignInViewModel(service, DIRECT, DIRECT, (s, r) -> signedIn.set(s));
        vm.serverUrlProperty().set("ws://127.0.0.1:9000/signal");
        vm.userProperty().set("alice");
        vm.tokenProperty().set("secret");
        return vm;
    }

    @Test
    void signsInWithWhatWasTyped() {
        FakeSession session = new FakeSession("alice");
        SignInViewModel vm = vm(r -> {
            asked.add(r);
            return session;
        });
        vm.signIn();
        assertSame(session, signedIn.get());
        assertEquals("alice", asked.get(0).user());
        assertEquals("", vm.errorProperty().get());
        assertFalse(vm.busyProperty().get());
    }

    @Test
    void wrongTokenShowsTheServersSentence() {
        SignInViewModel vm = vm(r -> {
            throw new SignInException("the server did not accept the token for alice");
        });
        vm.signIn();
        assertNull(signedIn.get());
        assertEquals(
                "The server did not accept the token for alice.",
                vm.errorProperty().get());
        assertFalse(vm.busyProperty().get());
    }

    @Test
    void unexpectedFailureIsASentenceNotAStackTrace() {
        SignInViewModel vm = vm(r -> {
            throw new IllegalStateException("socket closed\n\tat foo.Bar(Bar.java:1)");
        });
        vm.signIn();
        assertEquals("Could not sign in: Socket closed.", vm.errorProperty().get());
    }

    @ParameterizedTest
    @CsvSource(
            textBlock =
                    """
            '',                       alice, t, 'Enter the server URL, for example ws://127.0.0.1:8080/ws.'
            http://host:1/x,          alice, t, 'The server URL must look like ws://host:port/path or wss://host:port/path, not ''http://host:1/x''.'
            ws://127.0.0.1:9/signal,  '',    t, Enter your user name.
            ws://127.0.0.1:9/signal,  alice, '', Enter your token.
            """)
    void badInputIsRefusedBeforeTouchingTheNetwork(String url, String user, String token, String message) {
        SignInViewModel vm = vm(r -> {
            throw new AssertionError("must not connect");
        });
        vm.serverUrlProperty().set(url);
        vm.userProperty().set(user);
        vm.tokenProperty().set(token);
        vm.signIn();
        assertEquals(message, vm.errorProperty().get());
    }
}

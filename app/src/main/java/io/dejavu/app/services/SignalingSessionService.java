package io.dejavu.app.services;

import io.dejavu.app.session.LearningOpener;
import io.dejavu.app.session.Session;
import io.dejavu.app.session.SessionService;
import io.dejavu.app.session.SignInException;
import io.dejavu.app.session.SignInRequest;
import io.dejavu.call.MediaRuntime;
import io.dejavu.protocol.signaling.ErrorCode;
import io.dejavu.protocol.signaling.SignalMessage.Welcome;
import io.dejavu.protocol.signaling.client.SignalingClient;
import io.dejavu.protocol.signaling.client.SignalingException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Signs in through the real {@link SignalingClient} and runs calls on the real call engine: the
 * production {@link SessionService}. Every session shares the process's one {@link MediaRuntime}.
 *
 * <pre>{@code
 * SessionService sessions = new SignalingSessionService(runtimeHolder::get, Duration.ofSeconds(5));
 * Session s = sessions.signIn(SignInRequest.parse("ws://127.0.0.1:8080/signal", "alice", token));
 * }</pre>
 */
public final class SignalingSessionService implements SessionService {
    private static final Logger log = LoggerFactory.getLogger(SignalingSessionService.class);
    private final Supplier<MediaRuntime> runtime;
    private final Duration connectTimeout;
    private final LearningOpener learning;

    /**
     * @param runtime the process's media runtime, opened on first use
     * @param connectTimeout how long connecting and authenticating may take
     */
    public SignalingSessionService(Supplier<MediaRuntime> runtime, Duration connectTimeout) {
        this(runtime, connectTimeout, LearningOpener.NONE);
    }

    /**
     * @param learning opens each signed-in user's learning from their calls (issue 17)
     */
    public SignalingSessionService(Supplier<MediaRuntime> runtime, Duration connectTimeout, LearningOpener learning) {
        this.runtime = runtime;
        this.connectTimeout = connectTimeout;
        this.learning = learning;
    }

    @Override
    public Session signIn(SignInRequest request) throws SignInException {
        SignalingSession session =
                new SignalingSession(request.user(), request.server(), request.token(), runtime, learning);
        SignalingClient client = SignalingClient.builder(request.server(), request.token())
                .presence(true)
                .clientName("dejavu-app")
                .connectTimeout(connectTimeout)
                .listener(session)
                .build();
        Welcome welcome;
        try {
            welcome = client.connect();
        } catch (SignalingException e) {
            session.abandon();
            throw new SignInException(describe(request, e), e);
        } catch (RuntimeException e) {
            session.abandon();
            client.close();
            throw e;
        }
        if (!welcome.user().equals(request.user())) {
            client.close();
            session.abandon();
            throw new SignInException("This token belongs to " + welcome.user() + ", not to " + request.user() + ".");
        }
        log.info("Signed in to {} as {}", request.server(), welcome.user());
        session.connected(client, welcome);
        return session;
    }

    private static String describe(SignInRequest request, SignalingException e) {
        if (e.code().orElse(null) == ErrorCode.UNAUTHORIZED) {
            return "The server did not accept the token for " + request.user() + ".";
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConnectException) {
                return "Cannot reach the signaling server at "
                        + request.server().getHost() + ":" + request.server().getPort() + " (connection refused).";
            }
        }
        return "Could not sign in to " + request.server() + ": " + e.getMessage() + ".";
    }
}

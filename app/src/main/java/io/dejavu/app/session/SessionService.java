package io.dejavu.app.session;

/**
 * The app's port to the signaling server: signs a person in and hands back their live
 * {@link Session}. The production adapter wraps the signaling client and the call engine; unit
 * tests of view models use small fakes.
 *
 * <pre>{@code
 * try (Session s = service.signIn(SignInRequest.parse(url, "alice", token))) {
 *     s.setListener(event -> ...);
 *     s.dial("bob", options);
 * }
 * }</pre>
 */
public interface SessionService {
    /**
     * Connects and authenticates; blocks, so call it off the FX thread.
     *
     * @throws SignInException with a sentence for the person (wrong token, server down)
     */
    Session signIn(SignInRequest request) throws SignInException;
}

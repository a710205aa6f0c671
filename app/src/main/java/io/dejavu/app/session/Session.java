package io.dejavu.app.session;

import java.io.IOException;
import java.util.function.Consumer;

/**
 * One signed-in connection: presence, placing and taking calls. Methods never block for the
 * network; results and everything the other side does arrive as {@link SessionEvent}s on the
 * listener, from any thread.
 */
public interface Session extends AutoCloseable {
    /** The signed-in user's name. */
    String user();

    /** Where events go; replaces any earlier listener. Called from service threads. */
    void setListener(Consumer<SessionEvent> listener);

    /** Invites {@code callee}; answered by Ringing, then Connected or Ended. */
    void dial(String callee, CallOptions options);

    /** Takes the incoming call {@code callId}; answered by Connected or Ended. */
    void accept(String callId, CallOptions options);

    /** Declines the incoming call {@code callId}. */
    void reject(String callId);

    /** Turns the incoming call {@code callId} away because this side is in another call. */
    void busy(String callId);

    /**
     * Refuses calls from {@code user} from now on (the server keeps the list) and hides our presence
     * from them; ends any call with them. Answered by BlockListChanged.
     */
    void block(String user);

    /** Takes {@code user} off the block list; answered by BlockListChanged. */
    void unblock(String user);

    /** Ends or cancels the call {@code callId}; answered by Ended. */
    void hangUp(String callId);

    /**
     * Opens this user's learning from their own calls (issue 17) once per session and returns it
     * (the same one on later calls); from then on every call of this session tells it when it
     * starts and ends. The session closes it. Reads files: call it off the FX thread.
     *
     * @param storeUrl where accepted versions are published; empty: they stay on this machine
     * @throws IOException when the user's learning folder cannot be read
     */
    default UserLearning openLearning(String storeUrl) throws IOException {
        return UserLearning.unavailable("Learning from calls is not available in this app.");
    }

    /** Signs out; ends any call. Idempotent. */
    @Override
    void close();
}

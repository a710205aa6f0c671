package io.dejavu.protocol.signaling.client;

import io.dejavu.protocol.signaling.SignalMessage;
import io.dejavu.protocol.signaling.SignalMessage.Answer;
import io.dejavu.protocol.signaling.SignalMessage.Blocked;
import io.dejavu.protocol.signaling.SignalMessage.CallAccepted;
import io.dejavu.protocol.signaling.SignalMessage.CallEnded;
import io.dejavu.protocol.signaling.SignalMessage.ErrorMessage;
import io.dejavu.protocol.signaling.SignalMessage.IceCandidate;
import io.dejavu.protocol.signaling.SignalMessage.Invite;
import io.dejavu.protocol.signaling.SignalMessage.Offer;
import io.dejavu.protocol.signaling.SignalMessage.Presence;
import io.dejavu.protocol.signaling.SignalMessage.Ringing;
import io.dejavu.protocol.signaling.SignalMessage.Welcome;

/**
 * Callbacks of a {@link SignalingClient}. All are called in order on the client's own event thread (never on
 * a socket thread, never while the client holds a lock), so they may call back into the client. Keep them
 * short; hand long work to your own executor. Every method has an empty default.
 */
public interface SignalingListener {
    /** Every message from the server, before the typed callback below. */
    default void onMessage(SignalMessage message) {}

    default void onConnectionState(ConnectionState state) {}

    /** After {@code connect()} and after every reconnection ({@link Welcome#resumed()} says if calls survived). */
    default void onWelcome(Welcome welcome) {}

    default void onPresence(Presence presence) {}

    /** Someone calls us: answer with {@code accept}, {@code reject} or {@code busy}. */
    default void onInvite(Invite invite) {}

    default void onRinging(Ringing ringing) {}

    /** The call is on; if {@link CallAccepted#caller()} we send the SDP offer. */
    default void onCallAccepted(CallAccepted accepted) {}

    /**
     * The call is over: ended by the other party or the server, or {@link
     * io.dejavu.protocol.signaling.EndReason#CONNECTION_LOST} when our own connection could not be resumed.
     */
    default void onCallEnded(CallEnded ended) {}

    default void onOffer(Offer offer) {}

    default void onAnswer(Answer answer) {}

    default void onIceCandidate(IceCandidate candidate) {}

    /** Our block list, after every welcome and every block or unblock. */
    default void onBlocked(Blocked blocked) {}

    /** The server refused or could not process something we sent. */
    default void onError(ErrorMessage error) {}
}

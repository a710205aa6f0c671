package io.dejavu.call.signaling;

import io.dejavu.call.Call;
import io.dejavu.protocol.signaling.SignalMessage;
import java.util.concurrent.CompletableFuture;

/**
 * A call set up through the signaling server.
 *
 * @param callId the server's call id
 * @param peer the other user
 * @param call the media engine of this call (close it to hang up)
 * @param accepted the server's acceptance, with this side's signed ticket for the peer's model
 *     (bound to the signaling client's {@code ticketKey()}, which the store needs with it);
 *     already complete for the caller, completes shortly after {@code accept} for the callee
 */
public record CallHandle(
        String callId, String peer, Call call, CompletableFuture<SignalMessage.CallAccepted> accepted) {}

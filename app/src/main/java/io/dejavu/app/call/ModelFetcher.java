package io.dejavu.app.call;

/**
 * The app's port to the caller-model store: fetches the peer's model with the call ticket the
 * signaling server issued. Blocks; call it off the FX thread. Never throws for the store being
 * down or the model missing: those are {@link ModelState.Failed} and {@link ModelState.None}.
 */
public interface ModelFetcher {
    /**
     * Fetches the peer's model for the holder (the signed-in user, named in the ticket).
     *
     * @return {@link ModelState.Ready}, {@link ModelState.None} or {@link ModelState.Failed}
     */
    ModelState fetch(ModelRequest request);
}

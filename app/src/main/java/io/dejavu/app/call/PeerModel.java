package io.dejavu.app.call;

/**
 * A caller model fetched for the peer, ready to hand to {@link EnhancementService}. The adapter
 * that fetched it keeps whatever it needs (bytes, a cache path) in its own implementation.
 */
public interface PeerModel {
    /** The model's version in the store. */
    int version();

    /** Whether this is the generic model (the peer has no personal one yet). */
    boolean generic();

    /** "personal model v3" or "generic model v1". */
    default String describe() {
        return (generic() ? "generic model v" : "personal model v") + version();
    }
}

package io.dejavu.app.session;

/**
 * Someone the signed-in user can call, and whether they can be reached now.
 *
 * @param name the user name on the signaling server
 * @param presence online, busy in a call, or offline
 */
public record Contact(String name, Presence presence) {
    public enum Presence {
        ONLINE,
        BUSY,
        OFFLINE
    }

    public Contact {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("contact name must not be blank, got '" + name + "'");
        }
        if (presence == null) {
            throw new IllegalArgumentException("presence of " + name + " must be ONLINE, BUSY or OFFLINE, got null");
        }
    }
}

package io.dejavu.signaling;

/** The user database could not be read or changed, or the request was invalid; the message says which. */
public final class UserStoreException extends Exception {
    private static final long serialVersionUID = 1L;

    public UserStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}

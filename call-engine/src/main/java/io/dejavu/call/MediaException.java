package io.dejavu.call;

/**
 * A media resource (libwebrtc, a camera, a video file) could not be opened or used; the caller can
 * pick another source or report the message as is.
 */
public class MediaException extends Exception {
    public MediaException(String message) {
        super(message);
    }

    public MediaException(String message, Throwable cause) {
        super(message, cause);
    }
}

package io.dejavu.app.common;

import java.net.ConnectException;
import java.net.UnknownHostException;
import java.nio.file.NoSuchFileException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/**
 * Turns exceptions into one plain sentence for the screen. Stack traces go to the log, never to
 * the person.
 */
public final class UserMessages {
    private UserMessages() {}

    /** A sentence that says what went wrong, e.g. "Cannot reach the server (connection refused)." */
    public static String describe(Throwable error) {
        Throwable t = unwrap(error);
        String msg = t.getMessage() == null ? "" : t.getMessage().strip();
        if (t instanceof ConnectException) {
            return "Cannot reach the server (" + (msg.isEmpty() ? "connection refused" : msg) + ").";
        }
        if (t instanceof UnknownHostException) {
            return "Unknown server host " + msg + ".";
        }
        if (t instanceof TimeoutException) {
            return "The server did not answer in time.";
        }
        if (t instanceof NoSuchFileException) {
            return "File not found: " + msg + ".";
        }
        if (msg.isEmpty()) {
            return "Something went wrong (" + t.getClass().getSimpleName() + ").";
        }
        return sentence(firstLine(msg));
    }

    /** Capitalises the first letter and ends with a full stop. */
    public static String sentence(String text) {
        String s = text.strip();
        if (s.isEmpty()) {
            return s;
        }
        s = Character.toUpperCase(s.charAt(0)) + s.substring(1);
        char last = s.charAt(s.length() - 1);
        return last == '.' || last == '!' || last == '?' ? s : s + ".";
    }

    private static String firstLine(String msg) {
        int nl = msg.indexOf('\n');
        return nl < 0 ? msg : msg.substring(0, nl);
    }

    private static Throwable unwrap(Throwable error) {
        Throwable t = error;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}

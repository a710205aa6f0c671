package io.dejavu.learning;

/** A failure as the one line learning shows the user and writes to its log. */
public final class OneLine {
    private OneLine() {}

    /** The first line of {@code e}'s message, or its class's simple name when it has none. */
    public static String of(Throwable e) {
        String m = e.getMessage();
        if (m == null || m.isBlank()) {
            m = e.getClass().getSimpleName();
        }
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}

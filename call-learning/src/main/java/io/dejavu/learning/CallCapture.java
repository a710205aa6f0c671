package io.dejavu.learning;

/** One call's footage being kept; closing it commits what was kept (bounded by the limits). */
public interface CallCapture extends AutoCloseable {
    /** Frames kept so far. */
    long framesKept();

    /** Frames not kept because the writer fell behind (the call never waits for it). */
    long framesSkipped();

    @Override
    void close();
}

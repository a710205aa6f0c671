package io.dejavu.testing.postgres;

/** The databases the servers run on; tests that touch storage run on each. */
public enum Backend {
    SQLITE,
    POSTGRES
}

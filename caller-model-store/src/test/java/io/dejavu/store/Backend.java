package io.dejavu.store;

/** The databases the store runs on; store tests that touch storage run on each. */
public enum Backend {
    SQLITE,
    POSTGRES
}

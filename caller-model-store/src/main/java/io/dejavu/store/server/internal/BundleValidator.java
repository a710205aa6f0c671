package io.dejavu.store.server.internal;

import io.dejavu.store.BundleFormatException;
import io.dejavu.store.ModelBundle;

/** Decides whether a bundle may be stored; the exception message is sent to the uploader. */
public interface BundleValidator {
    void validate(ModelBundle bundle) throws BundleFormatException;
}

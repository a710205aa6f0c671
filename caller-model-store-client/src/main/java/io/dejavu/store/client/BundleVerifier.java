package io.dejavu.store.client;

import io.dejavu.store.BundleFormatException;
import io.dejavu.store.ModelBundle;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpHeaders;
import java.nio.file.Path;
import java.util.function.UnaryOperator;

/**
 * The checks a bundle passes before this client uses or publishes it: within this client's size
 * limit, equal to the sha256 the store announced, and a well-formed bundle. A model that fails
 * here is never cached, so a damaged download cannot be loaded on a later call.
 */
final class BundleVerifier {
    private static final int CHUNK = 64 * 1024;

    private final long maxBundleBytes;

    BundleVerifier(long maxBundleBytes) {
        this.maxBundleBytes = maxBundleBytes;
    }

    /**
     * Reads a bundle body, refusing early when the declared length is over the limit and while
     * reading when the store sends more than it declared, so a broken store cannot fill memory.
     */
    byte[] readBody(InputStream in, HttpHeaders headers) throws IOException, ModelStoreException {
        long declared = headers.firstValueAsLong("Content-Length").orElse(-1);
        if (declared > maxBundleBytes) {
            throw corrupt("store sent " + declared + " bytes, over this client's limit of " + maxBundleBytes, null);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(declared > 0 ? (int) declared : CHUNK);
        byte[] buf = new byte[CHUNK];
        long total = 0;
        int n;
        while ((n = in.read(buf)) > 0) {
            total += n;
            if (total > maxBundleBytes) {
                throw corrupt("store sent more than this client's limit of " + maxBundleBytes + " bytes", null);
            }
            out.write(buf, 0, n);
        }
        return out.toByteArray();
    }

    /**
     * Fails as CORRUPT unless {@code zip} hashes to {@code announced}; {@code mismatch} words the
     * message from the actual hash, since a fetch and a version download report it differently.
     */
    static void requireSha256(byte[] zip, String announced, UnaryOperator<String> mismatch) throws ModelStoreException {
        String actual = ModelBundle.sha256Hex(zip);
        if (!actual.equals(announced)) {
            throw corrupt(mismatch.apply(actual), null);
        }
    }

    /** Parses downloaded bytes; {@code invalid} words the message from the format error. */
    ModelBundle parse(byte[] zip, UnaryOperator<String> invalid) throws ModelStoreException {
        try {
            return ModelBundle.fromZip(zip, maxBundleBytes);
        } catch (BundleFormatException e) {
            throw corrupt(invalid.apply(e.getMessage()), e);
        }
    }

    /**
     * Reads a bundle directory or ZIP to publish. Checked here rather than only by the store, so a
     * tool learns which local file is wrong without a round trip.
     */
    ModelBundle readLocal(Path bundleDirOrZip) throws ModelStoreException {
        try {
            return ModelBundle.read(bundleDirOrZip, maxBundleBytes);
        } catch (BundleFormatException e) {
            throw new ModelStoreException(
                    ModelStoreException.Reason.REJECTED,
                    0,
                    "bundle " + bundleDirOrZip + " is invalid: " + e.getMessage(),
                    e);
        } catch (IOException e) {
            throw new ModelStoreException(
                    ModelStoreException.Reason.LOCAL_IO,
                    0,
                    "cannot read bundle " + bundleDirOrZip + ": " + e.getMessage(),
                    e);
        }
    }

    // Status 200: these bytes came with a success answer, the store just sent the wrong ones.
    private static ModelStoreException corrupt(String message, Throwable cause) {
        return new ModelStoreException(ModelStoreException.Reason.CORRUPT, 200, message, cause);
    }
}

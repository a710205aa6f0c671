package io.dejavu.store.client;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.Collections;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** TLS trust from a PKCS#12 file, for stores with a private (e.g. self-signed) certificate. */
final class TrustStores {
    private TrustStores() {}

    static SSLContext trusting(Path file, String password) {
        char[] pw = password == null ? new char[0] : password.toCharArray();
        try (InputStream in = Files.newInputStream(file)) {
            KeyStore source = KeyStore.getInstance("PKCS12");
            source.load(in, pw);
            KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
            trust.load(null, null);
            int n = 0;
            for (String alias : Collections.list(source.aliases())) {
                Certificate cert = source.getCertificate(alias);
                if (cert != null) {
                    trust.setCertificateEntry("cert-" + n++, cert);
                }
            }
            if (n == 0) {
                throw new IllegalArgumentException("PKCS#12 file " + file + " holds no certificate to trust");
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot read PKCS#12 file " + file + ": " + e.getMessage(), e);
        }
    }
}

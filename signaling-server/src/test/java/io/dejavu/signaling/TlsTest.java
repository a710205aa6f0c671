package io.dejavu.signaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dejavu.protocol.signaling.client.SignalingClient;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;

class TlsTest {
    private static final String PASSWORD = "changeit-test";

    /** A self-signed certificate for 127.0.0.1, made with the JDK's keytool. */
    private static Path makeCertificate() throws Exception {
        Path dir = Path.of("target", "test-certs");
        Files.createDirectories(dir);
        Path p12 = dir.resolve(UUID.randomUUID() + ".p12");
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Process p = new ProcessBuilder(
                        keytool.toString(),
                        "-genkeypair",
                        "-alias",
                        "signaling",
                        "-keyalg",
                        "EC",
                        "-groupname",
                        "secp256r1",
                        "-dname",
                        "CN=127.0.0.1",
                        "-ext",
                        "SAN=ip:127.0.0.1",
                        "-validity",
                        "2",
                        "-storetype",
                        "PKCS12",
                        "-keystore",
                        p12.toString(),
                        "-storepass",
                        PASSWORD)
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, "keytool failed: " + out);
        return p12;
    }

    private static SSLContext trusting(Path p12) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(p12)) {
            ks.load(in, PASSWORD.toCharArray());
        }
        Certificate cert = ks.getCertificate("signaling");
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        trust.setCertificateEntry("signaling", cert);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(null, tmf.getTrustManagers(), null);
        return ssl;
    }

    @Test
    void servesWssWithAPkcs12CertificateAndClientsAuthenticateOverIt() throws Exception {
        Path p12 = makeCertificate();
        try (SignalingFixture f = new SignalingFixture(b -> b.tls(p12, PASSWORD))) {
            assertEquals("wss", f.server.uri().getScheme());
            HttpClient http = HttpClient.newBuilder().sslContext(trusting(p12)).build();
            try (SignalingClient client = SignalingClient.builder(f.server.uri(), f.token("alice"))
                    .httpClient(http)
                    .build()) {
                assertEquals("alice", client.connect().user());
            }
        }
    }

    @Test
    void refusesToStartWithAMissingCertificate() throws Exception {
        SignalingServerException e = assertThrows(
                SignalingServerException.class,
                () -> new SignalingFixture(b -> b.tls(Path.of("target", "no-such.p12"), "x")));
        assertTrue(e.getMessage().contains("no-such.p12"), e.getMessage());
    }

    @Test
    void refusesToStartWithAWrongCertificatePassword() throws Exception {
        Path p12 = makeCertificate();
        SignalingServerException e =
                assertThrows(SignalingServerException.class, () -> new SignalingFixture(b -> b.tls(p12, "wrong")));
        assertTrue(e.getMessage().contains("cannot start"), e.getMessage());
    }

    @Test
    void refusesToStartOnAPortInUse() throws Exception {
        try (SignalingFixture first = new SignalingFixture()) {
            int port = first.server.port();
            SignalingServerException e =
                    assertThrows(SignalingServerException.class, () -> new SignalingFixture(b -> b.port(port)));
            assertTrue(e.getMessage().contains(String.valueOf(port)), e.getMessage());
        }
    }
}

package io.dejavu.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dejavu.store.client.FetchedModel;
import io.dejavu.store.client.ModelStoreClient;
import io.dejavu.store.client.ModelStoreException;
import io.dejavu.store.server.StoreConfig;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** With a PKCS#12 certificate the store serves HTTPS, and plain HTTP is refused off loopback. */
class HttpsTest {
    private static final String PASSWORD = "store-pass";
    private static Path p12;

    @BeforeAll
    static void certificate() throws Exception {
        p12 = selfSigned(StoreFixture.newDir("tls"));
    }

    @Test
    void servesHttpsWithAPkcs12CertificateToAClientThatTrustsIt() throws Exception {
        try (StoreFixture store = new StoreFixture(b -> b.pkcs12(p12, PASSWORD));
                ModelStoreClient client = ModelStoreClient.builder(store.uri)
                        .cacheDir(StoreFixture.newDir("cache"))
                        .trustPkcs12(p12, PASSWORD)
                        .build()) {
            assertEquals("https", store.uri.getScheme());
            client.upload(TestModels.random("alice", 1), StoreFixture.ADMIN, true);

            FetchedModel m = client.fetch("alice", StoreFixture.ticketFor("bob", "alice"));

            assertEquals(FetchedModel.Kind.PERSONAL, m.kind());
        }
    }

    @Test
    void aClientThatDoesNotTrustTheCertificateGetsNoModel() throws Exception {
        try (StoreFixture store = new StoreFixture(b -> b.pkcs12(p12, PASSWORD));
                ModelStoreClient client = ModelStoreClient.builder(store.uri)
                        .cacheDir(StoreFixture.newDir("cache"))
                        .retries(0)
                        .build()) {
            ModelStoreException e = assertThrows(
                    ModelStoreException.class, () -> client.fetch("alice", StoreFixture.ticketFor("bob", "alice")));

            assertEquals(ModelStoreException.Reason.UNREACHABLE, e.reason());
            assertTrue(e.getMessage().contains("SSLHandshakeException"), e.getMessage());
        }
    }

    @Test
    void refusesPlainHttpOnANetworkAddress() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> StoreConfig.builder(Path.of("x.db"), StoreFixture.ADMIN)
                        .host("0.0.0.0")
                        .build());

        assertTrue(
                e.getMessage().startsWith("plain HTTP on 0.0.0.0 would send personal models unencrypted"),
                e.getMessage());
    }

    @Test
    void refusesAShortAdminToken() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> StoreConfig.builder(Path.of("x.db"), "short"));

        assertEquals("admin token must have at least 16 characters, got 5", e.getMessage());
    }

    /** A self-signed EC certificate for 127.0.0.1 and localhost, made with the JDK's keytool. */
    static Path selfSigned(Path dir) throws Exception {
        Path p12 = dir.resolve("store.p12");
        Process p = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "keytool")
                                .toString(),
                        "-genkeypair",
                        "-alias",
                        "store",
                        "-keyalg",
                        "EC",
                        "-groupname",
                        "secp256r1",
                        "-dname",
                        "CN=localhost",
                        "-ext",
                        "san=ip:127.0.0.1,dns:localhost",
                        "-validity",
                        "2",
                        "-storetype",
                        "PKCS12",
                        "-keystore",
                        p12.toString(),
                        "-storepass",
                        PASSWORD,
                        "-keypass",
                        PASSWORD)
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), "keytool failed: " + out);
        return p12;
    }
}

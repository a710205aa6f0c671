package io.dejavu.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dejavu.protocol.Json;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** An upload retried after a lost 201 (same Idempotency-Key) returns the version it stored, not a duplicate. */
class IdempotentUploadTest {

    @Test
    void aRetryWithTheSameKeyReturnsTheFirstVersion() throws Exception {
        try (StoreFixture store = new StoreFixture()) {
            byte[] zip = TestModels.random("alice", 1).toZip();

            HttpResponse<byte[]> first = upload(store, zip, "key-1");
            HttpResponse<byte[]> retry = upload(store, zip, "key-1");

            assertEquals(201, first.statusCode());
            assertEquals(201, retry.statusCode());
            assertEquals(version(first), version(retry));
            assertEquals(
                    "true",
                    retry.headers()
                            .firstValue(StoreProtocol.HEADER_IDEMPOTENT_REPLAYED)
                            .orElse(""));
            assertEquals(1, store.server.stats().published());
        }
    }

    @Test
    void aNewKeyStoresANewVersion() throws Exception {
        try (StoreFixture store = new StoreFixture()) {
            byte[] zip = TestModels.random("alice", 1).toZip();

            assertEquals(1, version(upload(store, zip, "key-1")));
            assertEquals(2, version(upload(store, zip, "key-2")));
        }
    }

    @Test
    void aKeyReusedForOtherBytesIsRefused() throws Exception {
        try (StoreFixture store = new StoreFixture()) {
            upload(store, TestModels.random("alice", 1).toZip(), "key-1");

            HttpResponse<byte[]> other =
                    upload(store, TestModels.random("alice", 2).toZip(), "key-1");

            assertEquals(422, other.statusCode());
            assertTrue(StoreApiTest.error(other).contains("already stored v1"), StoreApiTest.error(other));
        }
    }

    @Test
    void aBadKeyIsRefusedWithWhatIsExpected() throws Exception {
        try (StoreFixture store = new StoreFixture()) {
            HttpResponse<byte[]> resp =
                    upload(store, TestModels.random("alice", 1).toZip(), "x".repeat(129));

            assertEquals(400, resp.statusCode());
            assertTrue(StoreApiTest.error(resp).startsWith("Idempotency-Key must be 1 to 128 visible ASCII"));
        }
    }

    @Test
    void everyFileOfTheDatabaseIsReadableByTheOwnerOnly() throws Exception {
        try (StoreFixture store = new StoreFixture()) {
            upload(store, TestModels.random("alice", 1).toZip(), "key-1");

            try (Stream<Path> files = Files.list(store.dir)) {
                for (Path f : files.toList()) {
                    assertEquals(
                            "rw-------",
                            PosixFilePermissions.toString(Files.getPosixFilePermissions(f)),
                            f.getFileName().toString());
                }
            }
            try (Stream<Path> files = Files.list(store.dir)) {
                assertTrue(files.anyMatch(f -> f.toString().endsWith("-wal")), "WAL checked too");
            }
        }
    }

    private static HttpResponse<byte[]> upload(StoreFixture store, byte[] zip, String key) throws Exception {
        return store.send(store.request(StoreProtocol.versionsPath("alice"))
                .header("Authorization", "Bearer " + StoreFixture.ADMIN)
                .header("Content-Type", StoreProtocol.BUNDLE_MEDIA_TYPE)
                .header(StoreProtocol.HEADER_IDEMPOTENCY_KEY, key)
                .POST(HttpRequest.BodyPublishers.ofByteArray(zip)));
    }

    private static int version(HttpResponse<byte[]> resp) throws Exception {
        assertEquals(201, resp.statusCode(), new String(resp.body()));
        return Json.mapper().readTree(resp.body()).path("version").asInt();
    }
}

package io.dejavu.signaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class UserStoreTest {
    private Path db;
    private UserStore users;

    @BeforeEach
    void open() throws Exception {
        Files.createDirectories(Path.of("target", "test-dbs"));
        db = Path.of("target", "test-dbs", UUID.randomUUID() + ".db");
        users = UserStore.open(db);
    }

    @AfterEach
    void close() {
        users.close();
    }

    @Test
    void databaseAndItsWalAreReadableByTheOwnerOnly() throws Exception {
        users.addUser("alice");
        Set<PosixFilePermission> ownerOnly = PosixFilePermissions.fromString("rw-------");
        assertEquals(ownerOnly, Files.getPosixFilePermissions(db));
        Path wal = Path.of(db + "-wal");
        if (Files.exists(wal)) {
            assertEquals(ownerOnly, Files.getPosixFilePermissions(wal));
        }
    }

    @Test
    void tokenAuthenticatesAsItsUser() throws Exception {
        String token = users.addUser("alice");
        assertTrue(token.startsWith("dv1."), token);
        assertEquals(Optional.of("alice"), users.authenticate(token));
    }

    @Test
    void storesNoTokenOrSecretInTheFile() throws Exception {
        String token = users.addUser("alice");
        String secret = token.substring(token.lastIndexOf('.') + 1);
        users.close();
        for (Path p : new Path[] {db, Path.of(db + "-wal")}) {
            if (Files.exists(p)) {
                String bytes = new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1);
                assertFalse(bytes.contains(secret), "secret found in " + p);
            }
        }
        users = UserStore.open(db);
        assertEquals(Optional.of("alice"), users.authenticate(token));
    }

    @Test
    void tamperedOrMalformedTokensAuthenticateNobody() throws Exception {
        String token = users.addUser("alice");
        String otherSecret = users.addUser("bob").split("\\.")[2];
        String[] parts = token.split("\\.");
        assertEquals(Optional.empty(), users.authenticate(parts[0] + "." + parts[1] + "." + otherSecret));
        assertEquals(Optional.empty(), users.authenticate(token + "x"));
        assertEquals(Optional.empty(), users.authenticate("dv1.."));
        assertEquals(Optional.empty(), users.authenticate("garbage"));
        assertEquals(Optional.empty(), users.authenticate(null));
        assertEquals(Optional.empty(), users.authenticate("dv1.a.!!!"));
    }

    @Test
    void revokedUserCannotAuthenticateUntilAddedAgainWithANewToken() throws Exception {
        String old = users.addUser("alice");
        assertTrue(users.revoke("alice"));
        assertFalse(users.revoke("alice"));
        assertEquals(Optional.empty(), users.authenticate(old));
        assertTrue(users.list().get(0).revokedAt().isPresent());
        String fresh = users.addUser("alice");
        assertNotEquals(old, fresh);
        assertEquals(Optional.of("alice"), users.authenticate(fresh));
        assertEquals(Optional.empty(), users.authenticate(old));
    }

    @Test
    void refusesDuplicateActiveUserAndBadNames() throws Exception {
        users.addUser("alice");
        UserStoreException dup = assertThrows(UserStoreException.class, () -> users.addUser("alice"));
        assertTrue(dup.getMessage().contains("already exists"), dup.getMessage());
        UserStoreException bad = assertThrows(UserStoreException.class, () -> users.addUser("al ice"));
        assertTrue(bad.getMessage().contains("'al ice'"), bad.getMessage());
        assertEquals(1, users.list().size());
    }

    @Test
    void listsUsersByNameWithTokenCounts() throws Exception {
        users.addUser("bob");
        users.addUser("alice");
        users.revoke("bob");
        var list = users.list();
        assertEquals("alice", list.get(0).name());
        assertEquals(1, list.get(0).tokens());
        assertEquals("bob", list.get(1).name());
        assertEquals(0, list.get(1).tokens());
    }

    @Test
    void refusesUseAfterClose() {
        users.close();
        assertThrows(IllegalStateException.class, () -> users.authenticate("dv1.a.b"));
    }
}

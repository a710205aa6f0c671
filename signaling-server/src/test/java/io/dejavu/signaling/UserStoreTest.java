package io.dejavu.signaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dejavu.protocol.db.DatabaseLocation;
import io.dejavu.testing.postgres.Backend;
import io.dejavu.testing.postgres.EmbeddedPostgresServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The user database's behaviour, the same on a SQLite file and on a real PostgreSQL (embedded, random port). */
class UserStoreTest {
    @RegisterExtension
    static final EmbeddedPostgresServer PG = new EmbeddedPostgresServer();

    private Path db;
    private UserStore users;

    /** Opens a fresh database of {@code backend}. */
    private void open(Backend backend) throws Exception {
        Files.createDirectories(Path.of("target", "test-dbs"));
        db = Path.of("target", "test-dbs", UUID.randomUUID() + ".db");
        DatabaseLocation location = backend == Backend.SQLITE
                ? DatabaseLocation.sqlite(db)
                : new DatabaseLocation.Postgres(PG.newDatabaseUrl("users"), Optional.empty());
        users = UserStore.open(location);
    }

    @AfterEach
    void close() {
        if (users != null) {
            users.close();
        }
    }

    @Test
    void databaseAndItsWalAreReadableByTheOwnerOnly() throws Exception {
        open(Backend.SQLITE);
        users.addUser("alice");
        Set<PosixFilePermission> ownerOnly = PosixFilePermissions.fromString("rw-------");
        assertEquals(ownerOnly, Files.getPosixFilePermissions(db));
        Path wal = Path.of(db + "-wal");
        if (Files.exists(wal)) {
            assertEquals(ownerOnly, Files.getPosixFilePermissions(wal));
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void tokenAuthenticatesAsItsUser(Backend backend) throws Exception {
        open(backend);
        String token = users.addUser("alice");
        assertTrue(token.startsWith("dv1."), token);
        assertEquals(Optional.of("alice"), users.authenticate(token));
    }

    @Test
    void storesNoTokenOrSecretInTheFile() throws Exception {
        open(Backend.SQLITE);
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

    @ParameterizedTest
    @EnumSource(Backend.class)
    void tamperedOrMalformedTokensAuthenticateNobody(Backend backend) throws Exception {
        open(backend);
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

    @ParameterizedTest
    @EnumSource(Backend.class)
    void revokedUserCannotAuthenticateUntilAddedAgainWithANewToken(Backend backend) throws Exception {
        open(backend);
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

    @ParameterizedTest
    @EnumSource(Backend.class)
    void refusesDuplicateActiveUserAndBadNames(Backend backend) throws Exception {
        open(backend);
        users.addUser("alice");
        UserStoreException dup = assertThrows(UserStoreException.class, () -> users.addUser("alice"));
        assertTrue(dup.getMessage().contains("already exists"), dup.getMessage());
        UserStoreException bad = assertThrows(UserStoreException.class, () -> users.addUser("al ice"));
        assertTrue(bad.getMessage().contains("'al ice'"), bad.getMessage());
        assertEquals(1, users.list().size());
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void listsUsersByNameWithTokenCounts(Backend backend) throws Exception {
        open(backend);
        users.addUser("bob");
        users.addUser("alice");
        users.revoke("bob");
        var list = users.list();
        assertEquals("alice", list.get(0).name());
        assertEquals(1, list.get(0).tokens());
        assertEquals("bob", list.get(1).name());
        assertEquals(0, list.get(1).tokens());
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void refusesUseAfterClose(Backend backend) throws Exception {
        open(backend);
        users.close();
        assertThrows(IllegalStateException.class, () -> users.authenticate("dv1.a.b"));
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void revocationMovesTheChangeStampThatOtherConnectionsSee(Backend backend) throws Exception {
        open(backend);
        users.addUser("alice");
        DatabaseLocation sameDatabase = location();
        try (UserStore other = UserStore.open(sameDatabase)) {
            long before = other.changeStamp();
            users.revoke("alice");
            assertNotEquals(before, other.changeStamp());
            assertEquals(Set.of("alice"), other.revokedUsers());
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void blockListsLiveInTheDatabase(Backend backend) throws Exception {
        open(backend);
        assertEquals(java.util.List.of("bob"), users.block("alice", "bob", 10));
        assertEquals(java.util.List.of("bob", "carol"), users.block("alice", "carol", 10));
        UserStoreException full = assertThrows(UserStoreException.class, () -> users.block("alice", "dave", 2));
        assertTrue(full.getMessage().contains("already blocks 2 users"), full.getMessage());
        try (UserStore other = UserStore.open(location())) {
            assertEquals(java.util.List.of("bob", "carol"), other.blockedBy("alice"));
            assertEquals(java.util.List.of("carol"), other.unblock("alice", "bob"));
        }
        assertEquals(java.util.List.of("carol"), users.blockedBy("alice"));
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void addsAndRevokesManyUsersInOneTransaction(Backend backend) throws Exception {
        open(backend);
        var tokens = users.addUsers(java.util.List.of("u1", "u2", "u3"));
        assertEquals(Optional.of("u2"), users.authenticate(tokens.get("u2")));
        assertThrows(UserStoreException.class, () -> users.addUsers(java.util.List.of("u4", "u1")));
        assertEquals(3, users.list().size(), "a failed batch adds nobody");
        assertEquals(2, users.revokeUsers(java.util.List.of("u1", "u3")));
        assertEquals(Set.of("u1", "u3"), users.revokedUsers());
    }

    @Test
    void aFileFromBeforeFlywayKeepsItsUsersAndTokens() throws Exception {
        Files.createDirectories(Path.of("target", "test-dbs"));
        db = Path.of("target", "test-dbs", UUID.randomUUID() + ".db");
        String token = PreFlywayUserFile.create(db, "alice");
        users = UserStore.open(db);
        assertEquals(Optional.of("alice"), users.authenticate(token));
        long stamp = users.changeStamp();
        assertTrue(users.revoke("alice"));
        assertNotEquals(stamp, users.changeStamp());
        assertEquals(2, PreFlywayUserFile.schemaVersion(db));
    }

    @Test
    void aMalformedPostgresUrlIsRefusedNamingIt() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> DatabaseLocation.parse("jdbc:postgresql://host:5432?password=secret", Optional.empty()));
        assertTrue(e.getMessage().contains("expected jdbc:postgresql://host[:port]/database"), e.getMessage());
        assertFalse(e.getMessage().contains("secret"), e.getMessage());
        assertThrows(
                IllegalArgumentException.class, () -> DatabaseLocation.parse("jdbc:mysql://h/db", Optional.empty()));
    }

    @Test
    void anUnreachablePostgresFailsToOpenWithTheReason() {
        DatabaseLocation nowhere =
                DatabaseLocation.parse("jdbc:postgresql://127.0.0.1:1/users?user=x&password=hunter2", Optional.empty());
        UserStoreException e = assertThrows(UserStoreException.class, () -> UserStore.open(nowhere));
        assertTrue(
                e.getMessage().startsWith("cannot open user database jdbc:postgresql://127.0.0.1:1/users"),
                e.getMessage());
        assertFalse(e.getMessage().contains("hunter2"), e.getMessage());
    }

    /** The database the test opened, for a second connection to it. */
    private DatabaseLocation location() {
        String where = users.toString();
        return where.startsWith(DatabaseLocation.POSTGRES_PREFIX)
                ? new DatabaseLocation.Postgres(where, Optional.empty())
                : DatabaseLocation.sqlite(db);
    }
}

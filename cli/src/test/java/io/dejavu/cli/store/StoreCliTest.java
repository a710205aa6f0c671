package io.dejavu.cli.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dejavu.store.StoreFixture;
import io.dejavu.store.TestModels;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class StoreCliTest {
    @Test
    void storeWithoutAdminTokenFailsWithAClearMessage() throws Exception {
        StringWriter err = new StringWriter();
        CommandLine cmd = StoreCli.commandLine();
        cmd.setErr(new PrintWriter(err));

        int code = cmd.execute(
                "store", "--db", StoreFixture.newDir("cli").resolve("s.db").toString());

        if (System.getenv("DEJAVU_ADMIN_TOKEN") == null) {
            assertEquals(2, code);
            assertTrue(
                    err.toString().contains("an admin token is required: --admin-token or DEJAVU_ADMIN_TOKEN"),
                    err.toString());
        }
    }

    @Test
    void unknownOptionIsAUsageErrorWithTheSharedPrefix() {
        StringWriter err = new StringWriter();
        CommandLine cmd = StoreCli.commandLine();
        cmd.setErr(new PrintWriter(err));

        assertEquals(2, cmd.execute("store", "--db", "s.db", "--colour", "red"));
        assertTrue(err.toString().startsWith("dejavu: Unknown options: '--colour', 'red'"), err.toString());
        assertTrue(err.toString().contains("(see ./dejavu store --help)"), err.toString());
    }

    @Test
    void missingBundleToUploadIsAFailureWithTheSharedPrefix() throws Exception {
        try (StoreFixture store = new StoreFixture()) {
            StringWriter err = new StringWriter();
            CommandLine cmd = StoreCli.commandLine();
            cmd.setErr(new PrintWriter(err));
            String missing =
                    StoreFixture.newDir("cli").resolve("no-such-bundle").toString();

            int code = cmd.execute(
                    "store-admin",
                    "--store",
                    store.uri.toString(),
                    "--admin-token",
                    StoreFixture.ADMIN,
                    "upload",
                    missing);

            assertEquals(1, code, err.toString());
            assertTrue(err.toString().startsWith("dejavu: "), err.toString());
            assertTrue(err.toString().contains(missing), err.toString());
            assertEquals(1, err.toString().strip().lines().count(), err.toString());
        }
    }

    @Test
    void storeWithAShortTicketSecretIsAUsageErrorBeforeTheDatabaseOpens() throws Exception {
        StringWriter err = new StringWriter();
        CommandLine cmd = StoreCli.commandLine();
        cmd.setErr(new PrintWriter(err));
        Path db = StoreFixture.newDir("cli").resolve("s.db");

        int code = cmd.execute(
                "store",
                "--port",
                "0",
                "--db",
                db.toString(),
                "--admin-token",
                StoreFixture.ADMIN,
                "--ticket-secret",
                "short");

        assertEquals(2, code, err.toString());
        assertEquals(
                "dejavu: --ticket-secret: ticket secret must have at least 16 bytes (see ./dejavu store --help)",
                err.toString().strip());
        assertFalse(Files.exists(db), "refused before any work");
    }

    @Test
    void aSelfPublishLimitBelowOneIsAUsageErrorBeforeTheDatabaseOpens() throws Exception {
        StringWriter err = new StringWriter();
        CommandLine cmd = StoreCli.commandLine();
        cmd.setErr(new PrintWriter(err));
        Path db = StoreFixture.newDir("cli").resolve("s.db");

        int code = cmd.execute(
                "store",
                "--port",
                "0",
                "--db",
                db.toString(),
                "--admin-token",
                StoreFixture.ADMIN,
                "--self-publish-per-hour",
                "0");

        assertEquals(2, code, err.toString());
        assertEquals(
                "dejavu: --self-publish-per-hour must be at least 1, got 0 (see ./dejavu store --help)",
                err.toString().strip());
        assertFalse(Files.exists(db), "refused before any work");
    }

    @Test
    void aMalformedOrForeignDatabaseUrlIsAUsageError() {
        for (String bad : new String[] {"jdbc:postgresql://db.example:5432", "jdbc:mysql://db.example/store"}) {
            StringWriter err = new StringWriter();
            CommandLine cmd = StoreCli.commandLine();
            cmd.setErr(new PrintWriter(err));

            int code = cmd.execute("store", "--port", "0", "--db", bad, "--admin-token", StoreFixture.ADMIN);

            assertEquals(2, code, err.toString());
            assertTrue(err.toString().startsWith("dejavu: --db: "), err.toString());
            assertEquals(1, err.toString().strip().lines().count(), err.toString());
        }
    }

    @Test
    void anUnreachablePostgresIsAFailureOnOneLineThatHidesThePassword() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        StringWriter err = new StringWriter();
        CommandLine cmd = StoreCli.commandLine();
        cmd.setErr(new PrintWriter(err));
        String url = "jdbc:postgresql://127.0.0.1:" + closedPort + "/store?user=dejavu&password=s3cret-pw";

        int code = cmd.execute("store", "--port", "0", "--db", url, "--admin-token", StoreFixture.ADMIN);

        assertEquals(1, code, err.toString());
        assertTrue(
                err.toString()
                        .startsWith("dejavu: cannot open store database jdbc:postgresql://127.0.0.1:" + closedPort
                                + "/store?user=dejavu&password=***: Connection to 127.0.0.1:" + closedPort
                                + " refused"),
                err.toString());
        assertFalse(err.toString().contains("s3cret-pw"), err.toString());
        assertEquals(1, err.toString().strip().lines().count(), err.toString());
    }

    @Test
    void storeAdminUploadsListsRollsBackAndDeletes() throws Exception {
        try (StoreFixture store = new StoreFixture()) {
            for (int seed = 1; seed <= 2; seed++) {
                java.nio.file.Path dir = StoreFixture.newDir("bundle");
                TestModels.random("alice", seed).writeDirectory(dir);
                assertTrue(admin(store, "upload", dir.toString()).contains("alice"));
            }

            String versions = admin(store, "versions", "alice");
            String activated = admin(store, "activate", "alice", "1");
            String deleted = admin(store, "delete", "alice", "2");
            String callers = admin(store, "callers", "--json");

            assertEquals(3, versions.strip().split("\n").length, versions);
            assertTrue(activated.contains(TestModels.random("alice", 1).sha256()), activated);
            assertEquals("deleted alice v2", deleted.strip());
            assertEquals(
                    "[{\"caller\":\"alice\",\"versions\":1,\"activeVersion\":1,\"lastVersion\":2}]", callers.strip());
        }
    }

    @Test
    void storeAdminReportsTheStoresReason() throws Exception {
        try (StoreFixture store = new StoreFixture()) {
            StringWriter err = new StringWriter();
            CommandLine cmd = StoreCli.commandLine();
            cmd.setErr(new PrintWriter(err));

            int code = cmd.execute(
                    "store-admin",
                    "--store",
                    store.uri.toString(),
                    "--admin-token",
                    StoreFixture.ADMIN,
                    "activate",
                    "alice",
                    "7");

            assertEquals(1, code);
            assertEquals(
                    "dejavu: store has nothing for activating alice v7: alice has no version 7",
                    err.toString().strip());
        }
    }

    private static String admin(StoreFixture store, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cmd = StoreCli.commandLine();
        cmd.setOut(new PrintWriter(out));
        cmd.setErr(new PrintWriter(err));
        String[] all = new String[args.length + 5];
        all[0] = "store-admin";
        all[1] = "--store";
        all[2] = store.uri.toString();
        all[3] = "--admin-token";
        all[4] = StoreFixture.ADMIN;
        System.arraycopy(args, 0, all, 5, args.length);
        int code = cmd.execute(all);
        assertEquals(0, code, () -> String.join(" ", args) + ": " + err);
        return out.toString();
    }

    @Test
    void helpListsTheStoreOptions() {
        StringWriter out = new StringWriter();
        CommandLine cmd = StoreCli.commandLine();
        cmd.setOut(new PrintWriter(out));

        int code = cmd.execute("store", "--help");

        assertEquals(0, code);
        for (String option : new String[] {
            "--port", "--db", "--admin-token", "--ticket-secret", "--generic", "--pkcs12", "--pkcs12-password"
        }) {
            assertTrue(out.toString().contains(option), option + " missing from help");
        }
    }
}

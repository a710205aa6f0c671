package io.dejavu.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dejavu.store.cli.StoreCli;
import java.io.PrintWriter;
import java.io.StringWriter;
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
    void storeWithAShortTicketSecretFailsWithTheSignersMessage() throws Exception {
        StringWriter err = new StringWriter();
        CommandLine cmd = StoreCli.commandLine();
        cmd.setErr(new PrintWriter(err));

        int code = cmd.execute(
                "store",
                "--port",
                "0",
                "--db",
                StoreFixture.newDir("cli").resolve("s.db").toString(),
                "--admin-token",
                StoreFixture.ADMIN,
                "--ticket-secret",
                "short");

        assertEquals(1, code);
        assertEquals(
                "error: ticket secret must have at least 16 bytes",
                err.toString().strip());
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

package io.dejavu.cli.signaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.dejavu.protocol.Json;
import io.dejavu.protocol.signaling.IceServer;
import io.dejavu.protocol.signaling.SignalMessage.CallAccepted;
import io.dejavu.protocol.signaling.client.SignalingClient;
import io.dejavu.protocol.signaling.client.SignalingListener;
import io.dejavu.protocol.ticket.TicketSigner;
import io.dejavu.testing.postgres.EmbeddedPostgresServer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import picocli.CommandLine;

class SignalingCliTest {
    @RegisterExtension
    static final EmbeddedPostgresServer PG = new EmbeddedPostgresServer();

    record Run(int exit, String out, String err) {}

    private static Run run(String... args) {
        CommandLine cmd = SignalingCli.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cmd.setOut(new PrintWriter(out));
        cmd.setErr(new PrintWriter(err));
        int exit = cmd.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    private static Path db() throws Exception {
        Files.createDirectories(Path.of("target", "test-dbs"));
        return Path.of("target", "test-dbs", UUID.randomUUID() + ".db");
    }

    @Test
    void usersAddPrintsATokenThenListAndRevokeWork() throws Exception {
        Path db = db();
        Run add = run("users", "add", "alice", "--db", db.toString());
        assertEquals(0, add.exit(), add.err());
        assertTrue(add.out().trim().matches("dv1\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]{43}"), add.out());

        Run list = run("users", "list", "--db", db.toString());
        assertTrue(list.out().contains("alice") && list.out().contains("active (1 token)"), list.out());

        assertEquals(0, run("users", "revoke", "alice", "--db", db.toString()).exit());
        assertTrue(run("users", "list", "--db", db.toString()).out().contains("revoked"));
        Run again = run("users", "revoke", "alice", "--db", db.toString());
        assertEquals(1, again.exit());
        assertTrue(again.err().contains("no active user 'alice'"), again.err());
    }

    @Test
    void usersCommandsWorkOnAPostgresUrl() throws Exception {
        String url = PG.newDatabaseUrl("users");
        Run add = run("users", "add", "alice", "--db", url);
        assertEquals(0, add.exit(), add.err());
        assertTrue(add.out().trim().startsWith("dv1."), add.out());
        assertEquals(0, run("users", "revoke", "alice", "--db", url).exit());
        Run list = run("users", "list", "--db", url);
        assertTrue(list.out().contains("alice") && list.out().contains("revoked"), list.out());
    }

    @Test
    void signalingCommandServesTheUsersOfAPostgresDatabase() throws Exception {
        String url = PG.newDatabaseUrl("users");
        String alice = run("users", "add", "alice", "--db", url).out().trim();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process server = new ProcessBuilder(
                        java,
                        "-cp",
                        System.getProperty("java.class.path"),
                        SignalingCli.class.getName(),
                        "signaling",
                        "--port",
                        "0",
                        "--db",
                        url,
                        "--ticket-secret",
                        "cli test secret of enough length")
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        try {
            BufferedReader out =
                    new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
            CompletableFuture<String> line = CompletableFuture.supplyAsync(() -> {
                try {
                    return out.readLine();
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            URI uri = URI.create(line.get(60, TimeUnit.SECONDS));
            try (SignalingClient a = SignalingClient.builder(uri, alice).build()) {
                assertEquals("alice", a.connect().user());
            }
        } finally {
            server.destroy();
            assertTrue(server.waitFor(10, TimeUnit.SECONDS));
        }
    }

    @Test
    void aMalformedOrForeignDatabaseUrlIsAUsageErrorThatHidesThePassword() {
        Run noDatabase = run("users", "list", "--db", "jdbc:postgresql://db.example:5432?password=hunter2");
        assertEquals(2, noDatabase.exit(), noDatabase.err());
        assertTrue(noDatabase.err().startsWith("dejavu: --db: "), noDatabase.err());
        assertTrue(!noDatabase.err().contains("hunter2"), noDatabase.err());
        Run mysql = run("signaling", "--db", "jdbc:mysql://db.example/users");
        assertEquals(2, mysql.exit(), mysql.err());
        assertTrue(mysql.err().contains("only PostgreSQL"), mysql.err());
    }

    @Test
    void anUnreachablePostgresFailsTheCommandInOneLine() {
        Run r = run("users", "list", "--db", "jdbc:postgresql://127.0.0.1:1/users?user=x");
        assertEquals(1, r.exit(), r.err());
        assertTrue(
                r.err().startsWith("dejavu: cannot open user database jdbc:postgresql://127.0.0.1:1/users"), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
    }

    @Test
    void badUserNameIsOneSentenceOnStderrWithExitCodeOne() throws Exception {
        Run r = run("users", "add", "bad name", "--db", db().toString());
        assertEquals(1, r.exit());
        assertTrue(r.err().startsWith("dejavu: user name must be"), r.err());
        assertTrue(!r.err().contains("Exception"), r.err());
    }

    @Test
    void unknownOptionIsAUsageErrorWithTheSharedPrefix() {
        Run r = run("signaling", "--db", "s.db", "--colour", "red");
        assertEquals(2, r.exit(), r.err());
        assertTrue(r.err().startsWith("dejavu: Unknown options: '--colour', 'red'"), r.err());
    }

    @Test
    void missingCertificateFileIsAFailureWithTheSharedPrefix() throws Exception {
        Run r = run("signaling", "--port", "0", "--db", db().toString(), "--pkcs12", "/no/such/cert.p12");
        assertEquals(1, r.exit(), r.err());
        assertTrue(r.err().startsWith("dejavu: "), r.err());
        assertTrue(r.err().contains("/no/such/cert.p12"), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
    }

    @Test
    void refusesPlainWebSocketsOffLoopbackUnlessAllowed() throws Exception {
        Run r = run("signaling", "--host", "0.0.0.0", "--port", "0", "--db", db().toString());
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("--pkcs12"), r.err());
    }

    @Test
    void refusesATurnServerWithoutCredentials() throws Exception {
        Run r = run("signaling", "--port", "0", "--db", db().toString(), "--turn", "turn:127.0.0.1:3478");
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("TURN"), r.err());
    }

    @Test
    void turnSecretFileMintsCredentialsForEachUserWithTheGivenLifetime() throws Exception {
        Path secret = Files.createTempFile("turn-secret", ".txt");
        Files.writeString(secret, "s3cr3t-s3cr3t-s3cr3t\n");
        SignalingCli.Serve serve = new SignalingCli.Serve();
        new CommandLine(serve)
                .parseArgs(
                        "--port",
                        "0",
                        "--db",
                        db().toString(),
                        "--turn",
                        "turn:127.0.0.1:3478?transport=udp",
                        "--turn-secret-file",
                        secret.toString(),
                        "--turn-ttl-s",
                        "600");
        IceServer turn = serve.options().iceServersFor("alice").get(0);
        String[] parts = turn.username().split(":", 2);
        assertEquals("alice", parts[1]);
        long left = Long.parseLong(parts[0]) - Instant.now().getEpochSecond();
        assertTrue(left > 500 && left <= 600, turn.username());
        // the secret file's trailing newline is not part of the secret (coturn's config line has none)
        String expected = Base64.getEncoder().encodeToString(hmacSha1("s3cr3t-s3cr3t-s3cr3t", turn.username()));
        assertEquals(expected, turn.credential());
    }

    private static byte[] hmacSha1(String key, String text) throws Exception {
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA1");
        mac.init(new javax.crypto.spec.SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
        return mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void turnSecretWithoutATurnUrlOrWithAStaticUserIsAUsageError() throws Exception {
        Path secret = Files.createTempFile("turn-secret", ".txt");
        Files.writeString(secret, "s3cr3t-s3cr3t-s3cr3t");
        Run noUrl = run("signaling", "--port", "0", "--db", db().toString(), "--turn-secret-file", secret.toString());
        assertEquals(2, noUrl.exit(), noUrl.err());
        assertTrue(noUrl.err().contains("--turn URL"), noUrl.err());
        Run both = run(
                "signaling",
                "--port",
                "0",
                "--db",
                db().toString(),
                "--turn",
                "turn:127.0.0.1:3478",
                "--turn-secret-file",
                secret.toString(),
                "--turn-user",
                "u",
                "--turn-password",
                "p");
        assertEquals(2, both.exit(), both.err());
        assertTrue(both.err().contains("not both"), both.err());
        assertTrue(!both.err().contains("s3cr3t"), both.err());
    }

    @Test
    void missingTurnSecretFileIsOneLineNamingIt() throws Exception {
        Run r = run(
                "signaling",
                "--port",
                "0",
                "--db",
                db().toString(),
                "--turn",
                "turn:127.0.0.1:3478",
                "--turn-secret-file",
                "/no/such/turn-secret");
        assertEquals(1, r.exit(), r.err());
        assertTrue(r.err().startsWith("dejavu: ") && r.err().contains("/no/such/turn-secret"), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
    }

    @Test
    void tooShortTurnSecretIsAUsageErrorThatDoesNotPrintIt() throws Exception {
        Path secret = Files.createTempFile("turn-secret", ".txt");
        Files.writeString(secret, "short-one");
        Run r = run(
                "signaling",
                "--port",
                "0",
                "--db",
                db().toString(),
                "--turn",
                "turn:127.0.0.1:3478",
                "--turn-secret-file",
                secret.toString());
        assertEquals(2, r.exit(), r.err());
        assertTrue(r.err().contains("at least 16 bytes"), r.err());
        assertTrue(!r.err().contains("short-one"), r.err());
    }

    @Test
    void benchRefusesNonLoopbackTargets() {
        // the old handler printed the whole help, whose text says "loopback": this asserts the reason
        Run r = run(
                "signaling-bench",
                "--clients",
                "10",
                "--concurrency",
                "1",
                "--url",
                "ws://192.0.2.1:8443/signal",
                "--db",
                "x.db");
        assertEquals(2, r.exit());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains("loopback"), r.err());
    }

    @Test
    void benchRunsSmallLoadAndPrintsJson() throws Exception {
        Run r = run(
                "signaling-bench",
                "--clients",
                "40",
                "--hold-s",
                "0",
                "--calls",
                "30",
                "--warmup-calls",
                "5",
                "--concurrency",
                "3",
                "--json");
        assertEquals(0, r.exit(), r.err());
        JsonNode json = Json.mapper()
                .readTree(r.out().trim().lines().reduce((a, b) -> b).orElseThrow());
        assertEquals(40, json.get("clientsConnected").asInt());
        assertEquals(30, json.get("callsCompleted").asInt());
        assertTrue(json.get("inviteP99Ms").asDouble() > 0);
    }

    /**
     * The real entry point in its own JVM: prints the URL, serves, signs tickets with the given secret and mints TURN
     * credentials from the one in the environment.
     */
    @Test
    void signalingCommandPrintsItsUrlAndServesCallsWithTheGivenTicketSecret() throws Exception {
        Path db = db();
        String secret = "cli test secret of enough length";
        String alice = run("users", "add", "alice", "--db", db.toString()).out().trim();
        String bob = run("users", "add", "bob", "--db", db.toString()).out().trim();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(
                        java,
                        "-cp",
                        System.getProperty("java.class.path"),
                        SignalingCli.class.getName(),
                        "signaling",
                        "--port",
                        "0",
                        "--db",
                        db.toString(),
                        "--stun",
                        "stun:127.0.0.1:3478",
                        "--turn",
                        "turn:127.0.0.1:3478?transport=udp")
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        pb.environment().put("DEJAVU_TICKET_SECRET", secret);
        pb.environment().put("DEJAVU_TURN_SECRET", "turn secret from the environment");
        Process server = pb.start();
        try {
            BufferedReader out =
                    new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
            CompletableFuture<String> line = CompletableFuture.supplyAsync(() -> {
                try {
                    return out.readLine();
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            URI uri = URI.create(line.get(60, TimeUnit.SECONDS));
            assertTrue(uri.toString().matches("ws://127\\.0\\.0\\.1:\\d+/signal"), uri.toString());

            CompletableFuture<CallAccepted> accepted = new CompletableFuture<>();
            try (SignalingClient a = SignalingClient.builder(uri, alice)
                            .listener(new SignalingListener() {
                                @Override
                                public void onCallAccepted(CallAccepted m) {
                                    accepted.complete(m);
                                }
                            })
                            .build();
                    SignalingClient b = SignalingClient.builder(uri, bob).build()) {
                b.addListener(new SignalingListener() {
                    @Override
                    public void onInvite(io.dejavu.protocol.signaling.SignalMessage.Invite invite) {
                        b.accept(invite.callId());
                    }
                });
                List<IceServer> ice = a.connect().iceServers();
                assertEquals("stun:127.0.0.1:3478", ice.get(0).urls().get(0));
                IceServer turn = ice.get(1);
                assertTrue(turn.username().endsWith(":alice"), turn.username());
                assertEquals(
                        Base64.getEncoder()
                                .encodeToString(hmacSha1("turn secret from the environment", turn.username())),
                        turn.credential());
                b.connect();
                a.invite("bob");
                CallAccepted m = accepted.get(10, TimeUnit.SECONDS);
                assertEquals(
                        "alice",
                        TicketSigner.fromText(secret)
                                .verify(m.ticket(), Clock.systemUTC())
                                .holder());
            }
        } finally {
            server.destroy();
            assertTrue(server.waitFor(10, TimeUnit.SECONDS));
        }
    }
}

package io.dejavu.cli.signaling;

import io.dejavu.protocol.cli.Cli;
import io.dejavu.protocol.db.DatabaseLocation;
import io.dejavu.protocol.signaling.IceServer;
import io.dejavu.protocol.ticket.TicketSigner;
import io.dejavu.signaling.SignalingServer;
import io.dejavu.signaling.SignalingServerOptions;
import io.dejavu.signaling.TurnCredentials;
import io.dejavu.signaling.UserStore;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ./dejavu signaling} (run the server), {@code users} (manage users and tokens) and
 * {@code signaling-bench} (load-test on loopback). Thin commands over {@link SignalingServer},
 * {@link UserStore} and {@link SignalingBench}.
 */
@Command(
        name = "dejavu",
        subcommands = {SignalingCli.Serve.class, SignalingCli.Users.class, SignalingCli.Bench.class},
        mixinStandardHelpOptions = true,
        description = "Dejavu signaling server.")
public final class SignalingCli {
    private static final Logger LOG = LoggerFactory.getLogger(SignalingCli.class);

    /** Where the PostgreSQL password comes from when the {@code --db} URL has none. */
    static final String DB_PASSWORD_ENV = "DEJAVU_SIGNALING_DB_PASSWORD";

    private static final String DB_HELP = "SQLite user file, created if missing; or"
            + " jdbc:postgresql://host[:port]/database[?user=U], shared by several signaling nodes (password: "
            + DB_PASSWORD_ENV + ")";

    private SignalingCli() {}

    /** Reads {@code --db}: a malformed URL or another JDBC database is a usage error (exit 2), nothing opened. */
    static DatabaseLocation database(String db, CommandLine.Model.CommandSpec spec) {
        try {
            return DatabaseLocation.parse(db, Optional.ofNullable(System.getenv(DB_PASSWORD_ENV)));
        } catch (IllegalArgumentException e) {
            throw Cli.usage(spec, "--db: " + e.getMessage());
        }
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line with the shared error handler ({@link Cli}). */
    public static CommandLine commandLine() {
        return Cli.configure(new CommandLine(SignalingCli.class));
    }

    @Command(
            name = "signaling",
            mixinStandardHelpOptions = true,
            description = {
                "Run the signaling server over a SQLite user file or a PostgreSQL database; prints its URL, then"
                        + " serves until stopped.",
                "The ticket secret may come from DEJAVU_TICKET_SECRET, the PKCS#12 password from"
                        + " DEJAVU_PKCS12_PASSWORD, the PostgreSQL password from " + DB_PASSWORD_ENV + "."
            })
    static final class Serve implements Callable<Integer> {
        @Option(names = "--port", description = "port to listen on; 0 picks a free one (default: ${DEFAULT-VALUE})")
        int port = 8443;

        @Option(names = "--host", description = "address to bind (default: ${DEFAULT-VALUE})")
        String host = "127.0.0.1";

        @Option(names = "--db", required = true, description = DB_HELP)
        String db;

        @Option(
                names = "--ticket-secret",
                description = "secret shared with the caller-model store to sign call tickets"
                        + " (or DEJAVU_TICKET_SECRET; at least 16 bytes)")
        String ticketSecret;

        @Option(names = "--stun", description = "STUN server URL handed to clients, e.g. stun:host:3478 (repeatable)")
        List<String> stun = new ArrayList<>();

        @Option(names = "--turn", description = "TURN server URL, e.g. turn:host:3478?transport=udp (repeatable)")
        List<String> turn = new ArrayList<>();

        @Option(names = "--turn-user", description = "TURN user name")
        String turnUser;

        @Option(names = "--turn-password", description = "TURN password (or DEJAVU_TURN_PASSWORD)")
        String turnPassword;

        @Option(
                names = "--turn-secret-file",
                description = "file holding coturn's static-auth-secret (or DEJAVU_TURN_SECRET): hand each client"
                        + " short-lived TURN credentials minted from it instead of --turn-user/--turn-password")
        Path turnSecretFile;

        @Option(
                names = "--turn-ttl-s",
                description = "how long minted TURN credentials stay valid, 60..604800 (default: ${DEFAULT-VALUE})")
        long turnTtlSeconds = 86_400;

        @Option(names = "--pkcs12", description = "PKCS#12 certificate and key: serve wss://")
        Path pkcs12;

        @Option(names = "--pkcs12-password", description = "password of the PKCS#12 file (or DEJAVU_PKCS12_PASSWORD)")
        String pkcs12Password;

        @Option(
                names = "--allow-plain-ws",
                description = "serve plain ws:// on an address other than loopback (not recommended)")
        boolean allowPlainWs;

        @Option(names = "--heartbeat-ms", description = "client ping interval (default: ${DEFAULT-VALUE})")
        long heartbeatMs = 2000;

        @Option(
                names = "--heartbeat-timeout-ms",
                description = "silence that ends a connection (default: ${DEFAULT-VALUE})")
        long heartbeatTimeoutMs = 6000;

        @Option(
                names = "--resume-grace-ms",
                description = "how long a lost session waits to resume (default: ${DEFAULT-VALUE})")
        long resumeGraceMs = 4000;

        @Option(
                names = "--max-connections",
                description = "open connections in total; past it no more are accepted (default: ${DEFAULT-VALUE})")
        int maxConnections = 10_000;

        @Option(
                names = "--max-connections-per-address",
                description = "open connections per remote address (default: ${DEFAULT-VALUE})")
        int maxConnectionsPerAddress = 64;

        @Option(
                names = "--redis",
                description = "redis://host:port shared by several signaling nodes (presence, sessions, calls);"
                        + " without it this process shares nothing")
        URI redis;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            SignalingServerOptions options = options();
            if (redis != null && !"redis".equals(redis.getScheme()) && !"rediss".equals(redis.getScheme())) {
                throw new CommandLine.ParameterException(
                        spec.commandLine(), "--redis must be redis://host:port or rediss://host:port, got " + redis);
            }
            SignalingServer server = new SignalingServer(options, redis);
            CountDownLatch stopped = new CountDownLatch(1);
            server.start();
            Runtime.getRuntime()
                    .addShutdownHook(new Thread(
                            () -> {
                                server.close();
                                stopped.countDown();
                            },
                            "signaling-shutdown"));
            PrintWriter out = spec.commandLine().getOut();
            out.println(server.uri());
            out.flush();
            stopped.await();
            return 0;
        }

        SignalingServerOptions options() throws Exception {
            String secret = ticketSecret != null ? ticketSecret : System.getenv("DEJAVU_TICKET_SECRET");
            TicketSigner signer;
            if (secret == null || secret.isBlank()) {
                byte[] random = new byte[32];
                new SecureRandom().nextBytes(random);
                signer = new TicketSigner(random);
                LOG.warn("no --ticket-secret or DEJAVU_TICKET_SECRET: signing call tickets with a random secret that"
                        + " the caller-model store will not accept");
            } else {
                try {
                    signer = TicketSigner.fromText(secret);
                } catch (IllegalArgumentException e) {
                    throw new CommandLine.ParameterException(spec.commandLine(), "--ticket-secret: " + e.getMessage());
                }
            }
            List<IceServer> ice = new ArrayList<>();
            try {
                for (String url : stun) {
                    ice.add(IceServer.stun(url));
                }
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
            }
            TurnCredentials minted = turnCredentials();
            if (minted == null && !turn.isEmpty()) {
                String password = turnPassword != null ? turnPassword : System.getenv("DEJAVU_TURN_PASSWORD");
                try {
                    ice.add(new IceServer(turn, turnUser, password));
                } catch (IllegalArgumentException e) {
                    throw new CommandLine.ParameterException(
                            spec.commandLine(),
                            e.getMessage() + ": give --turn-secret-file (or DEJAVU_TURN_SECRET), or --turn-user and"
                                    + " --turn-password");
                }
            }
            String password = pkcs12Password != null ? pkcs12Password : System.getenv("DEJAVU_PKCS12_PASSWORD");
            if (pkcs12 == null && !allowPlainWs && !InetAddress.getByName(host).isLoopbackAddress()) {
                throw new CommandLine.ParameterException(
                        spec.commandLine(),
                        "plain ws:// on " + host + " would send tokens in clear text: give --pkcs12 for wss://,"
                                + " bind a loopback address, or pass --allow-plain-ws");
            }
            try {
                SignalingServerOptions.Builder b = SignalingServerOptions.builder(database(db, spec), signer)
                        .host(host)
                        .port(port)
                        .iceServers(ice)
                        .turn(minted)
                        .heartbeat(Duration.ofMillis(heartbeatMs), Duration.ofMillis(heartbeatTimeoutMs))
                        .resumeGrace(Duration.ofMillis(resumeGraceMs))
                        .maxConnections(maxConnections, maxConnectionsPerAddress);
                if (pkcs12 != null) {
                    b.tls(pkcs12, password == null ? "" : password);
                }
                return b.build();
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
            }
        }

        /** Credentials minted from coturn's shared secret, or null when no secret is given. */
        private TurnCredentials turnCredentials() throws java.io.IOException {
            String secret = null;
            if (turnSecretFile != null) {
                secret =
                        Files.readString(turnSecretFile, StandardCharsets.UTF_8).strip();
            } else if (System.getenv("DEJAVU_TURN_SECRET") != null) {
                secret = System.getenv("DEJAVU_TURN_SECRET").strip();
            }
            if (secret == null) {
                return null;
            }
            if (turn.isEmpty()) {
                throw new CommandLine.ParameterException(
                        spec.commandLine(), "a TURN shared secret needs at least one --turn URL");
            }
            if (turnUser != null || turnPassword != null) {
                throw new CommandLine.ParameterException(
                        spec.commandLine(),
                        "give either a TURN shared secret or --turn-user/--turn-password, not both");
            }
            try {
                return new TurnCredentials(
                        turn,
                        secret.getBytes(StandardCharsets.UTF_8),
                        Duration.ofSeconds(turnTtlSeconds),
                        Clock.systemUTC());
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
            }
        }
    }

    @Command(
            name = "users",
            mixinStandardHelpOptions = true,
            description = "Add, revoke or list the users of a signaling server's SQLite file or PostgreSQL database.",
            subcommands = {Users.Add.class, Users.Revoke.class, Users.ListUsers.class})
    static final class Users {
        @Command(name = "add", mixinStandardHelpOptions = true, description = "Create a user and print its new token.")
        static final class Add implements Callable<Integer> {
            @Parameters(index = "0", description = "user name: letters, digits, '.', '_' or '-'")
            String name;

            @Option(names = "--db", required = true, description = DB_HELP)
            String db;

            @CommandLine.Spec
            CommandLine.Model.CommandSpec spec;

            @Override
            public Integer call() throws Exception {
                try (UserStore users = UserStore.open(database(db, spec))) {
                    spec.commandLine().getOut().println(users.addUser(name));
                }
                return 0;
            }
        }

        @Command(name = "revoke", mixinStandardHelpOptions = true, description = "Revoke a user and all its tokens.")
        static final class Revoke implements Callable<Integer> {
            @Parameters(index = "0", description = "user name")
            String name;

            @Option(names = "--db", required = true, description = DB_HELP)
            String db;

            @CommandLine.Spec
            CommandLine.Model.CommandSpec spec;

            @Override
            public Integer call() throws Exception {
                try (UserStore users = UserStore.open(database(db, spec))) {
                    if (!users.revoke(name)) {
                        throw new IllegalStateException("no active user '" + name + "' in " + users);
                    }
                    spec.commandLine().getOut().println("revoked " + name);
                }
                return 0;
            }
        }

        @Command(name = "list", mixinStandardHelpOptions = true, description = "List users: name, created, status.")
        static final class ListUsers implements Callable<Integer> {
            @Option(names = "--db", required = true, description = DB_HELP)
            String db;

            @CommandLine.Spec
            CommandLine.Model.CommandSpec spec;

            @Override
            public Integer call() throws Exception {
                PrintWriter out = spec.commandLine().getOut();
                try (UserStore users = UserStore.open(database(db, spec))) {
                    for (UserStore.UserInfo u : users.list()) {
                        out.printf(
                                "%-24s %s  %s%n",
                                u.name(),
                                DateTimeFormatter.ISO_INSTANT.format(u.createdAt()),
                                u.revokedAt()
                                        .map(r -> "revoked " + DateTimeFormatter.ISO_INSTANT.format(r))
                                        .orElse("active (" + u.tokens() + " token" + (u.tokens() == 1 ? ")" : "s)")));
                    }
                }
                return 0;
            }
        }
    }

    @Command(
            name = "signaling-bench",
            mixinStandardHelpOptions = true,
            description = {
                "Load-test a signaling server on loopback: hold N idle clients, then time call set-ups.",
                "Prints a table, then one JSON line."
            })
    static final class Bench implements Callable<Integer> {
        @Option(names = "--clients", description = "connections to hold, 2..20000 (default: ${DEFAULT-VALUE})")
        int clients = 5000;

        @Option(names = "--hold-s", description = "seconds to hold them idle (default: ${DEFAULT-VALUE})")
        int holdSeconds = 10;

        @Option(names = "--calls", description = "call set-ups to time (default: ${DEFAULT-VALUE})")
        int calls = 2000;

        @Option(names = "--warmup-calls", description = "untimed calls first (default: ${DEFAULT-VALUE})")
        int warmupCalls = 300;

        @Option(names = "--concurrency", description = "calls in flight (default: ${DEFAULT-VALUE})")
        int concurrency = 10;

        @Option(names = "--connect-parallelism", description = "connects in flight (default: ${DEFAULT-VALUE})")
        int connectParallelism = 32;

        @Option(names = "--url", description = "loopback server to target instead of an in-process one")
        URI url;

        @Option(names = "--db", description = "with --url: that server's user file, for the bench users")
        Path db;

        @Option(names = "--timeout-s", description = "hard limit on the whole run (default: ${DEFAULT-VALUE})")
        int timeoutSeconds = 300;

        @Option(names = "--json", description = "print only the JSON line")
        boolean jsonOnly;

        @Option(
                names = "--nodes",
                description =
                        "signaling nodes sharing one Redis, 2..16; 1 benches one process (default: ${DEFAULT-VALUE})")
        int nodes = 1;

        @Option(names = "--redis", description = "with --nodes: the Redis to share (default: a private redis-server)")
        URI redis;

        @Option(
                names = "--kill-one",
                description = "with --nodes 3 or more: stop a node while calls run and time its clients' return")
        boolean killOne;

        @Option(
                names = "--calls-in-progress",
                description = "with --kill-one: calls kept up across the kill (default: ${DEFAULT-VALUE})")
        int callsInProgress = 20;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            if (nodes != 1 || redis != null || killOne) {
                return cluster();
            }
            BenchOptions options;
            try {
                options = new BenchOptions(
                        clients,
                        Duration.ofSeconds(holdSeconds),
                        calls,
                        warmupCalls,
                        concurrency,
                        connectParallelism,
                        url,
                        db,
                        Duration.ofSeconds(timeoutSeconds));
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
            }
            BenchResult result = new SignalingBench(options).run();
            PrintWriter out = spec.commandLine().getOut();
            if (!jsonOnly) {
                out.print(result.toTable());
            }
            out.println(result.toJson());
            out.flush();
            return 0;
        }

        private int cluster() throws Exception {
            ClusterBenchOptions options;
            try {
                options = new ClusterBenchOptions(
                        nodes,
                        clients,
                        Duration.ofSeconds(holdSeconds),
                        calls,
                        warmupCalls,
                        concurrency,
                        connectParallelism,
                        redis,
                        killOne,
                        killOne ? callsInProgress : 0,
                        Duration.ofSeconds(timeoutSeconds));
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
            }
            if (url != null || db != null) {
                throw new CommandLine.ParameterException(
                        spec.commandLine(), "--nodes starts its own nodes: --url and --db do not apply");
            }
            ClusterBenchResult result = new ClusterBench(options).run();
            PrintWriter out = spec.commandLine().getOut();
            if (!jsonOnly) {
                out.print(result.toTable());
            }
            out.println(result.toJson());
            out.flush();
            return 0;
        }
    }
}

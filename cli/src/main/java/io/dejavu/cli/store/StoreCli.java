package io.dejavu.cli.store;

import io.dejavu.protocol.cli.Cli;
import io.dejavu.protocol.db.DatabaseLocation;
import io.dejavu.protocol.ticket.TicketSigner;
import io.dejavu.store.server.ModelStoreServer;
import io.dejavu.store.server.StoreConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./dejavu store ...} (run the caller-model store), {@code store-admin} (manage its
 * versions) and {@code store-bench} (measure it). Thin commands over {@link ModelStoreServer},
 * {@link io.dejavu.store.client.ModelStoreClient} and {@link StoreBench}.
 */
@Command(
        name = "dejavu",
        subcommands = {StoreCli.Store.class, StoreCli.Bench.class, StoreAdminCommand.class},
        mixinStandardHelpOptions = true,
        description = "Dejavu caller-model store.")
public final class StoreCli {
    private StoreCli() {}

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line with the shared error handler ({@link Cli}). */
    public static CommandLine commandLine() {
        return Cli.configure(new CommandLine(StoreCli.class));
    }

    @Command(
            name = "store",
            mixinStandardHelpOptions = true,
            description = {
                "Run the caller-model store over a SQLite file or a PostgreSQL database; prints its URL, then"
                        + " serves until stopped.",
                "Tokens and secrets may come from DEJAVU_ADMIN_TOKEN and DEJAVU_TICKET_SECRET, the PostgreSQL"
                        + " password from DEJAVU_STORE_DB_PASSWORD."
            })
    static final class Store implements Callable<Integer> {
        static final String DB_PASSWORD_ENV = "DEJAVU_STORE_DB_PASSWORD";

        @Option(names = "--port", description = "port to listen on; 0 picks a free one (default: ${DEFAULT-VALUE})")
        int port = 8090;

        @Option(names = "--host", description = "address to bind (default: ${DEFAULT-VALUE})")
        String host = "127.0.0.1";

        @Option(
                names = "--db",
                required = true,
                description = "SQLite file, created if missing; or jdbc:postgresql://host[:port]/database[?user=U],"
                        + " shared by several store nodes (password: DEJAVU_STORE_DB_PASSWORD)")
        String db;

        @Option(names = "--admin-token", description = "token for uploads and admin calls (or DEJAVU_ADMIN_TOKEN)")
        String adminToken;

        @Option(
                names = "--ticket-secret",
                description = "secret shared with the signaling server to verify call tickets"
                        + " (or DEJAVU_TICKET_SECRET); without it only the admin token downloads")
        String ticketSecret;

        @Option(
                names = "--signaling",
                description =
                        "signaling server base URI (http(s)://host:port) asked whether a ticket's call still"
                                + " runs, so tickets end with their call (ADR 0304); without it a ticket lasts until it expires")
        java.net.URI signaling;

        @Option(names = "--generic", description = "bundle directory to publish as the generic model if new")
        Path generic;

        @Option(names = "--pkcs12", description = "PKCS#12 key store: serve HTTPS")
        Path pkcs12;

        @Option(names = "--pkcs12-password", description = "password of the PKCS#12 file")
        String pkcs12Password;

        @Option(names = "--max-bundle-bytes", description = "largest bundle accepted (default: ${DEFAULT-VALUE})")
        long maxBundleBytes = StoreConfig.DEFAULT_MAX_BUNDLE_BYTES;

        @Option(
                names = "--self-publish-per-hour",
                description = "most versions one user may publish of their own model with a publish credential in an"
                        + " hour; more get 429 (default: ${DEFAULT-VALUE})")
        int selfPublishPerHour = 6;

        @Option(
                names = "--allow-plain-http",
                description = "serve plain HTTP on an address other than loopback (not recommended)")
        boolean allowPlainHttp;

        @Option(names = "--debug-commit-delay-ms", hidden = true, description = "fault injection for crash tests")
        long commitDelayMs;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            String token = adminToken != null ? adminToken : System.getenv("DEJAVU_ADMIN_TOKEN");
            if (token == null || token.isBlank()) {
                throw new CommandLine.ParameterException(
                        spec.commandLine(), "an admin token is required: --admin-token or DEJAVU_ADMIN_TOKEN");
            }
            String secret = ticketSecret != null ? ticketSecret : System.getenv("DEJAVU_TICKET_SECRET");
            if (secret != null && !secret.isBlank()) {
                try {
                    TicketSigner.fromText(
                            secret); // a short secret is a wrong command line, refused before the store opens
                } catch (IllegalArgumentException e) {
                    throw Cli.usage(spec, "--ticket-secret: " + e.getMessage());
                }
            }
            DatabaseLocation database;
            try {
                database = DatabaseLocation.parse(db, Optional.ofNullable(System.getenv(DB_PASSWORD_ENV)));
            } catch (IllegalArgumentException e) {
                throw Cli.usage(spec, "--db: " + e.getMessage());
            }
            StoreConfig.Builder b = StoreConfig.builder(database, token)
                    .host(host)
                    .port(port)
                    .ticketSecret(secret == null || secret.isBlank() ? null : secret)
                    .signaling(signaling)
                    .genericModel(generic)
                    .maxBundleBytes(maxBundleBytes)
                    .allowPlainHttpOffLoopback(allowPlainHttp)
                    .commitDelay(Duration.ofMillis(commitDelayMs));
            if (pkcs12 != null) {
                b.pkcs12(pkcs12, pkcs12Password);
            }
            if (selfPublishPerHour < 1) {
                throw Cli.usage(spec, "--self-publish-per-hour must be at least 1, got " + selfPublishPerHour);
            }
            b.selfPublishLimit(selfPublishPerHour, Duration.ofHours(1));
            ModelStoreServer server = new ModelStoreServer(b.build());
            CountDownLatch stopped = new CountDownLatch(1);
            server.start();
            Runtime.getRuntime()
                    .addShutdownHook(new Thread(
                            () -> {
                                server.close();
                                stopped.countDown();
                            },
                            "store-shutdown"));
            PrintWriter out = spec.commandLine().getOut();
            out.println(server.uri());
            out.flush();
            stopped.await();
            return 0;
        }
    }

    @Command(
            name = "store-bench",
            mixinStandardHelpOptions = true,
            description = "Benchmark fetch + verify + ONNX Runtime session on loopback, and concurrent downloads.")
    static final class Bench implements Callable<Integer> {
        @Option(names = "--fetches", description = "timed cold fetches (default: ${DEFAULT-VALUE})")
        int fetches = 30;

        @Option(names = "--clients", description = "concurrent downloaders (default: ${DEFAULT-VALUE})")
        int clients = 8;

        @Option(names = "--seconds", description = "duration of the throughput run (default: ${DEFAULT-VALUE})")
        int seconds = 10;

        @Option(names = "--channels", description = "enhancer width, sets the model size (default: ${DEFAULT-VALUE})")
        int channels = io.dejavu.enhancer.onnx.EdsrWeights.DEFAULT_CHANNELS;

        @Option(names = "--work-dir", description = "directory for the database and caches (default: a temp dir)")
        Path workDir;

        @Option(names = "--json", description = "print one JSON line of results after the table")
        boolean json;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            StoreBench.Result r =
                    new StoreBench(new StoreBench.Settings(fetches, clients, seconds, channels, workDir)).run();
            PrintWriter out = spec.commandLine().getOut();
            out.print(r.table());
            if (json) {
                out.println(r.json());
            }
            out.flush();
            return 0;
        }
    }
}

package io.dejavu.store;

import io.dejavu.protocol.db.DatabaseLocation;
import io.dejavu.protocol.ticket.CallTicket;
import io.dejavu.protocol.ticket.TicketKey;
import io.dejavu.protocol.ticket.TicketSigner;
import io.dejavu.store.client.Credential;
import io.dejavu.store.client.ModelStoreClient;
import io.dejavu.store.server.ModelStoreServer;
import io.dejavu.store.server.StoreConfig;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.function.UnaryOperator;

/**
 * A real store on a random loopback port over a real database: a SQLite file under {@code
 * target/} unless given another {@link DatabaseLocation} (such as {@link PostgresServer}'s).
 */
public final class StoreFixture implements AutoCloseable {
    public static final String ADMIN = "admin-token-0123456789abcdef";
    public static final String SECRET = "ticket-secret-0123456789abcdef";
    public static final TicketSigner SIGNER = TicketSigner.fromText(SECRET);
    /** The key of the fixture's tickets: the honest holder's. */
    public static final TicketKey KEY = TicketKey.generate();

    public final Path dir;
    /** The SQLite file; null on PostgreSQL. */
    public final Path db;

    public final DatabaseLocation database;
    public final ModelStoreServer server;
    public final URI uri;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public StoreFixture() throws IOException {
        this(b -> b);
    }

    public StoreFixture(UnaryOperator<StoreConfig.Builder> config) throws IOException {
        this(newDir("store"), config);
    }

    public StoreFixture(Path dir, UnaryOperator<StoreConfig.Builder> config) throws IOException {
        this(DatabaseLocation.sqlite(dir.resolve("store.db")), dir, config);
    }

    /** A store over {@code database}, with {@code dir} for its other files. */
    public StoreFixture(DatabaseLocation database, Path dir, UnaryOperator<StoreConfig.Builder> config)
            throws IOException {
        this.dir = dir;
        this.database = database;
        this.db = database instanceof DatabaseLocation.Sqlite s ? s.file() : null;
        this.server = new ModelStoreServer(
                config.apply(StoreConfig.builder(database, ADMIN).ticketSecret(SECRET))
                        .build());
        server.start();
        this.uri = server.uri();
    }

    /** A fresh directory under {@code target/test-work}. */
    public static Path newDir(String name) throws IOException {
        return Files.createDirectories(
                Path.of("target", "test-work", name + "-" + UUID.randomUUID()).toAbsolutePath());
    }

    public ModelStoreClient client(Path cache) {
        return ModelStoreClient.builder(uri)
                .cacheDir(cache)
                .retries(1)
                .retryBackoff(Duration.ofMillis(20))
                .build();
    }

    public ModelStoreClient client() throws IOException {
        return client(newDir("cache"));
    }

    /** A ticket bound to {@link #KEY}. */
    public static String ticket(String holder, String peer) {
        return SIGNER.sign(new CallTicket("call-1", holder, peer, Instant.now().plusSeconds(300), KEY.thumbprint()));
    }

    public static Credential ticketFor(String holder, String peer) {
        return Credential.ticket(ticket(holder, peer), holder, KEY);
    }

    /**
     * A raw ticket request as an honest client sends it: the ticket, the requester and a fresh proof
     * by {@code key} for {@code method path}.
     */
    public HttpRequest.Builder ticketRequest(
            String method, String path, String ticket, String requester, TicketKey key) {
        return request(path)
                .header("Authorization", "Ticket " + ticket)
                .header(StoreProtocol.HEADER_REQUESTER, requester)
                .header(StoreProtocol.HEADER_TICKET_PROOF, key.prove(method, path, ticket, Instant.now()))
                .method(method, HttpRequest.BodyPublishers.noBody());
    }

    public static Credential admin() {
        return Credential.admin(ADMIN);
    }

    /** A raw request, for asserting status codes and headers exactly. */
    public HttpResponse<byte[]> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    public HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(uri + path));
    }

    public HttpResponse<byte[]> upload(String caller, byte[] zip) throws IOException, InterruptedException {
        return send(request(StoreProtocol.versionsPath(caller))
                .header("Authorization", "Bearer " + ADMIN)
                .header("Content-Type", StoreProtocol.BUNDLE_MEDIA_TYPE)
                .POST(HttpRequest.BodyPublishers.ofByteArray(zip)));
    }

    @Override
    public void close() {
        server.close();
    }
}

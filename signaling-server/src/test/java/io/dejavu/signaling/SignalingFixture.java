package io.dejavu.signaling;

import io.dejavu.protocol.db.DatabaseLocation;
import io.dejavu.protocol.signaling.IceServer;
import io.dejavu.protocol.signaling.SignalMessage;
import io.dejavu.protocol.signaling.client.SignalingClient;
import io.dejavu.protocol.ticket.TicketSigner;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;

/**
 * A real server on a random loopback port with a fresh SQLite file under target/ (or the user database it is
 * given), short timeouts, and the clients a test opened; closing it closes them all.
 */
final class SignalingFixture implements AutoCloseable {
    static final String SECRET = "test secret shared with the model store";
    static final TicketSigner SIGNER = TicketSigner.fromText(SECRET);

    final SignalingServer server;
    final Path db;
    /** The user database: {@link #db}, or the one the fixture was given. */
    final DatabaseLocation database;

    final HttpClient http = HttpClient.newHttpClient();
    private final Map<String, String> tokens = new HashMap<>();
    private final List<AutoCloseable> opened = new ArrayList<>();

    SignalingFixture() throws Exception {
        this(b -> b);
    }

    SignalingFixture(UnaryOperator<SignalingServerOptions.Builder> customize) throws Exception {
        this(null, customize);
    }

    /** A server over {@code database}; null for a fresh SQLite file. */
    SignalingFixture(DatabaseLocation database, UnaryOperator<SignalingServerOptions.Builder> customize)
            throws Exception {
        Path dir = Path.of("target", "test-dbs");
        Files.createDirectories(dir);
        db = dir.resolve(UUID.randomUUID() + ".db");
        this.database = database == null ? DatabaseLocation.sqlite(db) : database;
        SignalingServerOptions.Builder builder = SignalingServerOptions.builder(this.database, SIGNER)
                .iceServers(List.of(
                        IceServer.stun("stun:127.0.0.1:3478"),
                        new IceServer(List.of("turn:127.0.0.1:3478?transport=udp"), "turnuser", "turnpass")))
                .heartbeat(Duration.ofMillis(300), Duration.ofMillis(1500))
                .resumeGrace(Duration.ofMillis(1000))
                .ringTimeout(Duration.ofSeconds(20))
                .authTimeout(Duration.ofSeconds(5));
        warmUp();
        server = new SignalingServer(customize.apply(builder).build());
        server.start();
    }

    /** Loads the JSON classes before any clock starts: a cold JVM on a loaded box can take seconds. */
    private static void warmUp() throws Exception {
        io.dejavu.protocol.signaling.SignalingCodec.decode(io.dejavu.protocol.signaling.SignalingCodec.encode(
                new io.dejavu.protocol.signaling.SignalMessage.Hello("warm-up", null, false, "test")));
    }

    String token(String user) throws UserStoreException {
        String t = tokens.get(user);
        if (t == null) {
            t = server.users().addUser(user);
            tokens.put(user, t);
        }
        return t;
    }

    /** A connected client for {@code user} (created if needed) that records its events. */
    Connected connect(String user) throws Exception {
        Events events = new Events();
        SignalingClient client = track(client(user, events).build());
        client.connect();
        return new Connected(client, events);
    }

    SignalingClient.Builder client(String user, Events events) throws UserStoreException {
        return SignalingClient.builder(server.uri(), token(user))
                .listener(events)
                .connectTimeout(Duration.ofSeconds(3));
    }

    /** Registers a client for closing at the end of the test. */
    <T extends AutoCloseable> T track(T closeable) {
        opened.add(closeable);
        return closeable;
    }

    RawSocket raw() throws Exception {
        return track(new RawSocket(http, server.uri()));
    }

    /** A raw socket that already said hello as {@code user}. */
    RawSocket rawAs(String user) throws Exception {
        RawSocket raw = raw();
        raw.send(new io.dejavu.protocol.signaling.SignalMessage.Hello(token(user), null, false, "raw"));
        raw.next(io.dejavu.protocol.signaling.SignalMessage.Welcome.class);
        return raw;
    }

    record Connected(SignalingClient client, Events events) {}

    /**
     * Alice, connected directly, in an accepted call with Bob, whose client reaches the server
     * through {@code proxy} (so a test can cut or freeze his connection); {@code bobOptions} sets his
     * timeouts and reconnect policy.
     */
    ProxiedCall callThroughProxy(TcpProxy proxy, UnaryOperator<SignalingClient.Builder> bobOptions) throws Exception {
        Connected alice = connect("alice");
        Events bobEvents = new Events();
        URI viaProxy = URI.create("ws://127.0.0.1:" + proxy.port() + "/signal");
        SignalingClient bob = track(bobOptions
                .apply(SignalingClient.builder(viaProxy, token("bob")).listener(bobEvents))
                .build());
        bob.connect();
        String callId = alice.client().invite("bob");
        bobEvents.next(SignalMessage.Invite.class);
        bob.accept(callId);
        alice.events().next(SignalMessage.CallAccepted.class);
        return new ProxiedCall(alice, bob, bobEvents, callId);
    }

    record ProxiedCall(Connected alice, SignalingClient bob, Events bobEvents, String callId) {}

    @Override
    public void close() throws Exception {
        for (int i = opened.size() - 1; i >= 0; i--) {
            opened.get(i).close();
        }
        server.close();
    }
}

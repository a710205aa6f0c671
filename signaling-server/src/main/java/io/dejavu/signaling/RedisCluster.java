package io.dejavu.signaling;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dejavu.protocol.Json;
import io.dejavu.protocol.signaling.EndReason;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Signaling nodes sharing one Redis (ADR 0306), with Lettuce: a hash of who is online on which node, a record per
 * session and per call (so a client resumes its session and its call on any node), a channel per user (messages
 * between users on different nodes), a presence channel, a heartbeat key per node (a node whose key expired is
 * dead: after the resume grace, one surviving node ends what its clients did not take elsewhere) and sign-in
 * counters. Writes are pipelined without waiting; messages from Redis are handled one at a time on one thread, in
 * the order they came.
 */
final class RedisCluster implements Cluster {
    private static final Logger LOG = LoggerFactory.getLogger(RedisCluster.class);
    private static final ObjectMapper JSON = Json.mapper();
    private static final String P = "dejavu:signal:";
    private static final String NODES = P + "nodes";
    private static final String ONLINE = P + "online";
    private static final String LINE = P + "line";
    private static final String PRESENCE = P + "presence";
    private static final String USER = P + "user:";
    private static final long HEARTBEAT_MS = 1000;
    private static final long NODE_TTL_MS = 3000;
    // How long a sign-in waits for Redis to take its subscription and online entry (a round trip, normally).
    private static final long ATTACH_WAIT_MS = 2000;
    private static final long SIGN_IN_WINDOW_S = 10;
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(2);
    /** Deletes a hash field only if it still holds the given value: a newer owner's entry stays. */
    private static final String HDEL_IF_EQUAL =
            "if redis.call('hget', KEYS[1], ARGV[1]) == ARGV[2] then return redis.call('hdel', KEYS[1], ARGV[1]) end"
                    + " return 0";
    /** Deletes an online entry only if it is still the given session's. */
    private static final String HDEL_IF_SESSION = "local v = redis.call('hget', KEYS[1], ARGV[1])"
            + " if v and cjson.decode(v).session == ARGV[2] then return redis.call('hdel', KEYS[1], ARGV[1]) end"
            + " return 0";

    /** Where a user is online and whom they block (their presence is hidden from them). */
    record Online(String node, String session, List<String> blocked) {}

    record SessionRecord(String user) {}

    record PresenceChange(String node, String user, boolean wasOnline, boolean online, List<String> hiddenFrom) {}

    private final URI uri;
    private final String node;
    private final Duration grace;
    private final long signInLimit;
    private RedisClient client;
    private StatefulRedisConnection<String, String> conn;
    private StatefulRedisPubSubConnection<String, String> sub;
    private RedisAsyncCommands<String, String> async;
    private ExecutorService inbox;
    private ScheduledExecutorService timer;
    private volatile boolean closed;

    /**
     * @param signInLimit sign-ins per user allowed in any 10 s window, over all nodes
     */
    RedisCluster(URI uri, String node, Duration grace, long signInLimit) {
        this.uri = uri;
        this.node = node;
        this.grace = grace;
        this.signInLimit = signInLimit;
    }

    String node() {
        return node;
    }

    @Override
    public boolean shared() {
        return true;
    }

    @Override
    public void start(Events events) throws SignalingServerException {
        inbox = Executors.newSingleThreadExecutor(daemon("signaling-cluster"));
        timer = Executors.newSingleThreadScheduledExecutor(daemon("signaling-cluster-timer"));
        try {
            RedisURI target = RedisURI.create(uri);
            target.setTimeout(COMMAND_TIMEOUT);
            client = RedisClient.create(target);
            // While Redis is away, commands fail at once rather than queue: the node serves its own users.
            client.setOptions(ClientOptions.builder()
                    .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                    .timeoutOptions(TimeoutOptions.enabled(COMMAND_TIMEOUT))
                    .build());
            conn = client.connect();
            sub = client.connectPubSub();
        } catch (RedisException | IllegalArgumentException e) {
            close();
            throw new SignalingServerException("cannot connect to Redis at " + uri + ": " + rootMessage(e), e);
        }
        async = conn.async();
        sub.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(String channel, String message) {
                try {
                    inbox.execute(() -> dispatch(events, channel, message));
                } catch (RejectedExecutionException e) {
                    LOG.debug("node stopping; dropped a cluster message");
                }
            }
        });
        RedisCommands<String, String> sync = conn.sync();
        sub.sync().subscribe(PRESENCE);
        sync.set(P + "node:" + node, "1", SetArgs.Builder.px(NODE_TTL_MS));
        sync.sadd(NODES, node);
        timer.scheduleWithFixedDelay(this::heartbeat, HEARTBEAT_MS, HEARTBEAT_MS, TimeUnit.MILLISECONDS);
        LOG.info("signaling node {} shares its state through Redis at {}", node, uri);
    }

    private void dispatch(Events events, String channel, String text) {
        try {
            if (PRESENCE.equals(channel)) {
                PresenceChange p = JSON.readValue(text, PresenceChange.class);
                if (!node.equals(p.node())) {
                    events.onPresence(p.user(), p.wasOnline(), p.online(), Set.copyOf(p.hiddenFrom()));
                }
            } else {
                ClusterMessage m = JSON.readValue(text, ClusterMessage.class);
                if (!node.equals(m.node())) {
                    events.onMessage(m);
                }
            }
        } catch (JsonProcessingException | RuntimeException e) {
            LOG.error("cannot handle a cluster message on {}: {}", channel, e.toString());
        }
    }

    /** Keeps this node's key alive and looks for nodes whose key expired. */
    private void heartbeat() {
        try {
            RedisCommands<String, String> sync = conn.sync();
            sync.set(P + "node:" + node, "1", SetArgs.Builder.px(NODE_TTL_MS));
            for (String other : sync.smembers(NODES)) {
                if (other.equals(node) || sync.exists(P + "node:" + other) > 0) {
                    continue;
                }
                // One surviving node takes the dead one's leftovers, after the resume grace its clients had.
                String won = sync.set(
                        P + "reaping:" + other, node, SetArgs.Builder.nx().px(grace.toMillis() + 60_000));
                if ("OK".equals(won)) {
                    LOG.warn("node {} is gone; ending what its clients do not resume elsewhere in {}", other, grace);
                    timer.schedule(() -> reap(other), grace.toMillis(), TimeUnit.MILLISECONDS);
                }
            }
        } catch (RuntimeException e) {
            if (!closed) {
                LOG.warn("cluster heartbeat failed: {}", e.toString());
            }
        }
    }

    /** Ends the sessions a dead node held that no other node took: offline, their calls ended. */
    private void reap(String dead) {
        try {
            RedisCommands<String, String> sync = conn.sync();
            if (sync.exists(P + "node:" + dead) > 0) {
                // It was only cut off from Redis for a while (its key is back): its sessions are alive.
                LOG.info("node {} is back; leaving its sessions alone", dead);
                sync.del(P + "reaping:" + dead);
                return;
            }
            int ended = 0;
            for (Map.Entry<String, String> e : sync.hgetall(ONLINE).entrySet()) {
                Online o = JSON.readValue(e.getValue(), Online.class);
                if (!dead.equals(o.node()) || !hdelIfEqual(sync, ONLINE, e.getKey(), e.getValue())) {
                    continue;
                }
                ended++;
                String user = e.getKey();
                // Sent in the dead node's name, so this node's own clients hear it too.
                publish(PRESENCE, new PresenceChange(dead, user, true, false, o.blocked()));
                sync.del(P + "session:" + o.session());
                String callId = sync.hget(LINE, user);
                if (callId != null && hdelIfEqual(sync, LINE, user, callId)) {
                    StoredCall call = readCall(sync, callId);
                    if (call != null) {
                        sync.del(P + "call:" + callId);
                        String other = call.other(user);
                        hdelIfEqual(sync, LINE, other, callId);
                        publish(USER + other, ClusterMessage.ended(dead, other, callId, EndReason.PEER_LOST, user));
                    }
                }
            }
            sync.srem(NODES, dead);
            LOG.info("ended {} sessions of gone node {}", ended, dead);
        } catch (JsonProcessingException | RuntimeException e) {
            LOG.error("cannot end the sessions of gone node {}: {}", dead, e.toString());
        }
    }

    // ------------------------------------------------------------------ blocking

    @Override
    public boolean signInAllowed(String user) {
        long window = System.currentTimeMillis() / 1000 / SIGN_IN_WINDOW_S;
        String key = P + "signins:" + user + ":" + window;
        // One round trip, not two: the key is created with its expiry (only if new), then counted.
        async.set(key, "0", SetArgs.Builder.nx().ex(2 * SIGN_IN_WINDOW_S));
        long n = await(async.incr(key));
        return n <= signInLimit;
    }

    @Override
    public Arrival arrival(String user, String resumeSession, boolean wantsOnline) {
        try {
            // The reads go out together (one round trip, pipelined on the connection), not one after another: a
            // lost node's clients all resume at once, and each round trip was paid by every one of them.
            CompletableFuture<String> rec = resumeSession == null
                    ? CompletableFuture.completedFuture(null)
                    : async.get(P + "session:" + resumeSession).toCompletableFuture();
            CompletableFuture<String> line = resumeSession == null
                    ? CompletableFuture.completedFuture(null)
                    : async.hget(LINE, user).toCompletableFuture();
            CompletableFuture<Map<String, String>> all =
                    wantsOnline ? async.hgetall(ONLINE).toCompletableFuture() : null;
            CompletableFuture<String> mine =
                    wantsOnline ? null : async.hget(ONLINE, user).toCompletableFuture();
            StoredSession resumable = null;
            String record = await(rec);
            if (record != null
                    && JSON.readValue(record, SessionRecord.class).user().equals(user)) {
                String callId = await(line);
                StoredCall call = callId == null ? null : readCall(conn.sync(), callId);
                resumable = new StoredSession(resumeSession, user, call);
            }
            Map<String, Set<String>> online = new HashMap<>();
            boolean elsewhere;
            if (wantsOnline) {
                for (Map.Entry<String, String> e : await(all).entrySet()) {
                    Online o = JSON.readValue(e.getValue(), Online.class);
                    if (!node.equals(o.node())) {
                        online.put(e.getKey(), Set.copyOf(o.blocked()));
                    }
                }
                elsewhere = online.containsKey(user);
            } else {
                String entry = await(mine);
                elsewhere = entry != null
                        && !node.equals(JSON.readValue(entry, Online.class).node());
            }
            online.remove(user);
            return new Arrival(resumable, online, elsewhere);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable cluster record: " + e.getOriginalMessage(), e);
        }
    }

    /** Waits for a pipelined command like the synchronous API would: its timeout, its exceptions. */
    private static <T> T await(java.util.concurrent.CompletionStage<T> command) {
        try {
            return command.toCompletableFuture().get(COMMAND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RedisException("interrupted while waiting for Redis", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw cause instanceof RuntimeException r ? r : new RedisException(cause);
        } catch (TimeoutException e) {
            throw new RedisException("Redis did not answer within " + COMMAND_TIMEOUT, e);
        }
    }

    @Override
    public boolean callIsActive(String callId, String holder, String peer) {
        try {
            StoredCall call = readCall(conn.sync(), callId);
            return call != null
                    && call.active()
                    && (holder.equals(call.caller()) || holder.equals(call.callee()))
                    && peer.equals(call.other(holder));
        } catch (JsonProcessingException e) {
            return false;
        }
    }

    private static StoredCall readCall(RedisCommands<String, String> sync, String callId)
            throws JsonProcessingException {
        String text = sync.get(P + "call:" + callId);
        return text == null ? null : JSON.readValue(text, StoredCall.class);
    }

    private static boolean hdelIfEqual(RedisCommands<String, String> sync, String key, String field, String value) {
        Long n = sync.eval(HDEL_IF_EQUAL, ScriptOutputType.INTEGER, new String[] {key}, field, value);
        return n != null && n > 0;
    }

    // ------------------------------------------------------------------ non-blocking

    @Override
    public CompletableFuture<Void> attached(Session s) {
        CompletableFuture<?> subscribed = sub.async().subscribe(USER + s.user).toCompletableFuture();
        CompletableFuture<?> listed = async.hset(ONLINE, s.user, json(new Online(node, s.id, List.copyOf(s.blocked))))
                .toCompletableFuture();
        async.set(P + "session:" + s.id, json(new SessionRecord(s.user)));
        // Until Redis has taken the subscription and the online entry, an invite from someone who saw this user
        // arrive would find nobody: the caller holds the welcome until this completes (a round trip, normally).
        String user = s.user;
        return CompletableFuture.allOf(subscribed, listed)
                .orTimeout(ATTACH_WAIT_MS, TimeUnit.MILLISECONDS)
                .exceptionally(e -> {
                    LOG.warn("{} is signed in here, but the cluster may not see it yet: {}", user, rootMessage(e));
                    return null;
                });
    }

    @Override
    public void ended(Session s) {
        sub.async().unsubscribe(USER + s.user);
        async.eval(HDEL_IF_SESSION, ScriptOutputType.INTEGER, new String[] {ONLINE}, s.user, s.id);
        async.del(P + "session:" + s.id);
    }

    @Override
    public void movedAway(String user) {
        sub.async().unsubscribe(USER + user);
    }

    @Override
    public void blocksChanged(Session s) {
        async.hset(ONLINE, s.user, json(new Online(node, s.id, List.copyOf(s.blocked))));
    }

    @Override
    public void presence(String user, boolean wasOnline, boolean online, Set<String> hiddenFrom) {
        publish(PRESENCE, new PresenceChange(node, user, wasOnline, online, List.copyOf(hiddenFrom)));
    }

    @Override
    public void send(ClusterMessage message, Runnable ifNobody) {
        async.publish(USER + message.to(), json(message)).whenComplete((receivers, error) -> {
            // Redis unreachable counts as nobody: an invite then ends offline instead of ringing forever.
            if ((error != null || receivers == null || receivers == 0) && ifNobody != null) {
                try {
                    inbox.execute(ifNobody);
                } catch (RejectedExecutionException e) {
                    LOG.debug("node stopping; dropped a cluster callback");
                }
            }
        });
    }

    @Override
    public void callStored(StoredCall call) {
        async.set(P + "call:" + call.id(), json(call));
        async.hset(LINE, call.caller(), call.id());
        if (call.active()) {
            async.hset(LINE, call.callee(), call.id());
        }
    }

    @Override
    public void callEnded(String callId, String caller, String callee) {
        async.del(P + "call:" + callId);
        async.eval(HDEL_IF_EQUAL, ScriptOutputType.INTEGER, new String[] {LINE}, caller, callId);
        async.eval(HDEL_IF_EQUAL, ScriptOutputType.INTEGER, new String[] {LINE}, callee, callId);
    }

    private void publish(String channel, Object message) {
        async.publish(channel, json(message));
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a cluster record", e);
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (timer != null) {
            timer.shutdownNow();
        }
        if (conn != null && conn.isOpen()) {
            try {
                // Gone at once rather than when the key expires: the other nodes start the resume grace now.
                conn.sync().del(P + "node:" + node);
            } catch (RuntimeException e) {
                LOG.debug("cannot remove the node key: {}", e.toString());
            }
        }
        if (sub != null) {
            sub.close();
        }
        if (conn != null) {
            conn.close();
        }
        if (inbox != null) {
            inbox.shutdown();
            try {
                inbox.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (client != null) {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }

    private static String rootMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}

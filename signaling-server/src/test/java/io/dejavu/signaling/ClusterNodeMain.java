package io.dejavu.signaling;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * One signaling node in its own JVM, for a test that kills it with SIGKILL: args are the user file and the Redis
 * URL; prints its URL, then serves until killed.
 */
public final class ClusterNodeMain {
    private ClusterNodeMain() {}

    public static void main(String[] args) throws Exception {
        SignalingServer node = new SignalingServer(
                SignalingServerOptions.builder(Path.of(args[0]), SignalingFixture.SIGNER)
                        .heartbeat(Duration.ofMillis(300), Duration.ofMillis(1500))
                        .resumeGrace(Duration.ofSeconds(2))
                        .presenceInterval(Duration.ofMillis(50))
                        .build(),
                URI.create(args[1]));
        node.start();
        System.out.println(node.uri());
        System.out.flush();
        new CountDownLatch(1).await();
    }
}

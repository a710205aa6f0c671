package io.dejavu.store;

import io.dejavu.protocol.ticket.PublishCredentials;
import io.dejavu.protocol.ticket.TicketKey;
import io.dejavu.store.client.Credential;
import io.dejavu.store.client.ModelStoreClient;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What self-publishing costs (ADR 0308): asking signaling for a publish credential, and one
 * self-publish of a small bundle (proof, standing check, validation, transaction), against real
 * servers on loopback. Not a test; run by hand (docs/PERFORMANCE.md):
 *
 * <pre>
 * java -cp ...test classpath... io.dejavu.store.SelfPublishMeasurement [rounds, default 30]
 * </pre>
 */
public final class SelfPublishMeasurement {
    private SelfPublishMeasurement() {}

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        HttpClient http = HttpClient.newHttpClient();
        try (CallSetup calls = new CallSetup();
                StoreFixture store = new StoreFixture(
                        b -> b.signaling(calls.httpBase()).selfPublishLimit(rounds + 10, Duration.ofHours(1)));
                ModelStoreClient client = store.client()) {
            TicketKey key = calls.alice.ticketKey();
            // Warm-up: class loading, ONNX Runtime, connections.
            String warm =
                    PublishCredentials.obtain(http, calls.httpBase(), calls.aliceToken, key, Duration.ofSeconds(10));
            client.publishOwn(TestModels.random("alice", 0), Credential.publish(warm, key));
            List<Double> obtain = new ArrayList<>();
            List<Double> publish = new ArrayList<>();
            long bytes = 0;
            for (int i = 1; i <= rounds; i++) {
                ModelBundle bundle = TestModels.random("alice", i);
                bytes = bundle.toZip().length;
                long t0 = System.nanoTime();
                String credential = PublishCredentials.obtain(
                        http, calls.httpBase(), calls.aliceToken, key, Duration.ofSeconds(10));
                long t1 = System.nanoTime();
                client.publishOwn(bundle, Credential.publish(credential, key));
                long t2 = System.nanoTime();
                obtain.add((t1 - t0) / 1e6);
                publish.add((t2 - t1) / 1e6);
            }
            System.out.printf(
                    "%d rounds, bundle %d bytes: credential median %.1f ms max %.1f ms; self-publish median %.1f ms"
                            + " max %.1f ms%n",
                    rounds, bytes, median(obtain), Collections.max(obtain), median(publish), Collections.max(publish));
        }
    }

    private static double median(List<Double> xs) {
        List<Double> s = new ArrayList<>(xs);
        Collections.sort(s);
        return s.get(s.size() / 2);
    }
}

package io.dejavu.protocol.signaling.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SerialExecutorTest {
    @Test
    void runsTasksOneAtATimeInSubmissionOrderOnASharedPool() throws Exception {
        AtomicInteger n = new AtomicInteger();
        ExecutorService pool =
                Executors.newFixedThreadPool(4, r -> new Thread(r, "serial-test-" + n.incrementAndGet()));
        try {
            SerialExecutor serial = new SerialExecutor(pool);
            List<Integer> order = Collections.synchronizedList(new ArrayList<>());
            AtomicInteger running = new AtomicInteger();
            AtomicInteger overlaps = new AtomicInteger();
            CountDownLatch done = new CountDownLatch(500);
            for (int i = 0; i < 500; i++) {
                int id = i;
                serial.execute(() -> {
                    if (running.incrementAndGet() > 1) {
                        overlaps.incrementAndGet();
                    }
                    order.add(id);
                    running.decrementAndGet();
                    done.countDown();
                });
            }
            assertTrue(done.await(5, TimeUnit.SECONDS));
            assertEquals(0, overlaps.get());
            for (int i = 0; i < 500; i++) {
                assertEquals(i, order.get(i));
            }
        } finally {
            pool.shutdownNow();
            assertTrue(pool.awaitTermination(5, TimeUnit.SECONDS));
        }
    }

    @Test
    void stoppedPoolDropsTasksInsteadOfThrowing() {
        ExecutorService pool = Executors.newSingleThreadExecutor(r -> new Thread(r, "serial-test-stopped"));
        pool.shutdown();
        SerialExecutor serial = new SerialExecutor(pool);
        AtomicInteger ran = new AtomicInteger();
        serial.execute(ran::incrementAndGet);
        serial.execute(ran::incrementAndGet);
        assertEquals(0, ran.get());
    }
}

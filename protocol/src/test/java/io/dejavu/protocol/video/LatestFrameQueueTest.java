package io.dejavu.protocol.video;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dejavu.testing.Await;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LatestFrameQueueTest {
    private static I420Frame frame(long index) {
        return I420Frame.blank(4, 4).withIndex(index, index);
    }

    @Test
    void newestFramesWinWhenConsumerIsBehind() throws InterruptedException {
        LatestFrameQueue q = new LatestFrameQueue(2);
        for (int i = 0; i < 5; i++) {
            q.offer(frame(i));
        }
        assertEquals(3, q.droppedCount());
        assertEquals(3, q.poll(0, TimeUnit.MILLISECONDS).orElseThrow().index());
        assertEquals(4, q.poll(0, TimeUnit.MILLISECONDS).orElseThrow().index());
        assertTrue(q.poll(10, TimeUnit.MILLISECONDS).isEmpty());
    }

    @Test
    void pollLatestTakesTheNewestAndCountsTheOnesItPassesOver() throws InterruptedException {
        LatestFrameQueue q = new LatestFrameQueue(4);
        for (int i = 0; i < 3; i++) {
            q.offer(frame(i));
        }
        assertEquals(2, q.pollLatest(0, TimeUnit.MILLISECONDS).orElseThrow().index());
        assertEquals(2, q.droppedCount(), "frames 0 and 1 were passed over");
        assertEquals(0, q.size());
        q.offer(frame(3));
        assertEquals(3, q.pollLatest(0, TimeUnit.MILLISECONDS).orElseThrow().index());
        assertEquals(2, q.droppedCount(), "a lone frame passes nothing over");
        assertTrue(q.pollLatest(10, TimeUnit.MILLISECONDS).isEmpty());
        q.close();
        assertTrue(q.pollLatest(10, TimeUnit.SECONDS).isEmpty(), "closed and drained: no wait");
    }

    @Test
    void aLumaCopyOwnsItsLumaAndSharesTheChroma() {
        I420Frame f = I420Frame.blank(4, 4).withIndex(7, 70);
        I420Frame kept = f.copyLuma();
        f.y()[0] = 99;
        assertEquals((byte) 128, kept.y()[0], "the kept luma is the decoded one");
        assertTrue(kept.u() == f.u() && kept.v() == f.v(), "chroma is never enhanced, so it is shared");
        assertEquals(7, kept.index());
        assertEquals(70, kept.timestampNanos());
    }

    @Test
    void closeWakesConsumerAndRefusesOffers() throws Exception {
        LatestFrameQueue q = new LatestFrameQueue(1);
        Thread consumer = Thread.currentThread();
        Thread closer = new Thread(() -> {
            // close while the consumer is blocked in poll, not before it got there
            Await.until(
                    "the consumer waits in poll",
                    Duration.ofSeconds(5),
                    () -> consumer.getState() == Thread.State.TIMED_WAITING);
            q.close();
        });
        closer.start();
        assertTrue(q.poll(10, TimeUnit.SECONDS).isEmpty());
        closer.join();
        assertFalse(q.offer(frame(1)));
    }
}

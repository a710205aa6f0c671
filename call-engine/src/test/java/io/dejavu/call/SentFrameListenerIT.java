package io.dejavu.call;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dejavu.call.loopback.CallPair;
import io.dejavu.call.loopback.DirectSignaling;
import io.dejavu.protocol.video.FrameSize;
import io.dejavu.protocol.video.I420Frame;
import io.dejavu.testing.Await;
import io.dejavu.testing.SampleFootage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The sender's own footage hook (issue 17): a listener sees every frame the sender hands its
 * encoder, exactly as sent, and a listener that throws breaks nothing. Real loopback calls.
 */
@ExtendWith(SharedRuntime.class)
class SentFrameListenerIT {
    private static final FrameSize SMALL = new FrameSize(320, 180);
    private static final Duration LIMIT = Duration.ofSeconds(20);

    private final MediaRuntime runtime;
    private CallPair pair;

    SentFrameListenerIT(MediaRuntime runtime) {
        this.runtime = runtime;
    }

    @AfterEach
    void closeEverything() {
        if (pair != null) {
            pair.close();
        }
        assertEquals(0, runtime.openCalls());
        Threads.assertNoEngineThreads();
    }

    private void start(CallOptions caller) throws Exception {
        CallOptions callee = CallOptions.builder()
                .video(VideoSourceSpec.synthetic(new FrameSize(160, 96), 5))
                .maxBitrateKbps(30)
                .audio(false)
                .qualityTap(true)
                .build();
        pair = new DirectSignaling().start(runtime, caller, callee);
        pair.caller().awaitConnected(Duration.ofSeconds(10));
        pair.callee().awaitConnected(Duration.ofSeconds(10));
    }

    @Test
    void listenerSeesEachFrameOfAFileExactlyAsHandedToTheEncoder() throws Exception {
        FrameSize size = new FrameSize(256, 192);
        start(CallOptions.builder()
                .video(VideoSourceSpec.file(SampleFootage.require(SampleFootage.ONE_MAN), size))
                .maxBitrateKbps(150)
                .audio(false)
                .qualityTap(true)
                .build());
        List<I420Frame> seen = new CopyOnWriteArrayList<>();
        pair.caller().addSentFrameListener(frame -> {
            if (seen.size() < 40) {
                seen.add(frame.copy());
            }
        });
        Await.until("40 sent frames seen", LIMIT, () -> seen.size() >= 40);

        List<I420Frame> frames = new ArrayList<>(seen);
        FrameReference sent = pair.caller().sentFrames().orElseThrow();
        for (int i = 0; i < frames.size(); i++) {
            I420Frame f = frames.get(i);
            assertEquals(size, new FrameSize(f.width(), f.height()), "frame " + i + " is at the size sent");
            assertEquals(frames.get(0).index() + i, f.index(), "frames arrive in order, none missed");
        }
        // What the listener saw is what the tap logged as sent: the stamped picture, not the file's.
        I420Frame last = frames.get(frames.size() - 1);
        Optional<byte[]> logged = sent.luma(last.index(), size.width(), size.height());
        assertTrue(logged.isPresent(), "the tap still keeps frame " + last.index());
        assertArrayEquals(logged.get(), last.y());
        // And the callee decodes frames with those indices: they went through the encoder.
        long wanted = frames.get(0).index();
        Await.until("the callee decodes a frame sent after the listener was added", LIMIT, () -> {
            try {
                return pair.callee()
                        .receivedFrames()
                        .poll(100, TimeUnit.MILLISECONDS)
                        .filter(f -> f.index() >= wanted)
                        .isPresent();
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        });
    }

    @Test
    void aListenerThatThrowsBreaksNeitherTheCallNorTheOtherListeners() throws Exception {
        start(CallOptions.builder()
                .video(VideoSourceSpec.synthetic(SMALL, 15))
                .maxBitrateKbps(150)
                .audio(false)
                .build());
        AtomicLong thrown = new AtomicLong();
        AtomicLong heard = new AtomicLong();
        pair.caller().addSentFrameListener(frame -> {
            thrown.incrementAndGet();
            throw new IllegalStateException("a broken recorder");
        });
        pair.caller().addSentFrameListener(frame -> heard.incrementAndGet());
        long receivedBefore = pair.callee().framesReceived();

        Await.until("30 frames after the failures", LIMIT, () -> heard.get() >= 30 && thrown.get() >= 30);
        Await.until("the callee keeps decoding", LIMIT, () -> pair.callee().framesReceived() >= receivedBefore + 30);
        assertEquals(CallState.CONNECTED, pair.caller().state());
        assertEquals(CallState.CONNECTED, pair.callee().state());
    }

    @Test
    void aRemovedListenerHearsNoMoreFrames() throws Exception {
        start(CallOptions.builder()
                .video(VideoSourceSpec.synthetic(SMALL, 15))
                .maxBitrateKbps(150)
                .audio(false)
                .build());
        AtomicLong heard = new AtomicLong();
        SentFrameListener listener = frame -> heard.incrementAndGet();
        pair.caller().addSentFrameListener(listener);
        Await.until("some frames heard", LIMIT, () -> heard.get() >= 5);

        pair.caller().removeSentFrameListener(listener);
        long atRemoval = heard.get();
        long pushed = pair.caller().framesPushed();
        Await.until("ten more frames pushed", LIMIT, () -> pair.caller().framesPushed() >= pushed + 10);
        // One frame may have been on its way to the listener while it was removed.
        assertTrue(heard.get() <= atRemoval + 1, () -> heard.get() + " frames heard, " + atRemoval + " at removal");
    }
}

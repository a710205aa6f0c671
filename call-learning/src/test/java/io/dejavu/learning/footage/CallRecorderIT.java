package io.dejavu.learning.footage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dejavu.call.CallOptions;
import io.dejavu.call.MediaRuntime;
import io.dejavu.call.SharedRuntime;
import io.dejavu.call.VideoCodec;
import io.dejavu.call.VideoSourceSpec;
import io.dejavu.call.internal.FrameMarker;
import io.dejavu.call.loopback.CallPair;
import io.dejavu.call.loopback.DirectSignaling;
import io.dejavu.protocol.video.FrameSize;
import io.dejavu.protocol.video.I420Frame;
import io.dejavu.testing.Await;
import io.dejavu.testing.SampleFootage;
import io.dejavu.training.footage.FootageReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The recorder on a real libwebrtc loopback call, writing real FFV1 files. */
@ExtendWith(SharedRuntime.class)
class CallRecorderIT {
    private static final FrameSize SIZE = new FrameSize(160, 120);
    private static final Duration LIMIT = Duration.ofSeconds(60);

    private final MediaRuntime runtime;
    private CallPair pair;

    @TempDir
    Path tmp;

    CallRecorderIT(MediaRuntime runtime) {
        this.runtime = runtime;
    }

    @AfterEach
    void hangUp() {
        if (pair != null) {
            pair.close();
        }
    }

    private void call(int kbps) throws Exception {
        CallOptions caller = CallOptions.builder()
                .video(new VideoSourceSpec.File(SampleFootage.require(SampleFootage.ONE_MAN), Optional.of(SIZE)))
                .codec(VideoCodec.VP8)
                .maxBitrateKbps(kbps)
                .audio(false)
                .qualityTap(true)
                .build();
        CallOptions callee = CallOptions.builder()
                .video(new VideoSourceSpec.Synthetic(new FrameSize(160, 96), 5))
                .maxBitrateKbps(30)
                .audio(false)
                .build();
        pair = new DirectSignaling().start(runtime, caller, callee);
        pair.caller().awaitConnected(Duration.ofSeconds(15));
    }

    @Test
    void keepsOneStretchOfTheFramesHandedToTheEncoderWithTheCallsBitrate() throws Exception {
        FootageStore store = FootageStore.open(tmp, FootageLimits.DEFAULTS.withMaxPerCall(Duration.ofSeconds(2)));
        call(100);
        Map<Integer, byte[]> sent = new ConcurrentHashMap<>();
        pair.caller().addSentFrameListener(f -> sent.put((int) (f.index() & 0xffff), f.y().clone()));
        CallRecorder recorder = CallRecorder.start(pair.caller(), store, Duration.ofMillis(500));
        int stretch = (int) Math.round(2 * pair.caller().sendFps());

        Await.until(
                "two seconds of frames kept or skipped",
                LIMIT,
                () -> recorder.framesKept() + recorder.framesSkipped() >= stretch);
        pair.close(); // the call ends first, as in the app
        recorder.close();

        KeptCall kept = recorder.result().orElseThrow(() -> new AssertionError("nothing kept: " + recorder.failure()));
        assertEquals(List.of(kept), store.calls());
        assertEquals(stretch, kept.frames() + recorder.framesSkipped(), "one stretch of the per-call seconds");
        assertEquals(SIZE, kept.size());
        assertEquals(VideoCodec.VP8, kept.codec());
        assertTrue(kept.sendKbps() > 10 && kept.sendKbps() < 300, kept.sendKbps() + " kbps measured at a 100 kbps cap");
        List<I420Frame> back =
                FootageReader.read(kept.video(), Optional.empty(), 1000).frames();
        assertEquals(kept.frames(), back.size());
        long previous = -1;
        for (I420Frame f : back) {
            int index = FrameMarker.read(f.y(), f.width(), f.height());
            assertTrue(index >= 0, "the kept frame carries the tap's stamp: it is the frame as sent");
            assertArrayEquals(sent.get(index), f.y(), "kept frame " + index + " is the one handed to the encoder");
            if (recorder.framesSkipped() == 0 && previous >= 0) {
                assertEquals(previous + 1, index, "the stretch is contiguous");
            }
            previous = index;
        }
    }

    @Test
    void whenTheWriterFallsBehindFramesAreSkippedAndCountedWhileTheCallGoesOn() throws Exception {
        FootageStore store = FootageStore.open(tmp, FootageLimits.DEFAULTS.withMaxPerCall(Duration.ofSeconds(10)));
        call(100);
        CallRecorder recorder = CallRecorder.start(pair.caller(), store, Duration.ZERO, true);
        long decoded = pair.callee().framesReceived();

        Await.until("frames skipped once the queue is full", LIMIT, () -> recorder.framesSkipped() >= 20);
        Await.until("the callee still decodes", LIMIT, () -> pair.callee().framesReceived() > decoded + 40);
        recorder.close();

        KeptCall kept = recorder.result().orElseThrow(() -> new AssertionError("nothing kept: " + recorder.failure()));
        assertEquals(CallRecorder.QUEUE_FRAMES, kept.frames(), "what the queue held was kept");
        assertTrue(recorder.framesSkipped() >= 20, recorder.framesSkipped() + " skipped");
        assertEquals(
                kept.frames(),
                FootageReader.read(kept.video(), Optional.empty(), 1000)
                        .frames()
                        .size());
    }

    @Test
    void aCallThatEndsBeforeSettlingKeepsNothingAndLeavesNothing() throws Exception {
        FootageStore store = FootageStore.open(tmp, FootageLimits.DEFAULTS);
        call(100);
        CallRecorder recorder = CallRecorder.start(pair.caller(), store, Duration.ofHours(1));
        long pushed = pair.caller().framesPushed();
        Await.until("frames flow", LIMIT, () -> pair.caller().framesPushed() > pushed + 10);

        recorder.close();

        assertEquals(Optional.empty(), recorder.result());
        assertEquals(0, recorder.framesKept());
        try (Stream<Path> left = Files.list(tmp)) {
            assertEquals(List.of(), left.toList(), "no half call left behind");
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}

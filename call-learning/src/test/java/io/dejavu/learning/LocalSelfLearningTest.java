package io.dejavu.learning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dejavu.call.VideoCodec;
import io.dejavu.learning.footage.KeptCall;
import io.dejavu.learning.learn.LearnerBudget;
import io.dejavu.protocol.video.FrameSize;
import io.dejavu.testing.Await;
import io.dejavu.testing.SampleFootage;
import io.dejavu.training.TestModels;
import io.dejavu.training.TrainingException;
import io.dejavu.training.footage.PairMaker;
import io.dejavu.training.train.DeviceChoice;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The learning loop the app runs: consent, yielding to calls, versions that survive a restart. */
class LocalSelfLearningTest {
    private static final Duration PATIENCE = Duration.ofMinutes(3);

    @TempDir
    Path dir;

    private LocalSelfLearning.Config config(KeptCallList footage, PairMaker maker) {
        return config(footage, maker, Optional::empty);
    }

    private LocalSelfLearning.Config config(KeptCallList footage, PairMaker maker, Supplier<Optional<Path>> personal) {
        return new LocalSelfLearning.Config(
                "alice",
                footage,
                CaptureFactory.NONE,
                ModelPublisherPort.LOCAL_ONLY,
                maker,
                TestModels.shippedGenericModel(),
                personal,
                new LearnerBudget(
                        DeviceChoice.CPU,
                        1,
                        Duration.ofMinutes(2),
                        3,
                        100,
                        3,
                        0.25,
                        8,
                        32,
                        8,
                        1e-3f,
                        1L,
                        LearnerBudget.GpuTier.ON_GPU),
                Duration.ZERO);
    }

    private static KeptCall call(String id) throws Exception {
        Path clip = SampleFootage.require(SampleFootage.ONE_MAN);
        return new KeptCall(
                id, Instant.now(), clip, new FrameSize(160, 120), 100, 4.0, VideoCodec.VP8, 40, Files.size(clip));
    }

    @Test
    void consentIsOffUntilTheUserTurnsItOnAndStaysAsTheyLeftIt() throws Exception {
        KeptCallList footage = new KeptCallList(dir);
        try (LocalSelfLearning learning = new LocalSelfLearning(config(footage, PairMaker.FFMPEG))) {
            assertFalse(learning.settings().consent());
            assertEquals(LearningState.OFF, learning.state());
            learning.setConsent(true);
            assertEquals(LearningState.IDLE, learning.state());
        }
        try (LocalSelfLearning again = new LocalSelfLearning(config(footage, PairMaker.FFMPEG))) {
            assertTrue(again.settings().consent());
        }
    }

    @Test
    void aCallStartingStopsLearningWhichRunsAgainOnceTheCallIsOver() throws Exception {
        KeptCallList footage = new KeptCallList(dir);
        footage.add(call("c1"));
        CountDownLatch recording = new CountDownLatch(1);
        AtomicBoolean first = new AtomicBoolean(true);
        AtomicBoolean stoppedForCall = new AtomicBoolean();
        // The first pair recording lasts until interrupted, as a loopback call's would for a long call.
        PairMaker slowFirst = (f, codec, kbps) -> {
            if (first.getAndSet(false)) {
                recording.countDown();
                try {
                    Thread.sleep(Duration.ofMinutes(10).toMillis());
                } catch (InterruptedException e) {
                    stoppedForCall.set(true);
                    Thread.currentThread().interrupt();
                    throw new TrainingException("interrupted while recording pairs", e);
                }
            }
            return PairMaker.FFMPEG.make(f, codec, kbps);
        };
        List<LearningEvent> events = new CopyOnWriteArrayList<>();
        try (LocalSelfLearning learning = new LocalSelfLearning(config(footage, slowFirst))) {
            learning.addListener(events::add);
            learning.setConsent(true);
            learning.setPaused(false); // resuming starts a run at once
            Await.until("a run under way", PATIENCE, () -> recording.getCount() == 0);
            assertEquals(LearningState.LEARNING, learning.state());

            // CaptureFactory.NONE never looks at the call: the engine's Call needs a live runtime.
            assertEquals(Optional.empty(), learning.callStarted(null));

            Await.until("the run stopped for the call", PATIENCE, stoppedForCall::get);
            assertEquals(LearningState.WAITING_FOR_CALL_TO_END, learning.state());
            assertTrue(learning.versions().isEmpty(), "a stopped run records nothing");

            learning.callEnded();

            Await.until("a version after the call", PATIENCE, () -> events.stream()
                    .anyMatch(e -> e instanceof LearningEvent.VersionTrained));
            Await.until("idle again", PATIENCE, () -> learning.state() == LearningState.IDLE);
            assertEquals(1, learning.versions().size());
            assertTrue(events.stream().noneMatch(e -> e instanceof LearningEvent.Failed), events::toString);
        }
        try (LocalSelfLearning restarted = new LocalSelfLearning(config(footage, PairMaker.FFMPEG))) {
            assertEquals(1, restarted.versions().size(), "the ledger survives a restart");
        }
    }

    /**
     * Issue 17: a user an admin recorded and trained starts learning from that personal model (a
     * real store, the model fetched with the user's publish credential), not from the generic one,
     * and the guard measures it.
     */
    @Test
    void aRunStartsFromThePersonalModelAnAdminPublishedForTheUser() throws Exception {
        KeptCallList footage = new KeptCallList(dir.resolve("learning"));
        footage.add(call("c1"));
        List<LearningEvent> events = new CopyOnWriteArrayList<>();
        try (StoreBackends backends = new StoreBackends(dir.resolve("servers"))) {
            backends.publishAsAdmin(StoreBackends.aliceModel(dir.resolve("admins"), 0.1));
            PersonalModelFetcher personal = backends.fetcher(footage.dir());
            try (LocalSelfLearning learning = new LocalSelfLearning(config(footage, PairMaker.FFMPEG, personal))) {
                learning.addListener(events::add);
                learning.setConsent(true);
                learning.setPaused(false);

                Await.until("a version", PATIENCE, () -> learning.versions().size() == 1);
            }
        }
        List<String> lines = events.stream()
                .filter(e -> e instanceof LearningEvent.Progress)
                .map(e -> ((LearningEvent.Progress) e).line())
                .toList();
        assertTrue(
                lines.stream().anyMatch(l -> l.startsWith("learning: fine-tuning personal model ")), lines::toString);
        assertTrue(
                lines.stream()
                        .anyMatch(l -> l.startsWith("learning: held-back")
                                && l.contains("personal model ")
                                && l.contains(", generic ")),
                () -> "the guard compares with the personal model and the generic one: " + lines);
        assertTrue(events.stream().noneMatch(e -> e instanceof LearningEvent.Failed), events::toString);
    }

    @Test
    void deletingRemovesTheKeptFootageAndEveryVersion() throws Exception {
        Path clip = Files.copy(SampleFootage.require(SampleFootage.ONE_MAN), dir.resolve("kept.mp4"));
        KeptCallList footage = new KeptCallList(dir);
        footage.add(new KeptCall(
                "c1", Instant.now(), clip, new FrameSize(160, 120), 100, 4.0, VideoCodec.VP8, 40, Files.size(clip)));
        List<LearningEvent> events = new CopyOnWriteArrayList<>();
        try (LocalSelfLearning learning = new LocalSelfLearning(config(footage, PairMaker.FFMPEG))) {
            learning.addListener(events::add);
            learning.setConsent(true);
            learning.setPaused(false);
            Await.until("a version", PATIENCE, () -> learning.versions().size() == 1);

            learning.deleteSelfTrainedVersions();
            learning.deleteFootage();

            assertTrue(learning.versions().isEmpty());
            assertEquals(0, learning.footage().calls());
            assertFalse(Files.exists(clip), "the kept video is gone");
            assertTrue(events.stream().noneMatch(e -> e instanceof LearningEvent.Failed), events::toString);
        }
        try (LocalSelfLearning restarted = new LocalSelfLearning(config(footage, PairMaker.FFMPEG))) {
            assertTrue(restarted.versions().isEmpty(), "the deletion reached the ledger on disk");
        }
    }
}

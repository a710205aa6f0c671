package io.dejavu.learning.footage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dejavu.call.VideoCodec;
import io.dejavu.learning.FootageSummary;
import io.dejavu.learning.LearningSettings;
import io.dejavu.protocol.video.FrameSize;
import io.dejavu.protocol.video.I420Frame;
import io.dejavu.testing.SampleFootage;
import io.dejavu.training.footage.Footage;
import io.dejavu.training.footage.FootageReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The footage store on a real folder with real FFV1 files (no call: see CallRecorderIT for that). */
class FootageStoreTest {
    private static final FrameSize SIZE = new FrameSize(96, 64);
    private static final Instant NOW = Instant.parse("2026-12-06T12:00:00Z");
    private static List<I420Frame> clip;

    @TempDir
    Path tmp;

    @BeforeAll
    static void readClip() {
        clip = FootageReader.read(SampleFootage.require(SampleFootage.ONE_MAN), Optional.of(SIZE), 20)
                .frames();
    }

    private Path folder() {
        return tmp.resolve("learning/alice/footage");
    }

    private FootageStore open(FootageLimits limits, Instant now) {
        return FootageStore.open(folder(), limits, Clock.fixed(now, ZoneOffset.UTC));
    }

    private static KeptCall keep(FootageStore store, Instant started, List<I420Frame> frames, int kbps) {
        FootageStore.NewCall call = store.begin(started);
        int n;
        try (FootageWriter w =
                FootageWriter.start(call.video(), SIZE, 25, store.limits().maxBytes(), 10_000)) {
            frames.forEach(w::write);
            w.finish();
            n = w.frames();
        }
        CallInfo info = new CallInfo(CallInfo.FORMAT, started, SIZE.width(), SIZE.height(), 25, n, "VP8", kbps, 0);
        return store.commit(call, info).orElseThrow();
    }

    @Test
    void keptCallsSurviveReopeningNewestFirst() {
        FootageStore store = open(FootageLimits.DEFAULTS, NOW);
        KeptCall older = keep(store, NOW.minusSeconds(3600), clip.subList(0, 10), 60);
        KeptCall newer = keep(store, NOW.minusSeconds(60), clip.subList(10, 20), 140);

        List<KeptCall> again = open(FootageLimits.DEFAULTS, NOW).calls();

        assertEquals(List.of(newer, older), again);
        KeptCall k = again.get(0);
        assertEquals(SIZE, k.size());
        assertEquals(10, k.frames());
        assertEquals(0.4, k.seconds(), 1e-9);
        assertEquals(VideoCodec.VP8, k.codec());
        assertEquals(140, k.sendKbps());
        assertTrue(k.bytes() > 0 && k.bytes() == sizeOf(k.video().getParent()), "bytes " + k.bytes());
    }

    @Test
    void framesComeBackExactlyAsKept() {
        KeptCall k = keep(open(FootageLimits.DEFAULTS, NOW), NOW, clip, 100);

        Footage back = FootageReader.read(k.video(), Optional.empty(), 100);

        assertEquals(clip.size(), back.frames().size());
        assertEquals(25.0, back.fps(), 1e-6);
        for (int i = 0; i < clip.size(); i++) {
            assertArrayEquals(clip.get(i).y(), back.frames().get(i).y(), "Y of frame " + i);
            assertArrayEquals(clip.get(i).u(), back.frames().get(i).u(), "U of frame " + i);
            assertArrayEquals(clip.get(i).v(), back.frames().get(i).v(), "V of frame " + i);
        }
    }

    @Test
    void foldersAndFilesAreTheOwnersOnly() throws IOException {
        KeptCall k = keep(open(FootageLimits.DEFAULTS, NOW), NOW, clip.subList(0, 3), 100);

        for (Path dir : List.of(folder(), k.video().getParent())) {
            assertEquals(
                    "rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)), dir.toString());
        }
        try (Stream<Path> files = Files.list(k.video().getParent())) {
            for (Path f : files.toList()) {
                assertEquals(
                        "rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)), f.toString());
            }
        }
    }

    @Test
    void aCallLeftHalfWrittenByACrashIsRemovedOnOpen() {
        FootageStore store = open(FootageLimits.DEFAULTS, NOW);
        keep(store, NOW.minusSeconds(10), clip.subList(0, 3), 100);
        FootageStore.NewCall crashed = store.begin(NOW);
        try (FootageWriter w = FootageWriter.start(crashed.video(), SIZE, 25, 1L << 30, 100)) {
            w.write(clip.get(0)); // and the process dies: no finish, no commit
        }
        assertEquals(1, store.calls().size(), "a call being written is not listed");

        FootageStore reopened = open(FootageLimits.DEFAULTS, NOW);

        assertFalse(Files.exists(crashed.dir()), "the .part folder is removed");
        assertEquals(1, reopened.calls().size());
        assertEquals(List.of(), reopened.problems());
    }

    @Test
    void theOldestCallsGoFirstWhenTheSizeLimitIsReached() {
        FootageStore store = open(FootageLimits.DEFAULTS.withMaxBytes(FootageLimits.MIN_BYTES), NOW);
        KeptCall first = keep(store, NOW.minusSeconds(300), clip, 100);
        // The same frames make calls of the same size: this many fit in the limit.
        int fit = (int) (FootageLimits.MIN_BYTES / first.bytes());
        assertTrue(fit >= 2 && fit < 50, fit + " calls of " + first.bytes() + " bytes fit");
        KeptCall last = first;
        for (int i = 1; i <= fit; i++) {
            last = keep(store, NOW.minusSeconds(300 - i), clip, 100);
        }

        List<KeptCall> calls = store.calls();

        assertEquals(fit, calls.size(), "one call more than fits was kept, and one went");
        assertFalse(calls.contains(first), "the oldest call went first");
        assertEquals(last, calls.get(0));
        assertTrue(
                store.summary().bytes() <= FootageLimits.MIN_BYTES,
                store.summary().toString());
    }

    @Test
    void theLearningSettingsLimitTheStoreAndNoLimitsAreRefused() {
        FootageStore store = open(FootageLimits.DEFAULTS, NOW);
        keep(store, NOW.minus(Duration.ofDays(20)), clip.subList(0, 3), 100);
        KeptCall recent = keep(store, NOW.minus(Duration.ofDays(5)), clip.subList(0, 3), 100);

        store.settingsChanged(
                new LearningSettings(true, false, 100L << 20, Duration.ofDays(10), Duration.ofSeconds(30)));

        assertEquals(new FootageLimits(100L << 20, Duration.ofDays(10), Duration.ofSeconds(30)), store.limits());
        assertEquals(List.of(recent), store.calls(), "the call older than the new 10 days went");

        store.settingsChanged(new LearningSettings(true, false, 10, Duration.ofDays(10), Duration.ofSeconds(30)));

        assertEquals(100L << 20, store.limits().maxBytes(), "10 bytes is no limit: the last one holds");
        assertEquals(List.of(recent), store.calls());
    }

    @Test
    void callsOlderThanTheAgeLimitAreDropped() {
        FootageLimits monthly = FootageLimits.DEFAULTS.withMaxAge(Duration.ofDays(30));
        FootageStore store = open(monthly, NOW);
        keep(store, NOW.minus(Duration.ofDays(20)), clip.subList(0, 3), 100);
        KeptCall recent = keep(store, NOW.minus(Duration.ofDays(5)), clip.subList(0, 3), 100);

        List<KeptCall> later = open(monthly, NOW.plus(Duration.ofDays(15))).calls();

        assertEquals(List.of(recent), later);
    }

    @Test
    void aCallThatAloneExceedsTheLimitIsCutShortToFit() {
        FrameSize large = new FrameSize(400, 300);
        List<I420Frame> frames = FootageReader.read(
                        SampleFootage.require(SampleFootage.ONE_MAN), Optional.of(large), 60)
                .frames();
        FootageStore store = open(FootageLimits.DEFAULTS.withMaxBytes(FootageLimits.MIN_BYTES), NOW);
        FootageStore.NewCall call = store.begin(NOW);
        int n = 0;
        try (FootageWriter w = FootageWriter.start(call.video(), large, 25, FootageLimits.MIN_BYTES, 10_000)) {
            for (I420Frame f : frames) {
                if (!w.write(f)) {
                    break;
                }
            }
            w.finish();
            n = w.frames();
            assertTrue(w.full(), "60 frames of 400x300 do not fit in 1 MiB losslessly");
        }
        CallInfo info = new CallInfo(CallInfo.FORMAT, NOW, 400, 300, 25, n, "VP8", 100, 0);

        KeptCall kept = store.commit(call, info).orElseThrow();

        assertTrue(n > 0 && n < frames.size(), n + " frames kept");
        assertTrue(kept.bytes() <= FootageLimits.MIN_BYTES, kept.bytes() + " bytes");
        assertEquals(
                n,
                FootageReader.read(kept.video(), Optional.empty(), 100).frames().size());
    }

    @Test
    void anUnreadableCallIsSkippedWithOneLine() throws IOException {
        FootageStore store = open(FootageLimits.DEFAULTS, NOW);
        KeptCall good = keep(store, NOW, clip.subList(0, 3), 100);
        Path bad = folder().resolve("20261201-101010-000-abcd");
        Files.createDirectories(bad);
        Files.writeString(bad.resolve(FootageStore.INFO), "{\"format\": 1, \"started\": ");
        Files.copy(good.video(), bad.resolve(FootageStore.VIDEO));
        Path noVideo = folder().resolve("20261202-101010-000-abcd");
        Files.createDirectories(noVideo);
        Files.copy(good.video().resolveSibling(FootageStore.INFO), noVideo.resolve(FootageStore.INFO));

        List<KeptCall> calls = store.calls();

        assertEquals(List.of(good), calls);
        assertEquals(2, store.problems().size(), store.problems().toString());
        for (String p : store.problems()) {
            assertFalse(p.contains("\n"), p);
        }
        assertTrue(
                store.problems().stream().anyMatch(p -> p.contains("abcd") && p.contains("unreadable")),
                store.problems().toString());
        assertTrue(
                store.problems().stream().anyMatch(p -> p.contains("no call.mkv")),
                store.problems().toString());
    }

    @Test
    void deletingOneOrAllLeavesNothingBehind() throws IOException {
        FootageStore store = open(FootageLimits.DEFAULTS, NOW);
        KeptCall a = keep(store, NOW.minusSeconds(2), clip.subList(0, 3), 100);
        KeptCall b = keep(store, NOW.minusSeconds(1), clip.subList(0, 3), 100);

        assertTrue(store.delete(a.id()));
        assertFalse(store.delete(a.id()));
        assertEquals(List.of(b), store.calls());
        assertThrows(IllegalArgumentException.class, () -> store.delete("../../etc"));

        FootageStore.NewCall recording = store.begin(NOW);
        store.deleteAll();

        assertEquals(new FootageSummary(0, 0, 0, Optional.empty()), store.summary());
        try (Stream<Path> left = Files.list(folder())) {
            assertEquals(List.of(), left.toList());
        }
        Files.createDirectories(recording.dir()); // the writer had still been writing
        CallInfo info = new CallInfo(CallInfo.FORMAT, NOW, SIZE.width(), SIZE.height(), 25, 1, "VP8", 100, 0);
        assertEquals(Optional.empty(), store.commit(recording, info), "a call begun before deleteAll stays deleted");
        assertEquals(List.of(), store.calls());
    }

    @Test
    void deletingAllLeavesTheLearnersVersionsBesideTheCalls() throws IOException {
        FootageStore store = open(FootageLimits.DEFAULTS, NOW);
        keep(store, NOW.minusSeconds(1), clip.subList(0, 3), 100);
        Path version = Files.createDirectories(folder().resolve("models").resolve("20261206-120000-000"));
        Files.writeString(version.resolve("enhancer.onnx"), "a model");
        Path settings = Files.writeString(folder().resolve("learning-settings.json"), "{}");

        store.deleteAll();

        assertEquals(List.of(), store.calls());
        assertTrue(Files.exists(version.resolve("enhancer.onnx")), "a self-trained version is not footage");
        assertTrue(Files.exists(settings));
    }

    @Test
    void summaryCountsCallsBytesSecondsAndTheOldest() {
        FootageStore store = open(FootageLimits.DEFAULTS, NOW);
        KeptCall a = keep(store, NOW.minusSeconds(50), clip.subList(0, 5), 100);
        KeptCall b = keep(store, NOW.minusSeconds(10), clip.subList(0, 10), 100);

        FootageSummary s = store.summary();

        assertEquals(2, s.calls());
        assertEquals(a.bytes() + b.bytes(), s.bytes());
        assertEquals(0.6, s.seconds(), 1e-9);
        assertEquals(Optional.of(NOW.minusSeconds(50)), s.oldest());
    }

    @Test
    void aFolderThatIsAFileIsAClearError() throws IOException {
        Path file = Files.createFile(tmp.resolve("footage"));

        FootageException e =
                assertThrows(FootageException.class, () -> FootageStore.open(file, FootageLimits.DEFAULTS));

        assertTrue(e.getMessage().startsWith("cannot create the footage folder"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }

    private static long sizeOf(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.mapToLong(p -> p.toFile().length()).sum();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}

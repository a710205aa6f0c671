package io.dejavu.learning.footage;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.dejavu.call.Call;
import io.dejavu.call.VideoCodec;
import io.dejavu.learning.FootageSummary;
import io.dejavu.learning.KeptCallSource;
import io.dejavu.learning.LearningSettings;
import io.dejavu.learning.PrivateFiles;
import io.dejavu.protocol.Json;
import io.dejavu.protocol.video.FrameSize;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The calls a sender kept of its own outgoing video (issue 17, ADR 0701), in one folder on this
 * machine: each call a folder of its own holding {@code call.mkv} (FFV1, YUV 4:2:0, the frames as
 * handed to the encoder at the size sent) and {@code call.json} (codec, measured outgoing bitrate,
 * frame rate). A call is written in {@code <id>.part} and renamed when complete, so a crash never
 * leaves a half call that looks whole; leftovers are removed on {@link #open}. Folders are 0700,
 * files 0600, and nothing here is ever sent anywhere.
 *
 * <p>Bounded by {@link FootageLimits}: calls older than the age limit and, oldest first, calls
 * beyond the size limit are deleted whenever a call is kept, the store is opened or the limits
 * change; each call is cut to the per-call seconds while it is recorded. A folder that cannot be
 * read is skipped with a one-line {@link #problems() problem}, never an exception. Listing reads the
 * folder each time (the truth on disk, whoever deleted what): call it off the UI thread.
 *
 * <p>It is the learner's {@link KeptCallSource}: the learner's settings, ledger and self-trained
 * versions live in the same folder beside the calls, and are never taken for calls nor deleted
 * with them.
 *
 * <pre>{@code
 * FootageStore store = FootageStore.open(home.resolve("learning/alice"), FootageLimits.DEFAULTS);
 * try (CallRecorder recorder = store.record(call)) {
 *     ... // the call runs
 * }
 * for (KeptCall kept : store.calls()) {     // newest first
 *     Footage f = FootageReader.read(kept.video(), Optional.empty(), kept.frames());
 * }
 * }</pre>
 */
public final class FootageStore implements KeptCallSource {
    private static final Logger LOG = LoggerFactory.getLogger(FootageStore.class);
    static final String VIDEO = "call.mkv";
    static final String INFO = "call.json";
    static final String PART = ".part";
    private static final DateTimeFormatter ID_TIME =
            DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS").withZone(ZoneOffset.UTC);
    private static final Pattern ID = Pattern.compile("\\d{8}-\\d{6}-\\d{3}-[0-9a-f]{4}");

    /** A call being written: its folder keeps the {@code .part} suffix until {@link #commit}. */
    record NewCall(String id, Instant started, Path dir, long generation) {
        Path video() {
            return dir.resolve(VIDEO);
        }
    }

    private final Path dir;
    private final Clock clock;
    private volatile FootageLimits limits;
    private volatile List<String> problems = List.of();
    // Bumped by deleteAll: a call begun before it must not come back when it commits.
    private long generation;

    private FootageStore(Path dir, FootageLimits limits, Clock clock) {
        this.dir = dir;
        this.limits = limits;
        this.clock = clock;
    }

    /**
     * Opens (creating, owner-only) the folder, removes what a crash left half written and drops
     * what the limits no longer allow.
     *
     * @throws FootageException if the folder cannot be created or listed
     */
    public static FootageStore open(Path dir, FootageLimits limits) {
        return open(dir, limits, Clock.systemUTC());
    }

    static FootageStore open(Path dir, FootageLimits limits, Clock clock) {
        try {
            PrivateFiles.privateDir(dir);
        } catch (IOException e) {
            throw new FootageException("cannot create the footage folder " + dir + ": " + e, e);
        }
        FootageStore store = new FootageStore(dir, limits, clock);
        store.removeLeftovers();
        store.enforce();
        return store;
    }

    public Path directory() {
        return dir;
    }

    @Override
    public Path dir() {
        return dir;
    }

    @Override
    public List<KeptCall> newestFirst() {
        return calls();
    }

    /**
     * The limits the user's settings ask for, applied at once; settings that are no limits (under
     * 1 MiB, say) leave the current ones and say so in the log.
     */
    @Override
    public void settingsChanged(LearningSettings settings) {
        FootageLimits wanted;
        try {
            wanted = FootageLimits.of(settings);
        } catch (IllegalArgumentException e) {
            LOG.warn("keeping the footage limits {}: {}", limits, e.getMessage());
            return;
        }
        if (!wanted.equals(limits)) {
            setLimits(wanted);
        }
    }

    public FootageLimits limits() {
        return limits;
    }

    /** New limits apply at once: calls they no longer allow are deleted, oldest first. */
    public synchronized void setLimits(FootageLimits newLimits) {
        this.limits = newLimits;
        enforce();
    }

    /**
     * Starts keeping {@code call}'s outgoing frames until the recorder is closed.
     *
     * @throws FootageException if the call cannot be started in the folder (one line; the call is
     *     not affected)
     */
    public CallRecorder record(Call call) {
        return CallRecorder.start(call, this);
    }

    /** The kept calls, newest first; unreadable folders are left out (see {@link #problems()}). */
    public synchronized List<KeptCall> calls() {
        List<KeptCall> calls = new ArrayList<>();
        List<String> found = new ArrayList<>();
        for (Path d : folders()) {
            String name = d.getFileName().toString();
            if (!ID.matcher(name).matches()) {
                continue; // a part, or not ours
            }
            try {
                calls.add(read(d));
            } catch (FootageException e) {
                found.add(e.getMessage());
            }
        }
        if (!found.equals(problems)) {
            found.forEach(p -> LOG.warn("{}", p));
        }
        problems = List.copyOf(found);
        calls.sort(Comparator.comparing(KeptCall::started)
                .thenComparing(KeptCall::id)
                .reversed());
        return calls;
    }

    /** One line per kept call that could not be read at the last listing; they are not used. */
    public List<String> problems() {
        return problems;
    }

    /** How many calls are kept, their bytes on disk and seconds, and when the oldest was made. */
    @Override
    public FootageSummary summary() {
        List<KeptCall> calls = calls();
        return new FootageSummary(
                calls.size(),
                calls.stream().mapToLong(KeptCall::bytes).sum(),
                calls.stream().mapToDouble(KeptCall::seconds).sum(),
                calls.stream().map(KeptCall::started).min(Comparator.naturalOrder()));
    }

    /**
     * Deletes one kept call; returns whether it existed.
     *
     * @throws IllegalArgumentException if {@code id} is not a kept call's id
     */
    public synchronized boolean delete(String id) {
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException("not a kept call's id: '" + id + "'");
        }
        Path d = dir.resolve(id);
        if (!Files.isDirectory(d)) {
            return false;
        }
        deleteTree(d);
        return true;
    }

    /**
     * Deletes every kept call, unreadable ones and calls being recorded included; folders not named
     * like a call (the learner's self-trained versions) stay.
     */
    @Override
    public synchronized void deleteAll() {
        generation++;
        folders().stream().filter(FootageStore::isCallFolder).forEach(FootageStore::deleteTree);
        problems = List.of();
    }

    // ---- writing, for the recorder ----

    synchronized NewCall begin(Instant started) {
        String id = ID_TIME.format(started) + "-"
                + String.format("%04x", ThreadLocalRandom.current().nextInt(0x10000));
        Path part = dir.resolve(id + PART);
        try {
            PrivateFiles.privateDir(dir);
            Files.createDirectory(part);
            PrivateFiles.restrictDir(part);
        } catch (IOException e) {
            throw new FootageException("cannot start keeping a call in " + dir + ": " + e, e);
        }
        return new NewCall(id, started, part, generation);
    }

    /**
     * Writes the call's description and renames its folder complete, then applies the limits. Empty
     * when everything was deleted since the call began.
     *
     * @throws FootageException if the files cannot be written
     */
    synchronized Optional<KeptCall> commit(NewCall call, CallInfo info) {
        if (call.generation() != generation || !Files.isDirectory(call.dir())) {
            discard(call);
            return Optional.empty();
        }
        Path done = dir.resolve(call.id());
        try {
            Path json = call.dir().resolve(INFO);
            PrivateFiles.write(json, Json.mapper().writeValueAsBytes(info));
            PrivateFiles.restrictFile(call.video());
            try {
                Files.move(call.dir(), done, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(call.dir(), done);
            }
        } catch (IOException e) {
            discard(call);
            throw new FootageException("cannot keep the call: " + e, e);
        }
        KeptCall kept = read(done);
        enforce();
        return Files.isDirectory(done) ? Optional.of(kept) : Optional.empty();
    }

    /** Removes a call being written. */
    synchronized void discard(NewCall call) {
        deleteTree(call.dir());
    }

    Clock clock() {
        return clock;
    }

    // ---- inside ----

    private KeptCall read(Path d) {
        String id = d.getFileName().toString();
        Path json = d.resolve(INFO);
        Path video = d.resolve(VIDEO);
        CallInfo info;
        try {
            info = Json.mapper().readValue(Files.readAllBytes(json), CallInfo.class);
        } catch (NoSuchFileException e) {
            throw new FootageException("kept call " + id + " has no " + INFO + "; skipped");
        } catch (JsonProcessingException e) {
            throw new FootageException(
                    "kept call " + id + " has an unreadable " + INFO + " (" + Json.describe(e) + "); skipped");
        } catch (IOException | RuntimeException e) {
            throw new FootageException("kept call " + id + " cannot be read (" + e.getMessage() + "); skipped");
        }
        long videoBytes;
        try {
            videoBytes = Files.size(video);
        } catch (IOException e) {
            throw new FootageException("kept call " + id + " has no " + VIDEO + "; skipped");
        }
        VideoCodec codec;
        try {
            codec = VideoCodec.parse(info.codec());
        } catch (IllegalArgumentException e) {
            throw new FootageException("kept call " + id + ": " + e.getMessage() + "; skipped");
        }
        long jsonBytes;
        try {
            jsonBytes = Files.size(json);
        } catch (IOException e) {
            jsonBytes = 0;
        }
        return new KeptCall(
                id,
                info.started(),
                video,
                new FrameSize(info.width(), info.height()),
                info.frames(),
                info.frames() / info.fps(),
                codec,
                info.sendKbps(),
                videoBytes + jsonBytes);
    }

    // Too old first, then oldest first past the size limit. The newest call alone over the limit
    // (the limits shrank since it was kept) goes too: a bound the user set is kept.
    private void enforce() {
        FootageLimits l = limits;
        Instant oldest = clock.instant().minus(l.maxAge());
        long total = 0;
        for (KeptCall c : calls()) {
            if (c.started().isBefore(oldest)) {
                LOG.info(
                        "deleting kept call {}: older than {} days",
                        c.id(),
                        l.maxAge().toDays());
                deleteTree(dir.resolve(c.id()));
            } else if (total + c.bytes() > l.maxBytes()) {
                LOG.info("deleting kept call {}: the footage would exceed {} bytes", c.id(), l.maxBytes());
                deleteTree(dir.resolve(c.id()));
            } else {
                total += c.bytes();
            }
        }
    }

    private void removeLeftovers() {
        for (Path d : folders()) {
            if (d.getFileName().toString().endsWith(PART)) {
                LOG.info("removing a call a crash left half kept: {}", d.getFileName());
                deleteTree(d);
            }
        }
    }

    private static boolean isCallFolder(Path d) {
        String name = d.getFileName().toString();
        return ID.matcher(name.endsWith(PART) ? name.substring(0, name.length() - PART.length()) : name)
                .matches();
    }

    private List<Path> folders() {
        List<Path> out = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, Files::isDirectory)) {
            ds.forEach(out::add);
        } catch (NoSuchFileException e) {
            return out;
        } catch (IOException e) {
            throw new FootageException("cannot list the footage folder " + dir + ": " + e, e);
        }
        return out;
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (NoSuchFileException e) {
            // already gone
        } catch (IOException | UncheckedIOException e) {
            LOG.warn("could not delete {}: {}", root, e.getMessage());
        }
    }
}

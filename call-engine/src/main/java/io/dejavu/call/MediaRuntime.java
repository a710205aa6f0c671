package io.dejavu.call;

import dev.onvoid.webrtc.PeerConnectionFactory;
import dev.onvoid.webrtc.media.MediaDevices;
import dev.onvoid.webrtc.media.audio.AudioDeviceModule;
import dev.onvoid.webrtc.media.audio.AudioDeviceModuleBase;
import dev.onvoid.webrtc.media.audio.HeadlessAudioDeviceModule;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The process-wide libwebrtc stack: one {@link PeerConnectionFactory} and its audio device module,
 * shared by every {@link Call} of the process.
 *
 * <p>libwebrtc's factory owns native threads: creating a second one in a process leaks them, and an
 * undisposed factory keeps the JVM from exiting. So open exactly one runtime when the process
 * starts calling, keep it for the life of the process, and close it last (closing ends every call
 * still open on it). Only one runtime may be open at a time.
 *
 * <pre>{@code
 * try (MediaRuntime runtime = MediaRuntime.open(MediaRuntime.Audio.AUTO)) {
 *     try (Call call = Call.start(runtime, Call.Role.CALLER, CallOptions.builder().build(), channel)) {
 *         ...
 *     }
 * }
 * }</pre>
 */
public final class MediaRuntime implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MediaRuntime.class);
    private static final Object LOCK = new Object();
    private static MediaRuntime open;
    private static int opened;

    /** Where call audio comes from and goes to. */
    public enum Audio {
        /** libwebrtc's dummy audio layer: silence out, nothing played; works without a sound card. */
        HEADLESS,
        /** The platform's default microphone and speaker; fails if there are none. */
        DEVICES,
        /** {@link #DEVICES} when the platform lists a microphone and a speaker, else {@link #HEADLESS}. */
        AUTO
    }

    private final PeerConnectionFactory factory;
    private final AudioDeviceModuleBase audioModule;
    private final Audio audio;
    private final Set<Call> calls = ConcurrentHashMap.newKeySet();
    private final AtomicInteger callIds = new AtomicInteger();
    private volatile boolean closed;

    private MediaRuntime(PeerConnectionFactory factory, AudioDeviceModuleBase audioModule, Audio audio) {
        this.factory = factory;
        this.audioModule = audioModule;
        this.audio = audio;
    }

    /**
     * The runtime open in this process, if any: code that may run beside another user of libwebrtc
     * in one JVM (a demo inside a test run, a tool inside the app) shares it instead of opening one.
     */
    public static java.util.Optional<MediaRuntime> current() {
        synchronized (LOCK) {
            return java.util.Optional.ofNullable(open);
        }
    }

    /** Opens the process's runtime with {@link Audio#AUTO}. */
    public static MediaRuntime open() throws MediaException {
        return open(Audio.AUTO);
    }

    /**
     * Opens the process's runtime.
     *
     * @throws IllegalStateException if another runtime is open in this process
     * @throws MediaException if libwebrtc cannot start with the requested audio
     */
    public static MediaRuntime open(Audio audio) throws MediaException {
        synchronized (LOCK) {
            if (open != null) {
                throw new IllegalStateException(
                        "a MediaRuntime is already open in this process; libwebrtc allows one factory per process,"
                                + " share it instead of opening another");
            }
            if (opened > 0) {
                // The demo opens it twice on purpose (pair recording, then the call): a fact for
                // developers (ADR 0401), not a warning to the person running the demo.
                LOG.debug(
                        "Opening libwebrtc a {}. time in this process; each factory leaves native threads behind",
                        opened + 1);
            }
            Audio effective = audio == Audio.AUTO ? (hasAudioDevices() ? Audio.DEVICES : Audio.HEADLESS) : audio;
            AudioDeviceModuleBase module;
            try {
                if (effective == Audio.HEADLESS) {
                    module = new HeadlessAudioDeviceModule();
                } else {
                    if (!hasAudioDevices()) {
                        throw new MediaException(
                                "no microphone or speaker found; use MediaRuntime.Audio.HEADLESS or AUTO on this machine");
                    }
                    module = new AudioDeviceModule();
                }
                // Playout must run before any audio arrives, or libwebrtc aborts the process.
                module.initPlayout();
                module.startPlayout();
                module.initRecording();
                module.startRecording();
            } catch (MediaException e) {
                throw e;
            } catch (RuntimeException | UnsatisfiedLinkError e) {
                throw new MediaException("cannot start libwebrtc audio (" + effective + "): " + e.getMessage(), e);
            }
            PeerConnectionFactory factory = new PeerConnectionFactory(module);
            open = new MediaRuntime(factory, module, effective);
            opened++;
            LOG.info("libwebrtc runtime open (audio {})", effective);
            return open;
        }
    }

    private static boolean hasAudioDevices() {
        if (System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("linux")
                && !linuxHasSoundSystem()) {
            return false;
        }
        // Enumeration blocks forever on some headless Linux set-ups (libpulse waiting for a server),
        // so ask on a side thread and treat silence as "no devices".
        java.util.concurrent.CompletableFuture<Boolean> found = new java.util.concurrent.CompletableFuture<>();
        Thread probe = new Thread(
                () -> {
                    try {
                        found.complete(!MediaDevices.getAudioCaptureDevices().isEmpty()
                                && !MediaDevices.getAudioRenderDevices().isEmpty());
                    } catch (RuntimeException | UnsatisfiedLinkError e) {
                        found.complete(false);
                    }
                },
                "dejavu-audio-probe");
        probe.setDaemon(true);
        probe.start();
        try {
            return found.get(3, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            LOG.info("audio device enumeration did not answer in 3 s; using headless audio");
            return false;
        }
    }

    private static boolean linuxHasSoundSystem() {
        java.nio.file.Path cards = java.nio.file.Path.of("/proc/asound/cards");
        try {
            boolean alsa = java.nio.file.Files.isReadable(cards)
                    && !java.nio.file.Files.readString(cards).contains("no soundcards");
            String runtimeDir = System.getenv("XDG_RUNTIME_DIR");
            boolean pulse = System.getenv("PULSE_SERVER") != null
                    || (runtimeDir != null
                            && java.nio.file.Files.exists(java.nio.file.Path.of(runtimeDir, "pulse", "native")));
            return alsa || pulse;
        } catch (java.io.IOException e) {
            return false;
        }
    }

    /**
     * Names of the cameras libwebrtc can open (for {@link VideoSourceSpec.Camera#deviceName()});
     * empty when there are none.
     */
    public List<String> cameraNames() {
        ensureOpen();
        try {
            return MediaDevices.getVideoCaptureDevices().stream()
                    .map(d -> d.getName())
                    .toList();
        } catch (RuntimeException | UnsatisfiedLinkError e) {
            LOG.debug("camera enumeration failed: {}", e.toString());
            return List.of();
        }
    }

    /** The audio mode in effect (never {@link Audio#AUTO}). */
    /**
     * Records from the named microphone from now on (for this and later calls). Only with real
     * audio devices: the headless layer has no microphone to choose.
     *
     * @throws MediaException naming the microphones there are, when none has this name, or when
     *     audio runs on the headless layer
     */
    public void selectMicrophone(String name) throws MediaException {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("microphone name must not be blank");
        }
        synchronized (LOCK) {
            if (open != this) {
                throw new IllegalStateException("the media runtime is closed");
            }
            if (audio == Audio.HEADLESS) {
                throw new MediaException("cannot use microphone '" + name
                        + "': audio runs on the headless layer because this machine has no sound devices");
            }
            java.util.List<dev.onvoid.webrtc.media.audio.AudioDevice> devices = audioModule.getRecordingDevices();
            dev.onvoid.webrtc.media.audio.AudioDevice device = devices.stream()
                    .filter(d -> name.equals(d.getName()))
                    .findFirst()
                    .orElseThrow(() -> new MediaException("no microphone named '" + name + "'; there are "
                            + devices.stream().map(d -> d.getName()).toList()));
            // libwebrtc switches the capture device only while recording is stopped.
            audioModule.stopRecording();
            audioModule.setRecordingDevice(device);
            audioModule.initRecording();
            audioModule.startRecording();
            LOG.info("recording from microphone '{}'", name);
        }
    }

    public Audio audio() {
        return audio;
    }

    public boolean isClosed() {
        return closed;
    }

    /** Calls started on this runtime and not yet closed. */
    public int openCalls() {
        return calls.size();
    }

    PeerConnectionFactory factory() {
        ensureOpen();
        return factory;
    }

    int nextCallId() {
        return callIds.incrementAndGet();
    }

    void register(Call call) {
        ensureOpen();
        calls.add(call);
    }

    void unregister(Call call) {
        calls.remove(call);
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("MediaRuntime is closed");
        }
    }

    /** Ends every open call, then releases libwebrtc so the JVM can exit. Idempotent. */
    @Override
    public void close() {
        synchronized (LOCK) {
            if (closed) {
                return;
            }
            closed = true;
            for (Call call : Set.copyOf(calls)) {
                call.close();
            }
            try {
                audioModule.stopRecording();
                audioModule.stopPlayout();
            } catch (RuntimeException e) {
                LOG.debug("stopping audio failed: {}", e.toString());
            }
            audioModule.dispose();
            factory.dispose();
            if (open == this) {
                open = null;
            }
            LOG.info("libwebrtc runtime closed");
        }
    }
}

package io.dejavu.app.services;

import dev.onvoid.webrtc.media.MediaDevices;
import dev.onvoid.webrtc.media.audio.AudioDevice;
import dev.onvoid.webrtc.media.video.VideoDevice;
import io.dejavu.app.settings.DeviceCatalog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Cameras and microphones as webrtc-java lists them: the production {@link DeviceCatalog}.
 * libwebrtc's audio enumeration can block forever on a Linux box with libpulse but no sound server
 * (ADR 0401): microphones are only asked for where ALSA lists a card or a PulseAudio socket exists,
 * each listing runs on a throw-away daemon thread that is given up after 3 s, and a kind of device
 * whose listing hung once is not asked for again (the stuck thread cannot be stopped).
 */
public final class WebrtcDeviceCatalog implements DeviceCatalog {
    private static final long TIMEOUT_SECONDS = 3;
    private static final Set<String> HUNG = ConcurrentHashMap.newKeySet();

    @Override
    public List<String> cameras() {
        return listed("cameras", () -> MediaDevices.getVideoCaptureDevices().stream()
                .map(VideoDevice::getName)
                .toList());
    }

    @Override
    public List<String> microphones() {
        if (isLinux() && !linuxHasSoundSystem()) {
            return List.of(); // no ALSA card, no PulseAudio: nothing to list, and asking could hang
        }
        return listed("microphones", () -> MediaDevices.getAudioCaptureDevices().stream()
                .map(AudioDevice::getName)
                .toList());
    }

    private static List<String> listed(String what, Supplier<List<String>> lister) {
        if (HUNG.contains(what)) {
            throw new IllegalStateException("the system did not list its " + what + " earlier; restart to try again");
        }
        CompletableFuture<List<String>> result = new CompletableFuture<>();
        Thread t = new Thread(
                () -> {
                    try {
                        result.complete(lister.get());
                    } catch (RuntimeException | UnsatisfiedLinkError e) {
                        result.completeExceptionally(e);
                    }
                },
                "dejavu-devices-" + what);
        t.setDaemon(true);
        t.start();
        try {
            return result.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            HUNG.add(what);
            throw new IllegalStateException(
                    "the system did not list its " + what + " within " + TIMEOUT_SECONDS + " s", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(
                    what + " cannot be listed (" + e.getCause().getMessage() + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while listing " + what, e);
        }
    }

    private static boolean isLinux() {
        return System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux");
    }

    /** The same test the call engine uses before it opens real audio devices. */
    private static boolean linuxHasSoundSystem() {
        Path cards = Path.of("/proc/asound/cards");
        try {
            boolean alsa = Files.isReadable(cards) && !Files.readString(cards).contains("no soundcards");
            String runtimeDir = System.getenv("XDG_RUNTIME_DIR");
            boolean pulse = System.getenv("PULSE_SERVER") != null
                    || (runtimeDir != null && Files.exists(Path.of(runtimeDir, "pulse", "native")));
            return alsa || pulse;
        } catch (java.io.IOException e) {
            return false;
        }
    }
}

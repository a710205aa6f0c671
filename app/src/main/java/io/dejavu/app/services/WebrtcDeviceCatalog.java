package io.dejavu.app.services;

import dev.onvoid.webrtc.media.MediaDevices;
import dev.onvoid.webrtc.media.audio.AudioDevice;
import dev.onvoid.webrtc.media.video.VideoDevice;
import io.dejavu.app.settings.DeviceCatalog;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Cameras and microphones as webrtc-java lists them: the production {@link DeviceCatalog}.
 * libwebrtc's audio enumeration can block forever on a Linux box with libpulse but no sound server
 * (ADR 0401), so each listing runs on a throw-away daemon thread and gives up after 3 s.
 */
public final class WebrtcDeviceCatalog implements DeviceCatalog {
    private static final long TIMEOUT_SECONDS = 3;

    @Override
    public List<String> cameras() {
        return listed("cameras", () -> MediaDevices.getVideoCaptureDevices().stream()
                .map(VideoDevice::getName)
                .toList());
    }

    @Override
    public List<String> microphones() {
        return listed("microphones", () -> MediaDevices.getAudioCaptureDevices().stream()
                .map(AudioDevice::getName)
                .toList());
    }

    private static List<String> listed(String what, Supplier<List<String>> lister) {
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
}

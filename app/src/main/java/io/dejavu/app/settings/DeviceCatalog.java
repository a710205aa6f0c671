package io.dejavu.app.settings;

import java.util.List;

/**
 * The app's port to the machine's cameras and microphones (webrtc-java's device lists in
 * production). Blocking; call it off the FX thread.
 */
public interface DeviceCatalog {
    /**
     * Camera names, possibly none.
     *
     * @throws IllegalStateException with a sentence when devices cannot be listed
     */
    List<String> cameras();

    /**
     * Microphone names, possibly none.
     *
     * @throws IllegalStateException with a sentence when devices cannot be listed
     */
    List<String> microphones();
}

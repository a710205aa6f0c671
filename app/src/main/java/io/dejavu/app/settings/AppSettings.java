package io.dejavu.app.settings;

import java.util.Optional;

/**
 * What the app remembers between runs: where and as whom to sign in, and how to call.
 *
 * <pre>{@code
 * AppSettings s = AppSettings.defaults().withSignIn("ws://127.0.0.1:8080/ws", "alice", "tok");
 * }</pre>
 *
 * @param serverUrl signaling server URL ({@code ws://} or {@code wss://}), empty when never set
 * @param user user name, empty when never set
 * @param token bearer token, empty when never set
 * @param storeUrl the caller-model store ({@code http://} or {@code https://}), empty for none
 * @param camera camera device name, empty for the first camera
 * @param microphone microphone device name, empty for the default microphone
 * @param videoFile a video file to send instead of the camera, empty for the camera
 * @param targetBitrateKbps the most the sender may spend on video
 * @param kPolicy how many patches the enhancer may enhance per frame
 */
public record AppSettings(
        String serverUrl,
        String user,
        String token,
        String storeUrl,
        String camera,
        String microphone,
        String videoFile,
        int targetBitrateKbps,
        KPolicy kPolicy) {
    /** The lowest and highest target bitrates the settings accept. */
    public static final int MIN_BITRATE_KBPS = 50;

    public static final int MAX_BITRATE_KBPS = 5000;

    public AppSettings {
        serverUrl = blankToEmpty(serverUrl);
        user = blankToEmpty(user);
        token = blankToEmpty(token);
        storeUrl = blankToEmpty(storeUrl);
        if (!storeUrl.isEmpty() && !storeUrl.startsWith("http://") && !storeUrl.startsWith("https://")) {
            throw new IllegalArgumentException(
                    "the model store URL must start with http:// or https://, got '" + storeUrl + "'");
        }
        camera = blankToEmpty(camera);
        microphone = blankToEmpty(microphone);
        videoFile = blankToEmpty(videoFile);
        if (targetBitrateKbps < MIN_BITRATE_KBPS || targetBitrateKbps > MAX_BITRATE_KBPS) {
            throw new IllegalArgumentException("target bitrate must be " + MIN_BITRATE_KBPS + ".." + MAX_BITRATE_KBPS
                    + " kbps, got " + targetBitrateKbps);
        }
        if (kPolicy == null) {
            kPolicy = KPolicy.defaults();
        }
    }

    public static AppSettings defaults() {
        return new AppSettings("", "", "", "", "", "", "", 300, KPolicy.defaults());
    }

    public AppSettings withSignIn(String newServerUrl, String newUser, String newToken) {
        return new AppSettings(
                newServerUrl, newUser, newToken, storeUrl, camera, microphone, videoFile, targetBitrateKbps, kPolicy);
    }

    public AppSettings withStoreUrl(String newStoreUrl) {
        return new AppSettings(
                serverUrl, user, token, newStoreUrl, camera, microphone, videoFile, targetBitrateKbps, kPolicy);
    }

    public AppSettings withMedia(
            String newCamera, String newMicrophone, String newVideoFile, int newBitrateKbps, KPolicy newPolicy) {
        return new AppSettings(
                serverUrl, user, token, storeUrl, newCamera, newMicrophone, newVideoFile, newBitrateKbps, newPolicy);
    }

    /** The video file to use as the camera, if one is set. */
    public Optional<String> videoFileAsCamera() {
        return videoFile.isEmpty() ? Optional.empty() : Optional.of(videoFile);
    }

    private static String blankToEmpty(String s) {
        return s == null ? "" : s.strip();
    }
}

/**
 * Dejavu's headless call engine: peer-to-peer audio and video over libwebrtc (webrtc-java), with
 * no UI, for the desktop app and for command-line tools.
 *
 * <p>The pieces:
 *
 * <ul>
 *   <li>{@link io.dejavu.call.MediaRuntime}: the one libwebrtc factory of the process (open once,
 *       close last).
 *   <li>{@link io.dejavu.call.Call}: one call; received frames in {@link
 *       io.dejavu.call.Call#receivedFrames()}, self view in {@link io.dejavu.call.Call#localPreview()},
 *       per-second {@link io.dejavu.call.CallStats} to {@link io.dejavu.call.CallListener}s, mute,
 *       camera on/off, bitrate cap, hang-up.
 *   <li>{@link io.dejavu.call.CallOptions}: video source ({@link io.dejavu.call.VideoSourceSpec}:
 *       file, synthetic, camera), codec, bitrate cap (default {@link
 *       io.dejavu.call.BitrateDefaults}), audio, quality tap.
 *   <li>{@link io.dejavu.call.signaling.SignalingCalls}: places and accepts calls over a connected
 *       {@code SignalingClient}; or drive a {@code Call} yourself through {@link
 *       io.dejavu.call.SignalingChannel} and {@link io.dejavu.call.Call#deliver}.
 * </ul>
 *
 * <pre>{@code
 * try (MediaRuntime runtime = MediaRuntime.open()) {                    // once per process
 *     SignalingClient client = SignalingClient.builder(uri, token).build();
 *     client.connect();
 *     try (SignalingCalls calls = new SignalingCalls(runtime, client)) {
 *         CallOptions options = CallOptions.builder()
 *                 .video(VideoSourceSpec.camera(new FrameSize(640, 360), 30))
 *                 .build();                                            // VP8, 200 kbps default
 *         CallHandle handle = calls.invite("bob", options).get(30, TimeUnit.SECONDS);
 *         Call call = handle.call();
 *         call.awaitConnected(Duration.ofSeconds(10));
 *         call.addListener(new CallListener() {
 *             public void onStats(CallStats s) { ... }
 *             public void onStateChanged(CallState state, CallState.EndReason why) { ... }
 *         });
 *         LatestFrameQueue remote = call.receivedFrames();            // to the enhancer
 *         LatestFrameQueue self = call.localPreview();
 *         call.setMicrophoneMuted(true);
 *         call.setVideoEnabled(false);
 *         call.setMaxBitrateKbps(150);
 *         call.hangUp();
 *     }
 * }
 * }</pre>
 */
package io.dejavu.call;

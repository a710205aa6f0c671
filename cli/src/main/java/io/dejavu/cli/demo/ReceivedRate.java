package io.dejavu.cli.demo;

import io.dejavu.call.CallStats;

/**
 * What the callee received over the measured part of a call, from the call engine's once-a-second
 * stats: frames decoded per second (the slowest one-second window and the average) and the video
 * bitrate, which counts RTP payload bytes (the VP8 frames; packet headers, RTCP and audio are not
 * counted) averaged over the whole window. Thread-safe: stats arrive on the call's thread.
 */
final class ReceivedRate {
    /** Below this many frames per second a call stops looking like video. */
    static final double MIN_FPS = 20;

    private CallStats first;
    private CallStats last;
    private double minFps = Double.NaN;
    private int windows;
    private int slowWindows;

    /** Starts the measurement afresh: the next stats report is its start. */
    synchronized void reset() {
        first = null;
        last = null;
        minFps = Double.NaN;
        windows = 0;
        slowWindows = 0;
    }

    synchronized void accept(CallStats s) {
        if (first == null) {
            first = s; // its rates cover the second before the measurement
            return;
        }
        last = s;
        windows++;
        double fps = s.fpsDecoded();
        minFps = Double.isNaN(minFps) ? fps : Math.min(minFps, fps);
        if (fps < MIN_FPS) {
            slowWindows++;
        }
    }

    /** Frames decoded per second in the slowest one-second window; NaN before two reports. */
    synchronized double minFps() {
        return minFps;
    }

    /** Frames decoded per second over the whole window. */
    synchronized double averageFps() {
        return last == null ? Double.NaN : (last.framesDecoded() - first.framesDecoded()) / seconds();
    }

    /** Video RTP payload kbps over the whole window. */
    synchronized double kbps() {
        return last == null
                ? Double.NaN
                : (last.videoBytesReceived() - first.videoBytesReceived()) * 8 / seconds() / 1000;
    }

    /** One-second windows measured, and how many of them fell below {@link #MIN_FPS}. */
    synchronized int windows() {
        return windows;
    }

    synchronized int slowWindows() {
        return slowWindows;
    }

    private double seconds() {
        return Math.max(1e-3, (last.elapsedMillis() - first.elapsedMillis()) / 1000.0);
    }
}

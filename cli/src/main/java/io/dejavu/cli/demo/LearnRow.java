package io.dejavu.cli.demo;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * One call of {@code demo learn} and the learning after it.
 *
 * @param call 1-based
 * @param callSeconds seconds of footage the call sent (and kept)
 * @param sendKbps the caller's measured outgoing video bitrate
 * @param version the store's version number, or 0 when the guard refused the run's result
 * @param refusal why the run's result was not kept or not published, else empty
 * @param trainingSeconds the whole learning run after the call (pairs, fine-tuning, guard)
 * @param device where it trained
 * @param heldBackGainDb the run's result on the newest call's held-back frames
 * @param gainDb the user's model after this call on the later session (the current version, or the
 *     generic model while none was accepted)
 * @param gpuGainDb the same version's gpu tier on the later session, when the version carries one
 *     (learnt where training runs on a GPU)
 * @param framesDropped frames the callee's side dropped during the call
 * @param encoderSkipped frames the caller's encoder skipped during the call (its rate control)
 */
record LearnRow(
        int call,
        double callSeconds,
        double sendKbps,
        int version,
        String refusal,
        double trainingSeconds,
        String device,
        double heldBackGainDb,
        double gainDb,
        OptionalDouble gpuGainDb,
        long framesDropped,
        long encoderSkipped) {
    String versionText() {
        return version > 0 ? "v" + version : "none";
    }

    String line(double genericGainDb) {
        return String.format(
                        Locale.ROOT,
                        "call %d: %4.1f s at %5.1f kbps | version %-4s | learning %5.1f s on %s | gain on the later session"
                                + " %+.3f dB (generic %+.3f dB, %+.3f dB over it)%s",
                        call,
                        callSeconds,
                        sendKbps,
                        versionText(),
                        trainingSeconds,
                        device,
                        gainDb,
                        genericGainDb,
                        gainDb - genericGainDb,
                        refusal.isEmpty() ? "" : " | " + refusal)
                + (gpuGainDb.isPresent()
                        ? String.format(Locale.ROOT, " | its gpu tier %+.3f dB", gpuGainDb.getAsDouble())
                        : "");
    }

    Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("call", call);
        m.put("call_seconds", round(callSeconds));
        m.put("send_kbps", round(sendKbps));
        m.put("version", version > 0 ? version : null);
        m.put("refusal", refusal);
        m.put("training_seconds", round(trainingSeconds));
        m.put("device", device);
        m.put("held_back_gain_db", round(heldBackGainDb));
        m.put("gain_db", round(gainDb));
        m.put("gpu_gain_db", gpuGainDb.isPresent() ? round(gpuGainDb.getAsDouble()) : null);
        m.put("frames_dropped", framesDropped);
        m.put("encoder_skipped", encoderSkipped);
        return m;
    }

    static double round(double v) {
        return Double.isFinite(v) ? Math.round(v * 1000) / 1000.0 : v;
    }
}

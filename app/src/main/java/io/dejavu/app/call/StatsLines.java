package io.dejavu.app.call;

import io.dejavu.app.session.CallStats;
import java.util.Locale;

/**
 * The stats overlay's lines, formatted once per second from the call engine's numbers, the last
 * enhancement report and the model state.
 */
public record StatsLines(
        String resolution,
        String fps,
        String bitrate,
        String codec,
        String enhancement,
        String timing,
        String provider,
        String model,
        String dropped) {
    public static final StatsLines EMPTY = new StatsLines("", "", "", "", "", "", "", "", "");

    /**
     * Formats the numbers.
     *
     * @param call the engine's last-second stats
     * @param report the last frame's enhancement report (pass-through before the first frame)
     * @param enhancementOn whether the person has enhancement switched on
     * @param shownFps frames per second that reached the screen
     * @param model what the model fetch said
     * @param pipelineDropped decoded frames dropped on the way to enhancement (queue overflow and
     *     frames the pipeline skipped to catch up)
     */
    public static StatsLines of(
            CallStats call,
            EnhancementReport report,
            boolean enhancementOn,
            double shownFps,
            ModelState model,
            long pipelineDropped) {
        String resolution = call.width() > 0 ? call.width() + "x" + call.height() : "waiting for video";
        String fps = f("%.1f fps received, %.1f shown, %.1f sent", call.fpsReceived(), shownFps, call.fpsSent());
        String bitrate = f("%.0f kbps in, %.0f kbps out", call.kbpsIn(), call.kbpsOut());
        String codec = call.codec().isEmpty() ? "codec: negotiating" : "codec: " + call.codec();
        String enhancement;
        String timing;
        if (!enhancementOn) {
            enhancement = "enhancement off";
            timing = "";
        } else if (report.enhanced()) {
            enhancement = f(
                    "enhancing k=%d of %d patches (%.0f %% of area)",
                    report.k(), report.patches(), report.areaPercent());
            timing = f("%.1f ms/frame enhancement", report.millis());
        } else {
            enhancement = "not enhancing" + (report.note().isEmpty() ? "" : ": " + report.note());
            timing = "";
        }
        String provider = report.provider().isEmpty() || report.provider().equals("none")
                ? ""
                : "running on " + report.provider() + (report.tier().isEmpty() ? "" : ", " + report.tier() + " tier");
        String dropped = f(
                "%d frames dropped (decoder %d, enhancement queue %d)",
                call.framesDropped() + pipelineDropped, call.framesDropped(), pipelineDropped);
        return new StatsLines(
                resolution, fps, bitrate, codec, enhancement, timing, provider, "model: " + model.describe(), dropped);
    }

    private static String f(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }
}

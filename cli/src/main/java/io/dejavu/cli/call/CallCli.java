package io.dejavu.cli.call;

import io.dejavu.call.MediaRuntime;
import io.dejavu.call.VideoCodec;
import io.dejavu.call.loopback.DirectSignaling;
import io.dejavu.call.loopback.LoopbackSignaling;
import io.dejavu.cli.options.BitrateOption;
import io.dejavu.cli.options.CodecOption;
import io.dejavu.cli.options.SizeOption;
import io.dejavu.protocol.Json;
import io.dejavu.protocol.cli.Cli;
import io.dejavu.protocol.video.FrameSize;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ./dejavu loopback ...}: thin picocli commands over {@link LoopbackRunner}. {@code loopback}
 * measures one call; {@code loopback sweep} a table of codecs and bitrates; {@code loopback setup}
 * the call set-up time. Results go to stdout (with {@code --json} the last line is JSON), logs to
 * stderr.
 */
@Command(
        name = "dejavu",
        mixinStandardHelpOptions = true,
        description = "Dejavu call engine tools.",
        subcommands = {CallCli.Loopback.class})
public final class CallCli {
    private static final Logger LOG = LoggerFactory.getLogger(CallCli.class);

    public static void main(String[] args) {
        int code = run(args);
        System.out.flush();
        detachNativeStdout();
        System.exit(code);
    }

    /**
     * libwebrtc's JNI layer prints "VM attach current thread failed" to stdout from C++ static
     * destructors while the process exits; that would break "the last stdout line is the JSON
     * result". Closing Java's stdout descriptor makes the JDK point fd 1 at /dev/null.
     */
    private static void detachNativeStdout() {
        try {
            new java.io.FileOutputStream(java.io.FileDescriptor.out).close();
        } catch (IOException e) {
            LOG.debug("cannot detach stdout: {}", e.toString());
        }
    }

    /** Runs the CLI and returns its exit code. */
    public static int run(String... args) {
        return commandLine().execute(args);
    }

    /** The command line with the shared error handler ({@link Cli}); tests call this too. */
    public static CommandLine commandLine() {
        return Cli.configure(new CommandLine(new CallCli()));
    }

    static final class CodecConverter implements CommandLine.ITypeConverter<VideoCodec> {
        @Override
        public VideoCodec convert(String value) {
            try {
                return VideoCodec.parse(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    /** Where the two ends signal through. */
    enum Via {
        server,
        direct
    }

    static final class Common {
        @Option(
                names = "--signaling",
                defaultValue = "server",
                description =
                        "server (embedded signaling server on a random loopback port) or direct (in-process); default ${DEFAULT-VALUE}.")
        Via via;

        @Option(names = "--json", description = "Print results as JSON (one object per line; the last line sums up).")
        boolean json;

        @Option(
                names = "--audio",
                defaultValue = "HEADLESS",
                description = "Audio devices: HEADLESS (dummy), DEVICES or AUTO (default ${DEFAULT-VALUE}).")
        MediaRuntime.Audio audio;

        /** Opens the runtime and signaling, runs {@code body}, closes both. */
        <T> T withRunner(RunnerBody<T> body) throws Exception {
            Path work = Files.createTempDirectory("dejavu-loopback");
            try (MediaRuntime runtime = MediaRuntime.open(audio);
                    LoopbackSignaling signaling =
                            via == Via.direct ? new DirectSignaling() : ServerSignaling.start(runtime, work)) {
                return body.run(new LoopbackRunner(runtime, signaling));
            } finally {
                deleteTree(work);
            }
        }
    }

    @FunctionalInterface
    interface RunnerBody<T> {
        T run(LoopbackRunner runner) throws Exception;
    }

    @Command(
            name = "loopback",
            mixinStandardHelpOptions = true,
            description = "Call yourself over loopback at a capped bitrate and measure bitrate, fps and PSNR-Y.",
            subcommands = {Sweep.class, Setup.class})
    static final class Loopback implements Callable<Integer> {
        @Spec
        CommandLine.Model.CommandSpec spec;

        @Mixin
        Common common = new Common();

        @Option(names = "--video", description = "Video file the caller sends (looped). Required.")
        Path video;

        @Mixin
        BitrateOption.Loopback bitrate = new BitrateOption.Loopback();

        @Option(names = "--seconds", defaultValue = "10", description = "Measured seconds (default ${DEFAULT-VALUE}).")
        double seconds;

        @Option(
                names = "--warmup",
                defaultValue = "2",
                description = "Seconds after connecting not measured (default ${DEFAULT-VALUE}).")
        double warmup;

        @Mixin
        CodecOption.Any codec = new CodecOption.Any();

        @Mixin
        SizeOption.AsRecorded size = new SizeOption.AsRecorded();

        @Override
        public Integer call() throws Exception {
            if (video == null) {
                throw Cli.usage(spec, "--video FILE is required");
            }
            LoopbackRunner.Settings settings =
                    settings(spec, video, size.given(), codec.codec(), bitrate.kbps(), seconds, warmup);
            LoopbackResult result = common.withRunner(runner -> runner.run(settings));
            PrintWriter out = spec.commandLine().getOut();
            out.println(common.json ? Json.mapper().writeValueAsString(result) : describe(result));
            out.flush();
            return 0;
        }
    }

    @Command(
            name = "sweep",
            mixinStandardHelpOptions = true,
            description = "Received PSNR-Y and fps versus target bitrate, for each codec: one call per cell.")
    static final class Sweep implements Callable<Integer> {
        @Spec
        CommandLine.Model.CommandSpec spec;

        @Mixin
        Common common = new Common();

        @Option(names = "--video", required = true, description = "Video file the caller sends (looped).")
        Path video;

        @Mixin
        SizeOption.Call size = new SizeOption.Call();

        @Option(
                names = "--codecs",
                split = ",",
                defaultValue = "vp8,h264",
                converter = CodecConverter.class,
                description = "Codecs (default ${DEFAULT-VALUE}).")
        List<VideoCodec> codecs;

        @Option(
                names = "--bitrates",
                split = ",",
                defaultValue = "100,150,300,600,1200",
                description = "Caps in kbps (default ${DEFAULT-VALUE}).")
        List<Integer> bitrates;

        @Option(
                names = "--seconds",
                defaultValue = "8",
                description = "Measured seconds per call (default ${DEFAULT-VALUE}).")
        double seconds;

        @Option(
                names = "--warmup",
                defaultValue = "2",
                description = "Unmeasured seconds per call (default ${DEFAULT-VALUE}).")
        double warmup;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            List<LoopbackRunner.Settings> cells = new ArrayList<>();
            for (int kbps : bitrates) {
                if (!BitrateOption.inRange(kbps)) {
                    throw Cli.usage(spec, BitrateOption.refusal("--bitrates", kbps));
                }
            }
            for (VideoCodec codec : codecs) {
                for (int kbps : bitrates) {
                    cells.add(settings(spec, video, Optional.of(size.size()), codec, kbps, seconds, warmup));
                }
            }
            List<LoopbackResult> results = common.withRunner(runner -> {
                List<LoopbackResult> all = new ArrayList<>();
                for (LoopbackRunner.Settings cell : cells) {
                    LoopbackResult r = runner.run(cell);
                    all.add(r);
                    out.println(common.json ? Json.mapper().writeValueAsString(r) : describe(r));
                    out.flush();
                }
                return all;
            });
            if (!common.json) {
                out.println();
                out.println(
                        "| codec | target kbps | measured kbps | fps received | fps sent | PSNR-Y dB | paired frames |");
                out.println("|---|---|---|---|---|---|---|");
                for (LoopbackResult r : results) {
                    out.printf(
                            "| %s | %d | %.0f | %.1f | %.1f | %s | %d |%n",
                            r.codec(),
                            r.targetKbps(),
                            r.measuredKbps(),
                            r.fpsReceived(),
                            r.fpsSent(),
                            r.psnrY() == null ? "n/a" : String.format("%.2f", r.psnrY()),
                            r.pairedFrames());
                }
            } else {
                Map<String, Object> summary = new LinkedHashMap<>();
                summary.put("video", video.getFileName().toString());
                summary.put("size", size.size().toString());
                summary.put("results", results);
                out.println(Json.mapper().writeValueAsString(summary));
            }
            out.flush();
            return 0;
        }
    }

    @Command(
            name = "setup",
            mixinStandardHelpOptions = true,
            description = "Call set-up time on loopback: invite to both ends connected, over N calls of 1 s each;"
                    + " also reports resident memory after the first and the last call.")
    static final class Setup implements Callable<Integer> {
        @Spec
        CommandLine.Model.CommandSpec spec;

        @Mixin
        Common common = new Common();

        @Option(names = "--calls", defaultValue = "20", description = "Calls to set up (default ${DEFAULT-VALUE}).")
        int calls;

        @Mixin
        SizeOption.Call size = new SizeOption.Call();

        @Override
        public Integer call() throws Exception {
            if (calls < 1 || calls > 1000) {
                throw Cli.usage(spec, "--calls must be 1..1000, got " + calls);
            }
            double[] rss = new double[calls];
            long[] ms = common.withRunner(runner -> runner.setupTimes(calls, size.size(), rss));
            long[] sorted = ms.clone();
            Arrays.sort(sorted);
            double median = sorted.length % 2 == 1
                    ? sorted[sorted.length / 2]
                    : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2.0;
            PrintWriter out = spec.commandLine().getOut();
            Map<String, Object> summary = new LinkedHashMap<>();
            summary.put("calls", calls);
            summary.put("signaling", common.via.name());
            summary.put("median_ms", median);
            summary.put("min_ms", sorted[0]);
            summary.put("max_ms", sorted[sorted.length - 1]);
            summary.put("setup_ms", ms);
            summary.put("rss_mib_after_first", rss[0]);
            summary.put("rss_mib_after_last", rss[rss.length - 1]);
            if (common.json) {
                out.println(Json.mapper().writeValueAsString(summary));
            } else {
                out.printf(
                        "%d calls via %s: median %.0f ms, min %d ms, max %d ms%n",
                        calls, common.via, median, sorted[0], sorted[sorted.length - 1]);
            }
            out.flush();
            return 0;
        }
    }

    /**
     * One call's settings from the options: values out of range are usage errors, a video file that
     * is not there a failure; both before any call starts.
     */
    static LoopbackRunner.Settings settings(
            CommandLine.Model.CommandSpec spec,
            Path video,
            Optional<FrameSize> size,
            VideoCodec codec,
            int kbps,
            double seconds,
            double warmup)
            throws NoSuchFileException {
        if (!(seconds > 0) || seconds > 3600) {
            throw Cli.usage(spec, "--seconds must be in (0, 3600], got " + seconds);
        }
        if (!(warmup >= 0)) {
            throw Cli.usage(spec, "--warmup must be >= 0, got " + warmup);
        }
        if (!Files.isRegularFile(video)) {
            throw new NoSuchFileException(video.toString());
        }
        return new LoopbackRunner.Settings(video, size, codec, kbps, millis(seconds), millis(warmup));
    }

    static String describe(LoopbackResult r) {
        return String.format(
                "%s %dx%d  target %d kbps  measured %.1f kbps  fps %.1f (sent %.1f)  PSNR-Y %s dB over %d frames  set-up %d ms",
                r.codec(),
                r.width(),
                r.height(),
                r.targetKbps(),
                r.measuredKbps(),
                r.fpsReceived(),
                r.fpsSent(),
                r.psnrY() == null ? "n/a" : String.format("%.2f", r.psnrY()),
                r.pairedFrames(),
                r.setupMs());
    }

    static Duration millis(double seconds) {
        return Duration.ofMillis(Math.round(seconds * 1000));
    }

    static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    LOG.debug("cannot delete {}: {}", p, e.toString());
                }
            });
        } catch (IOException e) {
            LOG.debug("cannot clean {}: {}", dir, e.toString());
        }
    }
}

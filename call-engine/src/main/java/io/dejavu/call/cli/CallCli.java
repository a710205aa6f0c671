package io.dejavu.call.cli;

import io.dejavu.call.FrameSize;
import io.dejavu.call.MediaException;
import io.dejavu.call.MediaRuntime;
import io.dejavu.call.VideoCodec;
import io.dejavu.call.loopback.DirectSignaling;
import io.dejavu.call.loopback.LoopbackResult;
import io.dejavu.call.loopback.LoopbackRunner;
import io.dejavu.call.loopback.LoopbackSignaling;
import io.dejavu.protocol.Json;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ./dejavu loopback ...}: thin picocli commands over {@link LoopbackRunner}. */
@Command(
        name = "call",
        mixinStandardHelpOptions = true,
        description = "Dejavu call engine tools.",
        subcommands = {CallCli.Loopback.class})
public final class CallCli {
    private static final Logger LOG = LoggerFactory.getLogger(CallCli.class);

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the CLI and returns its exit code (tests call this). */
    public static int run(String... args) {
        CommandLine cli = new CommandLine(new CallCli());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println("error: " + e.getMessage());
            LOG.debug("command failed", e);
            return e instanceof MediaException || e instanceof IllegalArgumentException ? 2 : 1;
        });
        return cli.execute(args);
    }

    static final class SizeConverter implements CommandLine.ITypeConverter<FrameSize> {
        @Override
        public FrameSize convert(String value) {
            return FrameSize.parse(value);
        }
    }

    static final class CodecConverter implements CommandLine.ITypeConverter<VideoCodec> {
        @Override
        public VideoCodec convert(String value) {
            return VideoCodec.parse(value);
        }
    }

    @Command(
            name = "loopback",
            mixinStandardHelpOptions = true,
            description = "Call yourself over loopback at a capped bitrate and measure bitrate, fps and PSNR-Y.")
    static final class Loopback implements Callable<Integer> {
        @Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--video", required = true, description = "Video file the caller sends (looped).")
        Path video;

        @Option(
                names = "--bitrate",
                defaultValue = "150",
                description = "Video bitrate cap in kbps (default ${DEFAULT-VALUE}).")
        int bitrate;

        @Option(names = "--seconds", defaultValue = "10", description = "Measured seconds (default ${DEFAULT-VALUE}).")
        double seconds;

        @Option(
                names = "--warmup",
                defaultValue = "2",
                description = "Seconds after connecting not measured (default ${DEFAULT-VALUE}).")
        double warmup;

        @Option(
                names = "--codec",
                defaultValue = "vp8",
                converter = CodecConverter.class,
                description = "vp8, h264, vp9 or av1 (default ${DEFAULT-VALUE}).")
        VideoCodec codec;

        @Option(
                names = "--size",
                converter = SizeConverter.class,
                description = "Send size WxH, e.g. 640x360 (default: the file's).")
        FrameSize size;

        @Option(names = "--json", description = "Print the result as one JSON line.")
        boolean json;

        @Override
        public Integer call() throws Exception {
            if (!Files.isRegularFile(video)) {
                throw new IllegalArgumentException("video file " + video + " does not exist");
            }
            if (bitrate < 30 || bitrate > 20_000) {
                throw new IllegalArgumentException("--bitrate must be 30..20000 kbps, got " + bitrate);
            }
            if (!(seconds > 0)) {
                throw new IllegalArgumentException("--seconds must be positive, got " + seconds);
            }
            LoopbackRunner.Settings settings = new LoopbackRunner.Settings(
                    video, Optional.ofNullable(size), codec, bitrate, millis(seconds), millis(warmup));
            LoopbackResult result;
            try (MediaRuntime runtime = MediaRuntime.open(MediaRuntime.Audio.HEADLESS);
                    LoopbackSignaling signaling = new DirectSignaling()) {
                result = new LoopbackRunner(runtime, signaling).run(settings);
            }
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                out.println(Json.mapper().writeValueAsString(result));
            } else {
                out.printf(
                        "%s %dx%d  target %d kbps  measured %.1f kbps  fps %.1f (sent %.1f)  PSNR-Y %s dB over %d frames  set-up %d ms%n",
                        result.codec(),
                        result.width(),
                        result.height(),
                        result.targetKbps(),
                        result.measuredKbps(),
                        result.fpsReceived(),
                        result.fpsSent(),
                        result.psnrY() == null ? "n/a" : String.format("%.2f", result.psnrY()),
                        result.pairedFrames(),
                        result.setupMs());
            }
            out.flush();
            return 0;
        }
    }

    static Duration millis(double seconds) {
        return Duration.ofMillis(Math.round(seconds * 1000));
    }
}

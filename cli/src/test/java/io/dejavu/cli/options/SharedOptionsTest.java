package io.dejavu.cli.options;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dejavu.call.VideoCodec;
import io.dejavu.cli.app.AppCli;
import io.dejavu.cli.call.CallCli;
import io.dejavu.cli.training.TrainingCli;
import io.dejavu.protocol.cli.Cli;
import io.dejavu.protocol.video.FrameSize;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The shared options refuse a bad value the same way in every command: exit 2, one line on stderr,
 * the same sentence, while picocli parses (before any required option is even missed). The command
 * lines name no input files, so nothing could run if a check let a value through.
 */
class SharedOptionsTest {
    private record Run(int code, String out, String err) {}

    private static Run run(String main, String args) {
        Supplier<CommandLine> cli =
                switch (main) {
                    case "training" -> TrainingCli::commandLine;
                    case "call" -> CallCli::commandLine;
                    case "app" -> AppCli::commandLine;
                    default -> throw new IllegalArgumentException(main);
                };
        CommandLine c = cli.get();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        c.setOut(new PrintWriter(out, true));
        c.setErr(new PrintWriter(err, true));
        return new Run(c.execute(args.split(" ")), out.toString(), err.toString());
    }

    @ParameterizedTest
    @CsvSource(
            textBlock =
                    """
            training, train --bitrate 29,              --bitrate must be 30..20000 kbps, got 29
            training, train-generic --bitrate 20001,   --bitrate must be 30..20000 kbps, got 20001
            training, evaluate --bitrate -5,           --bitrate must be 30..20000 kbps, got -5
            call,     loopback --bitrate -5,           --bitrate must be 30..20000 kbps, got -5
            app,      demo --headless --bitrate 5,     --bitrate must be 30..20000 kbps, got 5
            training, train --codec av1,               --codec must be vp8 or h264, got av1
            training, evaluate --codec vp9,            --codec must be vp8 or h264, got vp9
            app,      demo --codec mpeg2,              --codec must be vp8 or h264, got mpeg2
            call,     loopback --codec mpeg2,          '--codec must be vp8, h264, vp9 or av1, got mpeg2'
            training, train --size 255x256,            --size: frame size must be positive and even
            training, calibrate --size 640,            '--size: frame size must look like WxH (e.g. 256x256, 640x360), got ''640'''
            call,     loopback setup --size abc,       '--size: frame size must look like WxH (e.g. 256x256, 640x360), got ''abc'''
            app,      demo sweep --size 641x360,       --size: frame size must be positive and even
            app,      demo sweep --size 640,           '--size: frame size must look like WxH (e.g. 256x256, 640x360), got ''640'''
            training, train --threads 0,               --threads must be 1..64, got 0
            training, train-bench --threads 65,        --threads must be 1..64, got 65
            training, evaluate --threads 0,            --threads must be 1..64, got 0
            app,      demo sweep --threads 0,          --threads must be 1..64, got 0
            app,      demo sweep --bitrates 60;5,      --bitrates must be 30..20000 kbps, got 5
            call,     loopback sweep --video x.mp4 --bitrates 5,     --bitrates must be 30..20000 kbps, got 5
            """)
    void aBadValueIsRefusedWithExitTwoAndOneLine(String main, String args, String expected) {
        Run r = run(main, args.replace(';', ','));
        assertEquals(Cli.USAGE, r.code(), r.err());
        assertEquals(1, r.err().strip().lines().count(), "one line: " + r.err());
        assertTrue(r.err().startsWith(Cli.PREFIX + expected), r.err());
        assertEquals("", r.out());
    }

    @ParameterizedTest
    @CsvSource(
            textBlock =
                    """
            training, train,     --bitrate, 50
            training, evaluate,  --bitrate, the model's
            call,     loopback,  --bitrate, 150
            training, train,     --threads, 1
            training, evaluate,  --threads, 2
            training, train-generic, --size, 256x256
            app,      demo sweep, --size, as recorded
            """)
    void eachCommandKeepsItsOwnDefaultInItsHelp(String main, String command, String option, String shown) {
        Run r = run(main, command + " --help");
        assertEquals(Cli.OK, r.code(), r.err());
        String help = r.out().replaceAll("\\s+", " ");
        int at = help.indexOf(" " + option + "=");
        assertTrue(at >= 0, option + " not in help: " + help);
        String described = help.substring(at, help.indexOf(" -", at + 1));
        assertTrue(described.contains("default: " + shown) || described.contains("default " + shown), described);
    }

    @Test
    void aGoodValueAndAnAliasReachTheCommandTyped() {
        CommandSpec train = TrainingCli.commandLine()
                .parseArgs(
                        "train",
                        "--caller",
                        "a",
                        "--video",
                        "a.mp4",
                        "--out",
                        "m",
                        "--codec",
                        "AVC",
                        "--bitrate",
                        "30",
                        "--threads",
                        "64")
                .subcommand()
                .commandSpec();
        CommandSpec common = train.mixins().get("common");
        assertEquals(
                VideoCodec.H264,
                mixin(common, "codec", CodecOption.Trainable.class).codec());
        assertEquals(30, mixin(common, "bitrate", BitrateOption.Pairs.class).kbps());
        assertEquals(64, mixin(common, "threads", ThreadsOption.Training.class).threads());

        CommandSpec spec = CallCli.commandLine()
                .parseArgs("loopback", "--size", "320x180")
                .subcommand()
                .commandSpec();
        assertEquals(
                Optional.of(new FrameSize(320, 180)),
                mixin(spec, "size", SizeOption.AsRecorded.class).given());
        assertEquals(150, mixin(spec, "bitrate", BitrateOption.Loopback.class).kbps());
        assertEquals(VideoCodec.VP8, mixin(spec, "codec", CodecOption.Any.class).codec());
    }

    @Test
    void theSweepTakesTheSizeItsCallsRunAtAndDefaultsToTheClipsOwn() {
        CommandSpec scaled = AppCli.commandLine()
                .parseArgs("demo", "sweep", "--size", "640x360")
                .subcommand()
                .subcommand()
                .commandSpec();
        assertEquals(
                Optional.of(new FrameSize(640, 360)),
                mixin(scaled, "size", SizeOption.AsRecorded.class).given());

        CommandSpec own = AppCli.commandLine()
                .parseArgs("demo", "sweep")
                .subcommand()
                .subcommand()
                .commandSpec();
        assertEquals(
                Optional.empty(),
                mixin(own, "size", SizeOption.AsRecorded.class).given());
    }

    private static <T> T mixin(CommandSpec spec, String name, Class<T> type) {
        return type.cast(spec.mixins().get(name).userObject());
    }
}

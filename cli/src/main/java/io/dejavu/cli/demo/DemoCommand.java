package io.dejavu.cli.demo;

import io.dejavu.app.shell.DemoWindows;
import io.dejavu.call.VideoCodec;
import io.dejavu.cli.options.BitrateOption;
import io.dejavu.protocol.Json;
import io.dejavu.protocol.cli.Cli;
import io.dejavu.scorer.policy.KPolicySpec;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ./dejavu demo}: the whole product on one machine. Starts the signaling server and the
 * model store on loopback, adds two users, gets sample footage, trains (or reuses) the caller's
 * personal model on the earlier part of it, publishes it, and places a call at a low bitrate in
 * which the callee sees the caller's later, unseen footage through the personal model.
 */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        subcommands = {SweepCommand.class, LearnCommand.class},
        description = "Local demo call with enhancement on embedded defaults: signaling server, model store, "
                + "a personal model trained on the caller's earlier footage, and a low-bitrate call.")
public final class DemoCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    DemoSetup setup;

    @Option(names = "--headless", description = "No windows: print live numbers and a summary.")
    boolean headless;

    @Option(
            names = "--seconds",
            paramLabel = "S",
            defaultValue = "20",
            description = "Seconds of call to measure (default: ${DEFAULT-VALUE}).")
    int seconds;

    @Option(names = "--json", description = "End with one JSON object on the last line of stdout.")
    boolean json;

    @Option(
            names = "--no-personal",
            description = "Train and publish no personal model: the callee gets the store's generic model, as a"
                    + " first-time caller's peer would.")
    boolean noPersonal;

    @Mixin
    BitrateOption.ClipsOwn bitrate;

    @Option(
            names = "--train-minutes",
            paramLabel = "M",
            defaultValue = "3",
            description = "Most minutes to fine-tune the personal model (default: ${DEFAULT-VALUE}).")
    double trainMinutes;

    @Option(
            names = "--k",
            paramLabel = "F",
            description = "Enhance this fraction of patches (0..1) instead of a time budget.")
    Double kFraction;

    @Option(
            names = "--budget-ms",
            defaultValue = "30",
            description = "Enhancement time budget per frame when --k is not given (default: ${DEFAULT-VALUE}).")
    double budgetMs;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        validate();
        VideoCodec videoCodec = setup.videoCodec();
        PairSource pairSource = setup.pairSource();
        Path workDir = setup.workDir();
        Path genericDir = setup.genericDir();
        boolean windows = !headless && hasDisplay();
        if (!headless && !windows) {
            err.println("demo: no display found ($DISPLAY is not set): running headless; --headless silences this");
        }
        DemoFootage footage = DemoFootage.prepare(setup.clip(), workDir);
        DemoBitrate rate = bitrate.given()
                .map(kbps -> DemoBitrate.given(kbps, footage))
                .orElseGet(() -> DemoBitrate.forFootage(footage));
        int bitrateKbps = rate.kbps();
        err.printf(
                Locale.ROOT,
                "demo: footage %s: %.0f s to learn from, %.0f s for the call; %s%n",
                footage.source(),
                footage.enrolSeconds(),
                footage.callSeconds(),
                rate.describe());
        PersonalModel personal = new PersonalModel(workDir, genericDir, err);
        PersonalModel.Prepared model = noPersonal
                ? null
                : personal.prepare(
                        footage,
                        setup.videoCodec().name().toLowerCase(Locale.ROOT),
                        bitrateKbps,
                        trainMinutes,
                        setup.seed(),
                        pairSource);
        try (DemoServers servers = DemoServers.start(workDir, Optional.of(genericDir))) {
            err.println("demo: signaling " + servers.signalingUri() + ", model store " + servers.storeUri());
            err.println("demo: "
                    + (model == null
                            ? "no personal model (--no-personal): the callee gets the generic model " + genericDir
                            : personal.publish(model, servers.storeUri(), servers.adminToken())));
            err.flush();
            KPolicySpec policy = kFraction != null
                    ? KPolicySpec.fraction(kFraction)
                    : KPolicySpec.budget(Duration.ofNanos(Math.round(budgetMs * 1e6)));
            HeadlessDemo.Settings settings = new HeadlessDemo.Settings(
                    videoCodec,
                    bitrateKbps,
                    Duration.ofSeconds(seconds),
                    Duration.ofSeconds(3),
                    policy,
                    setup.threads());
            if (windows) {
                return DemoWindows.run(
                        new DemoWindows.Setup(
                                servers.signalingUri(),
                                servers.storeUri(),
                                DemoServers.CALLER,
                                servers.callerToken(),
                                DemoServers.CALLEE,
                                servers.calleeToken(),
                                footage.callPart().getParent().getParent(),
                                footage.callPart(),
                                DemoFootage.calleeClip(),
                                settings.bitrateKbps()),
                        err);
            }
            DemoResult result = new HeadlessDemo(servers, workDir, out, err).run(footage, settings);
            out.println("demo: " + result.summary());
            if (json) {
                out.println(Json.mapper().writeValueAsString(result.toJson()));
            }
            out.flush();
            return 0;
        }
    }

    /** Every option checked before any work starts (a bad one is a usage error, exit 2). */
    private void validate() throws java.nio.file.NoSuchFileException {
        if (seconds < 2 || seconds > 3600) {
            throw Cli.usage(spec, "--seconds must be 2..3600, got " + seconds);
        }
        if (kFraction != null && !(kFraction >= 0 && kFraction <= 1)) {
            throw Cli.usage(spec, "--k must be in 0..1, got " + kFraction);
        }
        if (!(trainMinutes > 0 && trainMinutes <= 600)) {
            throw Cli.usage(spec, "--train-minutes must be in (0, 600], got " + trainMinutes);
        }
        if (!(budgetMs > 0 && budgetMs <= 1000)) {
            throw Cli.usage(spec, "--budget-ms must be in (0, 1000], got " + budgetMs);
        }
        setup.validate(spec);
    }

    private static boolean hasDisplay() {
        String display = System.getenv("DISPLAY");
        return (display != null && !display.isBlank()) || "Monocle".equals(System.getProperty("glass.platform"));
    }
}

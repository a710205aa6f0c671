package io.dejavu.cli.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.type.TypeReference;
import io.dejavu.protocol.Json;
import io.dejavu.protocol.cli.Cli;
import io.dejavu.store.server.ModelStoreServer;
import io.dejavu.store.server.StoreConfig;
import io.dejavu.testing.SampleFootage;
import io.dejavu.training.TestModels;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/** The CLI's error paths: a clear message on stderr and a non-zero exit, never a stack trace. */
class TrainingCliTest {
    private static final String ADMIN = "admin-token-0123456789abcdef";
    private static Path work;
    private static String clip;

    record Run(int code, String out, String err) {}

    @BeforeAll
    static void setUp() throws Exception {
        work = SampleFootage.tempDir("cli");
        clip = SampleFootage.require(SampleFootage.ONE_MAN).toString();
    }

    static Run run(String... args) {
        CommandLine cl = TrainingCli.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    /** {@code train --caller a --out OUT --from-scratch} with {@code options}. */
    private static Run trainFromScratch(String out, String... options) {
        List<String> args =
                new java.util.ArrayList<>(List.of("train", "--caller", "a", "--out", out, "--from-scratch"));
        args.addAll(List.of(options));
        return run(args.toArray(String[]::new));
    }

    /** {@code evaluate} of the shipped generic model on the test clip, with {@code options}. */
    private static Run evaluateGeneric(String... options) {
        List<String> args = new java.util.ArrayList<>(
                List.of("evaluate", "--model", TestModels.shippedGenericModel().toString(), "--video", clip));
        args.addAll(List.of(options));
        return run(args.toArray(String[]::new));
    }

    private static void assertUserError(Run r, String expected) {
        assertEquals(Cli.FAILURE, r.code(), r.err());
        String[] lines = r.err().strip().split("\\R");
        assertTrue(lines[lines.length - 1].startsWith(Cli.PREFIX), "the error is the last line: " + r.err());
        assertTrue(r.err().contains(expected), "stderr: " + r.err());
        assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
    }

    @Test
    void aPersonalModelsBitratesAreEachOnceAndInRange() {
        assertUsageError(
                trainFromScratch(work.resolve("mb1").toString(), "--video", clip, "--bitrates", "50,65,50"),
                "--bitrates lists a bitrate twice: [50, 65, 50]");
        assertUsageError(
                trainFromScratch(work.resolve("mb2").toString(), "--video", clip, "--bitrates", "50,0"), "--bitrates");
        String missing = work.resolve("nope.mp4").toString();
        assertUserError(
                trainFromScratch(work.resolve("mb3").toString(), "--video", missing, "--bitrates", "50,65"),
                "video file not found: " + missing);
    }

    @Test
    void missingFootageSaysWhichFile() {
        String missing = work.resolve("nope.mp4").toString();
        assertUserError(
                trainFromScratch(work.resolve("m1").toString(), "--video", missing),
                "video file not found: " + missing);
    }

    @Test
    void unreadableFootageIsRejected() throws Exception {
        Path junk = Files.writeString(work.resolve("junk.mp4"), "this is not a video");
        assertUserError(
                trainFromScratch(work.resolve("m2").toString(), "--video", junk.toString()),
                "cannot read " + junk
                        + " as video: not a video FFmpeg can read (Invalid data found when processing input)");
    }

    @Test
    void tooShortFootageSaysHowMuchIsNeeded() {
        assertUserError(
                trainFromScratch(work.resolve("m3").toString(), "--video", clip, "--max-frames", "20"),
                "need at least 3 s (75 frames at 25 fps");
    }

    @Test
    void unknownPairSourceNamesTheOnesThisLauncherOffers() {
        assertUserError(
                trainFromScratch(work.resolve("m-pairs").toString(), "--video", clip, "--pairs", "carrier-pigeon"),
                "unknown --pairs 'carrier-pigeon': this launcher offers ffmpeg");
        assertFalse(Files.exists(work.resolve("m-pairs").resolve("metadata.json")));
    }

    /** A wrong option value is refused while parsing: exit 2, one line, nothing read or written. */
    private static void assertUsageError(Run r, String expected) {
        assertEquals(Cli.USAGE, r.code(), r.err());
        assertEquals(1, r.err().strip().lines().count(), "one line: " + r.err());
        assertTrue(r.err().startsWith(Cli.PREFIX), r.err());
        assertTrue(r.err().contains(expected), "stderr: " + r.err());
    }

    @Test
    void unknownCodecIsAUsageErrorListingTheKnownOnes() {
        Path out = work.resolve("m4");
        assertUsageError(
                trainFromScratch(out.toString(), "--video", clip, "--codec", "av1"),
                "--codec must be vp8 or h264, got av1");
        assertFalse(Files.exists(out));
    }

    @Test
    void aLargerTierNeedsTheCpuTierAtOutAndAKnownTierName() {
        Path out = work.resolve("m-tier");
        assertUsageError(
                trainFromScratch(out.toString(), "--video", clip, "--tier", "gpu"),
                "--tier gpu adds a tier to a trained model, and " + out + " has no enhancer.onnx; train its cpu"
                        + " tier first (without --tier)");
        assertUsageError(
                trainFromScratch(out.toString(), "--video", clip, "--tier", "tpu"), "unknown model tier 'tpu'");
        assertFalse(Files.exists(out));
    }

    @Test
    void calibratingATierTheBundleLacksSaysSoAndLeavesItsMetadata() throws Exception {
        Path model = TestModels.bundle(work.resolve("cpu-only"), "alice", Map.of("gain_db", 0.9));
        byte[] before = Files.readAllBytes(model.resolve("metadata.json"));
        assertUserError(
                run("calibrate", "--model", model.toString(), "--video", clip, "--tier", "gpu"),
                model + " has no gpu tier (enhancer-gpu.onnx)");
        assertArrayEquals(before, Files.readAllBytes(model.resolve("metadata.json")));
    }

    @Test
    void calibratingAtAnotherSizeAddsItsPointsAndKeepsTheOtherSizesBand() throws Exception {
        Path model = work.resolve("generic-two-sizes");
        Path shipped = TestModels.shippedGenericModel();
        Files.createDirectories(model);
        for (String f : List.of("enhancer.onnx", "scorer.onnx", "metadata.json")) {
            Files.copy(shipped.resolve(f), model.resolve(f));
        }
        var before = Json.mapper()
                .readValue(model.resolve("metadata.json").toFile(), io.dejavu.protocol.model.ModelMetadata.class)
                .operatingRange();
        Run r = run(
                "calibrate",
                "--model",
                model.toString(),
                "--video",
                clip,
                "--size",
                "320x192",
                "--kbps",
                "40,120",
                "--frames",
                "20",
                "--threads",
                "1",
                "--json");
        assertEquals(0, r.code(), r.err());
        var after = Json.mapper()
                .readValue(model.resolve("metadata.json").toFile(), io.dejavu.protocol.model.ModelMetadata.class)
                .operatingRange();
        assertTrue(
                after.sizes().contains(new io.dejavu.protocol.model.OperatingRange.Size(256, 256)), after.describe());
        assertEquals(before.minBpp(), after.minBpp(256, 256));
        assertEquals(before.maxBpp(), after.maxBpp(256, 256));
        assertEquals(
                2,
                after.points().stream()
                        .filter(p -> p.width() == 320 && p.height() == 192)
                        .count(),
                after.points().toString());
        after.points().stream()
                .filter(p -> p.width() == 320)
                .forEach(p -> assertTrue(p.psnrDecodedDb() > 20, "decoded PSNR recorded: " + p));
        Map<String, Object> json = Json.mapper()
                .readValue(
                        r.out().strip().lines().reduce((a, b) -> b).orElseThrow(),
                        new TypeReference<Map<String, Object>>() {});
        assertTrue(json.containsKey("bd_rate_percent"), r.out());
        assertTrue(r.out().contains("BD-rate against the plain call, the model everywhere: "), r.out());
    }

    @Test
    void aCalibrationLadderNeedsTwoCapsAndSeveralSizesNeedBitrates() throws Exception {
        Path model = TestModels.bundle(work.resolve("ladder"), "alice", Map.of("gain_db", 0.9));
        assertUserError(
                run("calibrate", "--model", model.toString(), "--video", clip, "--kbps", "50"),
                "--kbps needs at least 2 different caps, got [50]");
        assertUserError(
                run("calibrate", "--model", model.toString(), "--video", clip, "--kbps", "50,20"),
                "--kbps must be 30..20000 kbps, got 20");
        Path out = work.resolve("g-points");
        assertUsageError(
                run("train-generic", "--video", clip, "--out", out.toString(), "--sizes", "256x256,640x360"),
                "--sizes needs --bitrates");
        assertUsageError(
                run(
                        "train-generic",
                        "--video",
                        clip,
                        "--out",
                        out.toString(),
                        "--bitrates",
                        "50,100",
                        "--sizes",
                        "640x360,256x256"),
                "--sizes must start with --size (256x256), got 640x360");
        assertFalse(Files.exists(out));
    }

    @ParameterizedTest
    @CsvSource(
            textBlock =
                    """
            255x256,  must be positive and even
            256,      size must look like WxH
            axb,      size must look like WxH
            """)
    void oddOrMalformedCallSizeIsAUsageError(String size, String expected) {
        Path out = work.resolve("m5");
        assertUsageError(trainFromScratch(out.toString(), "--video", clip, "--size", size), expected);
        assertFalse(Files.exists(out));
    }

    @Test
    void clipsOfDifferentSizesNeedAnExplicitSizeAndLeaveNoModel() {
        Path out = work.resolve("m6");
        String other = SampleFootage.require(SampleFootage.ANOTHER_MAN).toString();
        assertUserError(
                trainFromScratch(out.toString(), "--video", clip, other, "--max-frames", "100"),
                "clips differ in size");
        assertFalse(Files.exists(out));
        assertNoPartialDirectories();
    }

    @Test
    void aGenericJobLeavesOutClipsTooShortAndSaysWhichAndFailsOnlyWhenNoneIsLeft() {
        Path out = work.resolve("g-short");
        String other = SampleFootage.require(SampleFootage.ANOTHER_MAN).toString();
        Run r = run(
                "train-generic",
                "--video",
                clip,
                other,
                "--out",
                out.toString(),
                "--size",
                "128x128",
                "--max-frames",
                "60",
                "--threads",
                "2");
        assertUserError(r, "none of the 2 clips is long enough to train on");
        assertTrue(r.err().contains("2 at a time"), "pairs made two clips at a time: " + r.err());
        assertTrue(
                r.err().contains("left out: footage too short: " + clip)
                        && r.err().contains("left out: footage too short: " + other),
                r.err());
        assertFalse(Files.exists(out));
    }

    @Test
    void temporalEvalPrintsBothVariantsPerSeedOnTheHeldOutPersonAsATableAndJson() throws Exception {
        String other = SampleFootage.require(SampleFootage.ANOTHER_MAN).toString();
        Run r = run(
                "temporal-eval",
                "--video",
                clip,
                other,
                "--hold-out",
                Path.of(other).getFileName().toString(),
                "--size",
                "64x64",
                "--max-frames",
                "80",
                "--held-out-frames",
                "5",
                "--steps",
                "2",
                "--eval-every",
                "2",
                "--batch",
                "2",
                "--patch",
                "16",
                "--json");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("temporal 18864 MACs/pixel"), r.out());
        assertTrue(r.out().contains(Path.of(other).getFileName().toString()), r.out());
        String[] lines = r.out().strip().split("\\R");
        Map<String, Object> json = Json.mapper().readValue(lines[lines.length - 1], new TypeReference<>() {});
        List<?> runs = (List<?>) json.get("runs");
        assertEquals(4, runs.size(), "single and temporal for seeds 1 and 2");
        assertEquals(
                List.of(Path.of(other).getFileName().toString()),
                ((List<?>) json.get("held_out"))
                        .stream().map(p -> ((Map<?, ?>) p).get("clip")).toList());
        assertEquals(1, ((List<?>) json.get("summary")).size());
        assertUserError(
                run("temporal-eval", "--video", clip, "--hold-out", "nobody.mp4"), "--hold-out names not among");
        assertUserError(
                run(
                        "temporal-eval",
                        "--video",
                        clip,
                        other,
                        "--hold-out",
                        other,
                        "--base",
                        work.resolve("nobase").toString()),
                "cannot read the base model's");
    }

    @Test
    void missingBaseModelSuggestsFromScratch() {
        assertUserError(
                run(
                        "train",
                        "--caller",
                        "a",
                        "--video",
                        clip,
                        "--base",
                        work.resolve("nobase").toString(),
                        "--out",
                        work.resolve("m7").toString()),
                "--from-scratch");
    }

    @Test
    void everyCommandsHelpRendersWithoutPicocliWarnings() {
        java.io.PrintStream saved = System.err;
        java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(captured, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            for (CommandLine sub : TrainingCli.commandLine().getSubcommands().values()) {
                assertFalse(sub.getUsageMessage().isBlank(), sub.getCommandName());
            }
        } finally {
            System.setErr(saved);
        }
        String err = captured.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertFalse(err.contains("picocli WARN"), err);
    }

    @Test
    void missingRequiredOptionIsAUsageError() {
        Run r = run("train", "--video", clip);
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--caller"), r.err());
    }

    @Test
    void evaluateNeedsAModelDirectory() {
        assertUserError(
                run("evaluate", "--model", work.resolve("nomodel").toString(), "--video", clip),
                "model directory not found");
    }

    @Test
    void evaluateVersusAnotherModelPrintsTheMarginOnTheSameFrames() {
        Run r = evaluateGeneric(
                "--max-frames",
                "8",
                "--versus",
                TestModels.shippedGenericModel().toString(),
                "--json");
        assertEquals(0, r.code(), r.err());
        String[] lines = r.out().trim().split("\n");
        String json = lines[lines.length - 1];
        assertTrue(json.contains("\"margin_db\":0.0"), "a model against itself: " + json);
        assertTrue(json.contains("\"margin_quarters_db\":[0.0,0.0,0.0,0.0]"), json);
        assertTrue(r.out().contains("same decoded frames"), r.out());
        assertUserError(
                evaluateGeneric("--versus", TestModels.shippedGenericModel().toString(), "--k", "0.5"),
                "--versus compares whole frames; leave --k at 1");
    }

    @Test
    void evaluatePrintsJsonWithTheAgreedFields() {
        Run r = evaluateGeneric("--max-frames", "10", "--k", "0.25", "--json");
        assertEquals(0, r.code(), r.err());
        String[] lines = r.out().trim().split("\n");
        String json = lines[lines.length - 1];
        for (String field : List.of(
                "frames",
                "bitrate_kbps",
                "psnr_decoded",
                "psnr_enhanced",
                "gain_db",
                "ssim_decoded",
                "ssim_enhanced",
                "\"k\"",
                "ms_per_frame")) {
            assertTrue(json.contains(field), field + " in " + json);
        }
        assertTrue(json.contains("\"k\":0.25"), json);
    }

    @Test
    void scorerReportRanksThePatchesOfTheClipAgainstTheActualGains() throws Exception {
        Run r = evaluateGeneric("--max-frames", "12", "--scorer-report", "--json");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("oracle"), r.out());
        String[] lines = r.out().trim().split("\n");
        Map<String, Object> m = Json.mapper().readValue(lines[lines.length - 1], new TypeReference<>() {});
        for (String k : List.of("10", "25", "50")) {
            double oracle = ((Number) m.get("oracle_top" + k + "_share")).doubleValue();
            // The oracle picks by the actual gains, so no ranking can keep more.
            for (String ranking : List.of("scorer", "tv", "random")) {
                double share = ((Number) m.get(ranking + "_top" + k + "_share")).doubleValue();
                assertTrue(share <= oracle + 1e-9, ranking + " top" + k + " " + share + " > oracle " + oracle);
            }
        }
        double o10 = ((Number) m.get("oracle_top10_share")).doubleValue();
        double o50 = ((Number) m.get("oracle_top50_share")).doubleValue();
        assertTrue(o10 > 0.10 && o10 < o50, "oracle shares " + o10 + ", " + o50);
        assertTrue(m.containsKey("scorer_spearman"), m.toString());
    }

    @Test
    void scorerReportNeedsFramesOfAtLeastOnePatch() {
        assertUserError(
                evaluateGeneric("--size", "16x16", "--max-frames", "5", "--scorer-report"),
                "smaller than one 32-pixel patch");
    }

    @Test
    void publishRefusesAPersonalModelThatDoesNotBeatTheGenericOneUnlessForced() throws Exception {
        Path model = TestModels.bundle(work.resolve("loser"), "alice", Map.of("gain_db", 0.2, "generic_gain_db", 0.5));
        try (ModelStoreServer store = new ModelStoreServer(
                StoreConfig.builder(work.resolve("store.db"), ADMIN).build())) {
            store.start();
            String url = store.uri().toString();
            Run refused = run("publish", "--model", model.toString(), "--store", url, "--admin-token", ADMIN);
            assertUserError(refused, "does not beat the generic model");

            Run forced = run(
                    "publish",
                    "--model",
                    model.toString(),
                    "--store",
                    url,
                    "--admin-token",
                    ADMIN,
                    "--force",
                    "--json");
            assertEquals(0, forced.code(), forced.err());
            assertTrue(forced.out().contains("\"caller\":\"alice\""), forced.out());
            assertTrue(forced.out().contains("\"version\":1"), forced.out());

            Run badToken = run(
                    "publish",
                    "--model",
                    model.toString(),
                    "--store",
                    url,
                    "--admin-token",
                    "wrong-token-0123456789",
                    "--force");
            assertUserError(badToken, "UNAUTHORIZED");
        }
    }

    private static void assertNoPartialDirectories() {
        try (var s = Files.list(work)) {
            assertTrue(s.noneMatch(p -> p.getFileName().toString().contains(".partial-")), "partial dir left");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}

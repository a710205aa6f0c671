package io.dejavu.cli.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dejavu.call.VideoCodec;
import io.dejavu.protocol.model.ModelTier;
import io.dejavu.protocol.video.FrameSize;
import io.dejavu.scorer.policy.KPolicySpec;
import io.dejavu.testing.SampleFootage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The sweep's tier rows end to end, without training: a generic bundle with a gpu tier is served by
 * the demo's store, and a real call's callee runs the tier it is told to, on footage the sweep
 * scaled to the model's size. The shipped {@code models/generic-call} carries a real gpu tier (32x8,
 * trained on the H100), which runs here on the CPU: slower, but it must still enhance and gain.
 */
class HeadlessDemoTierIT {
    @Test
    void theCalleeRunsTheNamedTierOfATwoTierBundleOnScaledFootage() throws Exception {
        Path clip = SampleFootage.require(SampleFootage.ONE_MAN); // 400x300
        Path work = SampleFootage.tempDir("demo-tier");
        Path generic = BundleCopy.of(Paths.get("..", "models", "generic-call"), work.resolve("generic-two-tiers"));
        assertEquals(java.util.List.of(ModelTier.CPU, ModelTier.GPU), DemoSweep.tiersOf(generic));
        DemoFootage footage = DemoFootage.prepare(Optional.of(clip), work, Optional.of(new FrameSize(256, 256)));
        assertTrue(footage.scaled(), footage::toString);
        StringWriter log = new StringWriter();
        PrintWriter err = new PrintWriter(log, true);

        DemoResult result;
        try (DemoServers servers = DemoServers.start(work, Optional.of(generic))) {
            result = new HeadlessDemo(servers, work, err, err)
                    .run(
                            footage,
                            new HeadlessDemo.Settings(
                                    VideoCodec.VP8,
                                    60,
                                    Duration.ofSeconds(4),
                                    Duration.ofSeconds(2),
                                    KPolicySpec.fraction(1.0),
                                    2,
                                    CalleeTier.GPU));
        }

        assertEquals("gpu", result.tier(), result::summary);
        assertTrue(result.model().startsWith("generic v") && result.model().endsWith(", gpu tier"), result::summary);
        assertEquals(256, result.width(), result::summary);
        assertEquals(256, result.height(), result::summary);
        assertTrue(result.frames() > 0, () -> result.summary() + "\n" + log);
        // 256x256 VP8 at 60 kbps is inside the generic model's range: the tier enhances and gains
        assertTrue(result.enhancing(), result::summary);
        assertTrue(result.gainDb() > 0, result::summary);
    }
}

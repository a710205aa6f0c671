package io.dejavu.cli.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dejavu.protocol.model.ModelMetadata;
import io.dejavu.protocol.model.ModelTier;
import io.dejavu.protocol.video.FrameSize;
import io.dejavu.testing.SampleFootage;
import io.dejavu.training.model.ModelDirectory;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The sweep's personal model with a gpu tier (issue 16): fine-tuned from the generic model's gpu
 * tier (real DJL training, real ONNX export), added to the bundle beside its cpu tier with a range
 * of its own, reused on the next run instead of trained again, but trained again once the generic
 * model is recalibrated; a generic model without a gpu tier gives the personal model none.
 */
class PersonalModelTiersIT {
    private static final double MINUTES = 0.05; // 3 s of training per tier: shape, not quality

    @Test
    void aPersonalGpuTierIsFineTunedFromTheGenericOnesAddedToTheBundleAndReused() throws Exception {
        Path work = SampleFootage.tempDir("personal-tiers");
        Path generic = BundleCopy.of(Paths.get("..", "models", "generic-call"), work.resolve("generic"));
        DemoFootage footage = footage(work);
        StringWriter log = new StringWriter();
        PersonalModel personal = new PersonalModel(work, generic, new PrintWriter(log, true));

        PersonalModel.Prepared model =
                personal.prepare(footage, "vp8", 60, MINUTES, 1, PairSource.FFMPEG, Set.of(ModelTier.GPU));

        assertEquals(List.of(ModelTier.CPU, ModelTier.GPU), DemoSweep.tiersOf(model.dir()), log::toString);
        ModelMetadata meta = ModelDirectory.readMetadata(model.dir());
        assertTrue(meta.describesTier(ModelTier.GPU), meta::toString);
        assertTrue(meta.metrics().containsKey(ModelTier.GPU.metricKey("gain_db")), meta::toString);
        assertTrue(meta.metrics().containsKey(ModelTier.GPU.metricKey("generic_gain_db")), meta::toString);
        // 32x8, as the generic model's gpu tier it started from; the cpu tier keeps its own size
        assertTrue(
                Files.size(model.dir().resolve(ModelTier.GPU.entryName()))
                        > 4 * Files.size(model.dir().resolve(ModelTier.CPU.entryName())),
                "the gpu tier is not the larger model");
        assertEquals(1, count(log.toString(), "training the gpu tier"), log::toString);

        StringWriter again = new StringWriter();
        PersonalModel.Prepared reused = new PersonalModel(work, generic, new PrintWriter(again, true))
                .prepare(footage, "vp8", 60, MINUTES, 1, PairSource.FFMPEG, Set.of(ModelTier.CPU, ModelTier.GPU));
        assertEquals(model.dir(), reused.dir());
        assertTrue(again.toString().contains("reusing the personal model"), again::toString);
        assertEquals(0, count(again.toString(), "training"), again::toString);

        // a recalibrated generic model (new bands, same weights) changes what the guard compares with
        Path genericMeta = generic.resolve("metadata.json");
        Files.writeString(genericMeta, Files.readString(genericMeta) + "\n");
        StringWriter recalibrated = new StringWriter();
        PersonalModel.Prepared retrained = new PersonalModel(work, generic, new PrintWriter(recalibrated, true))
                .prepare(footage, "vp8", 60, MINUTES, 1, PairSource.FFMPEG, Set.of(ModelTier.CPU));
        assertFalse(retrained.dir().equals(model.dir()), recalibrated::toString);
        assertFalse(retrained.reused(), recalibrated::toString);
    }

    @Test
    void aGenericModelWithoutAGpuTierGivesThePersonalModelNone() throws Exception {
        Path work = SampleFootage.tempDir("personal-tiers-cpu");
        Path generic = BundleCopy.of(Paths.get("..", "models", "generic-call"), work.resolve("generic"));
        Files.delete(generic.resolve(ModelTier.GPU.entryName()));
        StringWriter log = new StringWriter();

        PersonalModel.Prepared model = new PersonalModel(work, generic, new PrintWriter(log, true))
                .prepare(footage(work), "vp8", 60, MINUTES, 1, PairSource.FFMPEG, Set.of(ModelTier.GPU));

        assertEquals(List.of(ModelTier.CPU), DemoSweep.tiersOf(model.dir()), log::toString);
        assertFalse(ModelDirectory.readMetadata(model.dir()).describesTier(ModelTier.GPU));
        assertTrue(log.toString().contains("the generic model has no gpu tier"), log::toString);
    }

    private static DemoFootage footage(Path work) throws Exception {
        Path clip = SampleFootage.require(SampleFootage.ONE_MAN); // 400x300
        // small frames keep the two tiers' evaluations and ranges short: shape, not quality
        return DemoFootage.prepare(Optional.of(clip), work, Optional.of(new FrameSize(128, 128)));
    }

    private static int count(String text, String what) {
        int n = 0;
        for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }
}

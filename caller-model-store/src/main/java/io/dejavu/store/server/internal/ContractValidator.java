package io.dejavu.store.server.internal;

import io.dejavu.enhancer.onnx.EnhancerSignature;
import io.dejavu.enhancer.onnx.ModelContract;
import io.dejavu.enhancer.onnx.ModelValidationException;
import io.dejavu.enhancer.onnx.ScorerSignature;
import io.dejavu.protocol.model.ModelMetadata;
import io.dejavu.protocol.model.ModelTier;
import io.dejavu.store.BundleFormatException;
import io.dejavu.store.ModelBundle;
import java.util.concurrent.Semaphore;

/**
 * Checks a bundle the way a receiver will use it, with the enhancer module's {@link
 * ModelContract} (loads each graph in ONNX Runtime, checks inputs and outputs, runs it once), and
 * checks that {@code metadata.json} declares where the model helps (its operating range) and agrees
 * with the graphs: the scorer takes the metadata's patch
 * size, and the metadata's halo covers the enhancer's receptive field (else patch-wise enhancement
 * would differ from whole-frame enhancement at patch borders).
 */
public final class ContractValidator implements BundleValidator {
    // Loading graphs costs memory and CPU; a burst of uploads must not starve downloads.
    private final Semaphore permits;

    public ContractValidator(int concurrentValidations) {
        if (concurrentValidations < 1) {
            throw new IllegalArgumentException(
                    "concurrentValidations must be at least 1, got " + concurrentValidations);
        }
        this.permits = new Semaphore(concurrentValidations, true);
    }

    @Override
    public void validate(ModelBundle bundle) throws BundleFormatException {
        try {
            permits.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BundleFormatException("validation was interrupted");
        }
        try {
            check(bundle);
        } catch (LinkageError e) {
            // ONNX Runtime's natives (or the enhancer module) failed to load: the store's fault, not
            // the bundle's, so this must not read as a 400.
            throw new IllegalStateException("model validation is unavailable on this store: " + e, e);
        } finally {
            permits.release();
        }
    }

    private static void check(ModelBundle bundle) throws BundleFormatException {
        ModelMetadata meta = bundle.metadata();
        if (!meta.declaresRange()) {
            // A receiver would have to guess where the model helps; models used away from the
            // quality they learned from make calls worse (ADR 0506).
            throw new BundleFormatException(ModelBundle.METADATA
                    + " declares no operatingRange (codec, sizes and bits per pixel where the model helps);"
                    + " train the model with a current train or train-generic");
        }
        EnhancerSignature enhancer;
        try {
            enhancer = ModelContract.checkEnhancer(bundle.enhancerOnnx());
        } catch (ModelValidationException e) {
            throw new BundleFormatException(ModelBundle.ENHANCER + ": " + e.getMessage(), e);
        }
        if (enhancer.hasKnownReceptiveField() && meta.receptiveFieldRadius() < enhancer.receptiveFieldRadius()) {
            throw new BundleFormatException(ModelBundle.METADATA + " says receptiveFieldRadius = "
                    + meta.receptiveFieldRadius() + " but " + ModelBundle.ENHANCER + " reaches "
                    + enhancer.receptiveFieldRadius() + " pixels; set receptiveFieldRadius to at least "
                    + enhancer.receptiveFieldRadius());
        }
        for (ModelTier tier : bundle.tiers()) {
            if (tier != ModelTier.CPU) {
                checkLargerTier(tier, bundle.enhancerOnnx(tier).orElseThrow());
            }
        }
        if (bundle.scorerOnnx().isPresent()) {
            ScorerSignature scorer;
            try {
                scorer = ModelContract.checkScorer(bundle.scorerOnnx().get());
            } catch (ModelValidationException e) {
                throw new BundleFormatException(ModelBundle.SCORER + ": " + e.getMessage(), e);
            }
            if (!scorer.acceptsPatchSize(meta.scorerPatchSize())) {
                throw new BundleFormatException(ModelBundle.SCORER + " takes " + scorer.patchSize() + "x"
                        + scorer.patchSize() + " patches but " + ModelBundle.METADATA + " says scorerPatchSize = "
                        + meta.scorerPatchSize());
            }
        }
    }

    /**
     * A larger tier obeys the same enhancer contract; its halo comes from its own graph (the
     * metadata's radius describes the cpu tier), so the graph must declare or bound it.
     */
    private static void checkLargerTier(ModelTier tier, byte[] onnx) throws BundleFormatException {
        EnhancerSignature sig;
        try {
            sig = ModelContract.checkEnhancer(onnx);
        } catch (ModelValidationException e) {
            throw new BundleFormatException(tier.entryName() + ": " + e.getMessage(), e);
        }
        if (!sig.hasKnownReceptiveField()) {
            throw new BundleFormatException(tier.entryName()
                    + " does not declare its receptive field and its reach cannot be bounded; a receiver could"
                    + " not enhance patches of it exactly");
        }
    }
}

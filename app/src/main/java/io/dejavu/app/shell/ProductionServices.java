package io.dejavu.app.shell;

import io.dejavu.app.services.LocalLearningOpener;
import io.dejavu.app.services.PipelineEnhancementService;
import io.dejavu.app.services.SharedMediaRuntime;
import io.dejavu.app.services.SignalingSessionService;
import io.dejavu.app.services.StoreModelFetcher;
import io.dejavu.app.services.ToneRinger;
import io.dejavu.app.services.WebrtcDeviceCatalog;
import io.dejavu.app.session.LearningOpener;
import io.dejavu.call.MediaRuntime;
import io.dejavu.enhancer.EnhancerOptions;
import io.dejavu.learning.learn.LearnerBudget;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;

/**
 * The one place that picks the real back ends: signaling client + call engine, the caller-model
 * store's client, the enhancement pipeline, webrtc-java's device lists and a ring tone.
 *
 * <pre>{@code
 * try (SharedMediaRuntime media = new SharedMediaRuntime(MediaRuntime.Audio.HEADLESS)) {
 *     AppServices alice = ProductionServices.create(media, cacheDir);   // one per window,
 *     AppServices bob = ProductionServices.create(media, cacheDir);     // one runtime per process
 * }
 * }</pre>
 */
public final class ProductionServices {
    /** Learning waits this long after a call, so that a call-back right away finds the machine idle. */
    static final Duration IDLE_BEFORE_LEARNING = Duration.ofSeconds(20);

    private ProductionServices() {}

    /** Services for the desktop app: real audio devices when present, models cached under ~/.cache. */
    public static AppServices create() {
        SharedMediaRuntime media = new SharedMediaRuntime(MediaRuntime.Audio.AUTO);
        AppServices services = create(media, defaultCacheDir(), learningOpener(defaultLearningDir()));
        return new AppServices(
                services.sessions(),
                services.models(),
                services.enhancement(),
                services.devices(),
                services.ringer(),
                () -> {
                    services.close();
                    media.close();
                });
    }

    /**
     * Services sharing {@code media} (owned by the caller, who closes it after every window).
     *
     * @param modelCache where fetched models are cached
     */
    public static AppServices create(SharedMediaRuntime media, Path modelCache) {
        return create(media, modelCache, learningOpener(modelCache.resolveSibling("learning")));
    }

    /**
     * Services sharing {@code media}, each signed-in user's learning opened by {@code learning}.
     *
     * @param modelCache where fetched models are cached
     */
    public static AppServices create(SharedMediaRuntime media, Path modelCache, LearningOpener learning) {
        StoreModelFetcher models = new StoreModelFetcher(modelCache);
        return new AppServices(
                new SignalingSessionService(media::get, Duration.ofSeconds(5), learning),
                models,
                new PipelineEnhancementService(EnhancerOptions.defaults()),
                new WebrtcDeviceCatalog(),
                new ToneRinger(),
                models);
    }

    /** Each user's learning keeps its footage and versions under {@code root/<user>}. */
    static LearningOpener learningOpener(Path root) {
        return new LocalLearningOpener(
                root, LocalLearningOpener.findGenericModel(), LearnerBudget.defaults(), IDLE_BEFORE_LEARNING);
    }

    /** {@code ~/.dejavu/learning}: footage is the person's data, not a cache to be cleaned. */
    static Path defaultLearningDir() {
        return Paths.get(System.getProperty("user.home"), ".dejavu", "learning");
    }

    static Path defaultCacheDir() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base =
                xdg != null && !xdg.isBlank() ? Paths.get(xdg) : Paths.get(System.getProperty("user.home"), ".cache");
        return base.resolve("dejavu").resolve("models");
    }
}

package io.dejavu.app.shell;

import io.dejavu.app.call.EnhancementService;
import io.dejavu.app.call.ModelFetcher;
import io.dejavu.app.call.Ringer;
import io.dejavu.app.session.SessionService;
import io.dejavu.app.settings.DeviceCatalog;

/**
 * Everything the app talks to, chosen in one place: real adapters in the app, the same real
 * adapters on loopback servers in the TestFX tests, small fakes in view-model unit tests.
 *
 * @param sessions signaling and calls
 * @param models the caller-model store
 * @param enhancement the enhancement pipeline
 * @param devices cameras and microphones
 * @param ringer the incoming-call sound
 * @param resources what to close when the app stops (native factories, clients)
 */
public record AppServices(
        SessionService sessions,
        ModelFetcher models,
        EnhancementService enhancement,
        DeviceCatalog devices,
        Ringer ringer,
        AutoCloseable resources)
        implements AutoCloseable {
    public AppServices {
        if (sessions == null || models == null || enhancement == null || devices == null || ringer == null) {
            throw new IllegalArgumentException("every service must be given (got " + sessions + ", " + models + ", "
                    + enhancement + ", " + devices + ", " + ringer + ")");
        }
        if (resources == null) {
            resources = () -> {};
        }
    }

    @Override
    public void close() throws Exception {
        resources.close();
    }
}

package io.dejavu.app.fakes;

import io.dejavu.app.call.ModelFetcher;
import io.dejavu.app.call.ModelState;
import io.dejavu.app.call.PeerModel;
import io.dejavu.app.call.Ringer;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

/** Small test doubles of the app's ports. */
public final class Fakes {
    private Fakes() {}

    /** Runs tasks at once on the calling thread: view-model tests stay synchronous. */
    public static final Executor DIRECT = Runnable::run;

    public static PeerModel model(int version, boolean generic) {
        return new PeerModel() {
            @Override
            public int version() {
                return version;
            }

            @Override
            public boolean generic() {
                return generic;
            }
        };
    }

    public static ModelFetcher fetcher(ModelState answer) {
        return request -> answer;
    }

    /** A ringer that remembers whether it rings. */
    public static final class RecordingRinger implements Ringer {
        public final AtomicBoolean ringing = new AtomicBoolean();
        public int starts;

        @Override
        public void start() {
            starts++;
            ringing.set(true);
        }

        @Override
        public void stop() {
            ringing.set(false);
        }
    }
}

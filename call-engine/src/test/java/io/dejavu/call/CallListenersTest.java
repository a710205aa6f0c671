package io.dejavu.call;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CallListenersTest {
    private static final CallListener THROWING = new CallListener() {
        @Override
        public void onStateChanged(CallState state, CallState.EndReason reason) {
            throw new IllegalStateException("listener bug");
        }
    };

    @Test
    void listenerThatThrowsDoesNotKeepTheOthersFromHearing() {
        CallListeners listeners = new CallListeners();
        List<String> heard = new ArrayList<>();
        listeners.add(THROWING);
        listeners.add(new CallListener() {
            @Override
            public void onStateChanged(CallState state, CallState.EndReason reason) {
                heard.add(state + " " + reason);
            }
        });

        listeners.stateChanged(CallState.ENDED, CallState.EndReason.REMOTE_HANGUP);

        assertEquals(List.of("ENDED REMOTE_HANGUP"), heard);
    }

    @Test
    void removedListenerHearsNothingMore() {
        CallListeners listeners = new CallListeners();
        List<CallState> heard = new ArrayList<>();
        CallListener listener = new CallListener() {
            @Override
            public void onStateChanged(CallState state, CallState.EndReason reason) {
                heard.add(state);
            }
        };
        listeners.add(listener);
        listeners.stateChanged(CallState.CONNECTED, null);
        listeners.remove(listener);
        listeners.stateChanged(CallState.ENDED, CallState.EndReason.LOCAL_HANGUP);

        assertEquals(List.of(CallState.CONNECTED), heard);
    }
}

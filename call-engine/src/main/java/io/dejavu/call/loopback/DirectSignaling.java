package io.dejavu.call.loopback;

import io.dejavu.call.Call;
import io.dejavu.call.CallOptions;
import io.dejavu.call.CallSignal;
import io.dejavu.call.MediaException;
import io.dejavu.call.MediaRuntime;
import java.util.concurrent.atomic.AtomicReference;

/** In-process signaling: each end's signals are delivered straight to the other end. */
public final class DirectSignaling implements LoopbackSignaling {
    @Override
    public CallPair start(MediaRuntime runtime, CallOptions callerOptions, CallOptions calleeOptions)
            throws MediaException {
        AtomicReference<Call> callerRef = new AtomicReference<>();
        AtomicReference<Call> calleeRef = new AtomicReference<>();
        Call callee = Call.start(runtime, Call.Role.CALLEE, calleeOptions, signal -> forward(callerRef, signal));
        calleeRef.set(callee);
        Call caller;
        try {
            caller = Call.start(runtime, Call.Role.CALLER, callerOptions, signal -> forward(calleeRef, signal));
        } catch (MediaException | RuntimeException e) {
            callee.close();
            throw e;
        }
        callerRef.set(caller);
        return new CallPair(caller, callee, () -> {});
    }

    private static void forward(AtomicReference<Call> to, CallSignal signal) {
        Call call = to.get();
        if (call != null) {
            call.deliver(signal);
        }
    }

    @Override
    public void close() {}
}

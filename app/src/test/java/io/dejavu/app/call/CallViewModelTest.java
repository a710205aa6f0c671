package io.dejavu.app.call;

import static io.dejavu.app.fakes.Fakes.DIRECT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dejavu.app.call.CallViewModel.Phase;
import io.dejavu.app.fakes.FakeActiveCall;
import io.dejavu.app.fakes.FakeEnhancement;
import io.dejavu.app.fakes.FakeSession;
import io.dejavu.app.fakes.Fakes;
import io.dejavu.app.fakes.Fakes.RecordingRinger;
import io.dejavu.app.session.CallStats;
import io.dejavu.app.session.SessionEvent;
import io.dejavu.app.session.SessionEvent.EndReason;
import io.dejavu.app.settings.AppSettings;
import io.dejavu.protocol.video.I420Frame;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CallViewModelTest {
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
    private final FakeSession session = new FakeSession("alice");
    private final FakeEnhancement enhancement = new FakeEnhancement();
    private final RecordingRinger ringer = new RecordingRinger();
    private ModelFetcher fetcher = Fakes.fetcher(new ModelState.Ready(Fakes.model(3, false)));

    @AfterEach
    void stopTicker() {
        ticker.shutdownNow();
    }

    private CallViewModel vm() {
        CallViewModel vm = new CallViewModel(
                DIRECT, DIRECT, ticker, r -> fetcher.fetch(r), enhancement, ringer, AppSettings::defaults);
        vm.attach(session);
        return vm;
    }

    /** The pipeline hands one 64x32 frame, decoded and enhanced, with k of 8 patches enhanced. */
    private void emitFrame(int k) {
        I420Frame decoded = I420Frame.blank(64, 32);
        enhancement.emit(
                decoded,
                decoded.copy(),
                new EnhancementReport(
                        k > 0, k, 8, 100.0 * k / 8, 4.5, "CPU", 0, k > 0 ? "" : "no model", k > 0 ? "cpu" : ""));
    }

    @Test
    void dialingShowsCallingThenRingingThenInCall() {
        CallViewModel vm = vm();
        vm.dial("bob");
        assertEquals(Phase.CALLING, vm.phaseProperty().get());
        assertEquals(List.of("dial bob @300"), session.actions);
        vm.handle(new SessionEvent.Ringing("c1", "bob"));
        assertEquals("Ringing bob…", vm.statusProperty().get());
        vm.handle(new SessionEvent.Connected("c1", "bob", new FakeActiveCall("ticket")));
        assertEquals(Phase.IN_CALL, vm.phaseProperty().get());
        assertEquals("In call with bob", vm.statusProperty().get());
    }

    @Test
    void connectedCallFetchesThePeersModelAndEnhancesWithIt() {
        CallViewModel vm = vm();
        List<String> asked = new ArrayList<>();
        PeerModel personal = Fakes.model(3, false);
        fetcher = r -> {
            asked.add(r.holder() + ":" + r.peer() + "/" + r.ticket().token());
            return new ModelState.Ready(personal);
        };
        vm.dial("bob");
        vm.handle(new SessionEvent.Connected("c1", "bob", new FakeActiveCall("signed-ticket")));
        assertEquals(List.of("alice:bob/signed-ticket"), asked);
        assertSame(personal, enhancement.model);
        assertEquals("personal model v3", vm.modelStateProperty().get().describe());
    }

    @Test
    void storeDownKeepsTheCallAndSaysThereIsNoModel() {
        fetcher = Fakes.fetcher(new ModelState.Failed("Cannot reach the model store (connection refused)."));
        CallViewModel vm = vm();
        List<I420Frame> shown = new ArrayList<>();
        vm.setFrameSinks(sinks(shown));
        vm.dial("bob");
        FakeActiveCall call = new FakeActiveCall("t");
        vm.handle(new SessionEvent.Connected("c1", "bob", call));
        emitFrame(0);

        assertEquals(Phase.IN_CALL, vm.phaseProperty().get());
        assertEquals(null, enhancement.model);
        assertEquals(2, shown.size(), "decoded and pass-through frames still reach the screen");
        assertTrue(vm.modelStateProperty().get().describe().startsWith("no model"));
        vm.refreshStats();
        assertTrue(vm.statsProperty().get().model().contains("Cannot reach the model store"));
    }

    @Test
    void callWithoutTicketRunsWithoutModel() {
        CallViewModel vm = vm();
        vm.dial("bob");
        vm.handle(new SessionEvent.Connected("c1", "bob", new FakeActiveCall(null)));
        assertInstanceOf(ModelState.None.class, vm.modelStateProperty().get());
        assertEquals(1, enhancement.starts);
    }

    @Test
    void incomingCallRingsUntilAccepted() {
        CallViewModel vm = vm();
        vm.handle(new SessionEvent.IncomingCall("c9", "carol"));
        assertEquals(Phase.INCOMING, vm.phaseProperty().get());
        assertTrue(ringer.ringing.get());
        vm.accept();
        assertFalse(ringer.ringing.get());
        assertEquals(List.of("accept c9"), session.actions);
        assertEquals(Phase.CALLING, vm.phaseProperty().get());
        vm.handle(new SessionEvent.Connected("c9", "carol", new FakeActiveCall("t")));
        assertEquals(Phase.IN_CALL, vm.phaseProperty().get());
    }

    @Test
    void rejectingAnIncomingCallTellsTheServerAndReturnsToIdle() {
        CallViewModel vm = vm();
        vm.handle(new SessionEvent.IncomingCall("c9", "carol"));
        vm.reject();
        assertEquals(List.of("reject c9"), session.actions);
        assertEquals(Phase.IDLE, vm.phaseProperty().get());
        assertFalse(ringer.ringing.get());
        assertEquals("You declined the call from carol.", vm.lastEndProperty().get());
    }

    @Test
    void blockingTheCallerFromThePromptTellsTheServerAndReturnsToIdle() {
        CallViewModel vm = vm();
        vm.handle(new SessionEvent.IncomingCall("c9", "mallory"));
        vm.blockCaller();
        assertEquals(List.of("block mallory"), session.actions);
        assertEquals(Phase.IDLE, vm.phaseProperty().get());
        assertFalse(ringer.ringing.get());
        assertEquals(
                "You blocked mallory. Unblock them in your contacts.",
                vm.lastEndProperty().get());
    }

    @Test
    void autoAnswerTakesTheCallWithoutRinging() {
        CallViewModel vm = vm();
        vm.autoAnswerProperty().set(true);
        vm.handle(new SessionEvent.IncomingCall("c9", "carol"));
        assertEquals(List.of("accept c9"), session.actions);
        assertEquals(0, ringer.starts);
    }

    @Test
    void calleeRejectingSaysSoAndReturnsToIdle() {
        CallViewModel vm = vm();
        vm.dial("bob");
        vm.handle(new SessionEvent.Ringing("c1", "bob"));
        vm.handle(new SessionEvent.Ended("c1", EndReason.REJECTED, ""));
        assertEquals(Phase.IDLE, vm.phaseProperty().get());
        assertEquals("bob declined the call.", vm.lastEndProperty().get());
    }

    @Test
    void hangingUpEndsTheCallAndStopsThePipeline() {
        CallViewModel vm = vm();
        vm.dial("bob");
        vm.handle(new SessionEvent.Ringing("c1", "bob"));
        vm.handle(new SessionEvent.Connected("c1", "bob", new FakeActiveCall("t")));
        vm.hangUp();
        assertEquals(List.of("dial bob @300", "hangup c1"), session.actions);
        assertTrue(enhancement.closed);
        assertEquals(Phase.IDLE, vm.phaseProperty().get());
        assertEquals("Call with bob ended.", vm.lastEndProperty().get());
    }

    @Test
    void cancellingBeforeTheServerAnswersHangsUpOnceTheCallHasAnId() {
        CallViewModel vm = vm();
        vm.dial("bob");
        vm.hangUp();
        assertEquals(Phase.IDLE, vm.phaseProperty().get());
        vm.handle(new SessionEvent.Ringing("c1", "bob"));
        assertEquals(List.of("dial bob @300", "hangup c1"), session.actions);
    }

    @Test
    void remoteHangUpIsASentence() {
        CallViewModel vm = vm();
        vm.dial("bob");
        vm.handle(new SessionEvent.Connected("c1", "bob", new FakeActiveCall("t")));
        vm.handle(new SessionEvent.Ended("c1", EndReason.FAILED, "peer connection failed"));
        assertEquals(
                "The call with bob failed: Peer connection failed.",
                vm.lastEndProperty().get());
        assertTrue(enhancement.closed);
    }

    @Test
    void aSecondCallerWhileInACallIsTurnedAway() {
        CallViewModel vm = vm();
        vm.dial("bob");
        vm.handle(new SessionEvent.Connected("c1", "bob", new FakeActiveCall("t")));
        vm.handle(new SessionEvent.IncomingCall("c2", "carol"));
        assertEquals(Phase.IN_CALL, vm.phaseProperty().get());
        assertTrue(session.actions.contains("busy c2"));
        assertFalse(ringer.ringing.get());
    }

    @Test
    void eventsOfAnotherCallAreIgnored() {
        CallViewModel vm = vm();
        vm.dial("bob");
        vm.handle(new SessionEvent.Connected("c1", "bob", new FakeActiveCall("t")));
        vm.handle(new SessionEvent.Ended("old", EndReason.HUNG_UP, ""));
        assertEquals(Phase.IN_CALL, vm.phaseProperty().get());
    }

    @Test
    void controlsReachTheCallAndThePipeline() {
        CallViewModel vm = vm();
        vm.dial("bob");
        FakeActiveCall call = new FakeActiveCall("t");
        vm.handle(new SessionEvent.Connected("c1", "bob", call));
        vm.micMutedProperty().set(true);
        vm.cameraOnProperty().set(false);
        vm.enhancementOnProperty().set(false);
        assertTrue(call.muted);
        assertFalse(call.cameraOn);
        assertFalse(enhancement.enabled);
    }

    @Test
    void theDecodedPictureIsKeptOnlyWhileTheSplitViewShowsIt() {
        CallViewModel vm = vm();
        vm.splitViewProperty().set(true);
        vm.dial("bob");
        vm.handle(new SessionEvent.Connected("c1", "bob", new FakeActiveCall("t")));
        assertTrue(enhancement.keepDecoded, "split view on when the call starts");
        vm.splitViewProperty().set(false);
        assertFalse(enhancement.keepDecoded);
        vm.splitViewProperty().set(true);
        assertTrue(enhancement.keepDecoded);
    }

    @Test
    void statsShowEnhancementWithTheFetchedModel() {
        CallViewModel vm = vm();
        vm.dial("bob");
        FakeActiveCall call = new FakeActiveCall("t");
        call.stats = new CallStats(640, 360, 29.6, 30, 151, 148, "VP8", 2);
        vm.handle(new SessionEvent.Connected("c1", "bob", call));
        emitFrame(2);
        vm.refreshStats();
        StatsLines s = vm.statsProperty().get();
        assertEquals("640x360", s.resolution());
        assertEquals("151 kbps in, 148 kbps out", s.bitrate());
        assertEquals("codec: VP8", s.codec());
        assertEquals("enhancing k=2 of 8 patches (25 % of area)", s.enhancement());
        assertEquals("4.5 ms/frame enhancement", s.timing());
        assertEquals("running on CPU, cpu tier", s.provider());
        assertEquals("model: personal model v3", s.model());
        assertTrue(s.dropped().startsWith("2 frames dropped"), s.dropped());
        assertEquals(31.0, vm.streamFpsProperty().get());
    }

    @Test
    void framesGoFromTheRunAndThePreviewStraightToTheViewsSinks() {
        CallViewModel vm = vm();
        List<I420Frame> shown = new ArrayList<>();
        FrameSinks view = sinks(shown);
        vm.setFrameSinks(view);
        vm.dial("bob");
        FakeActiveCall call = new FakeActiveCall("t");
        vm.handle(new SessionEvent.Connected("c1", "bob", call));
        assertSame(view, enhancement.output, "the run hands frames to the view, not to the view model");
        I420Frame local = I420Frame.blank(32, 16);
        call.preview.accept(local);
        assertEquals(List.of(local), shown, "the local preview reaches the view's sink");
    }

    @Test
    void shownRateAndReportComeFromTheRunAtTheStatsRate() {
        CallViewModel vm = vm();
        vm.dial("bob");
        vm.handle(new SessionEvent.Connected("c1", "bob", new FakeActiveCall("t")));
        vm.refreshStats();
        assertEquals(
                "not enhancing: waiting for video", vm.statsProperty().get().enhancement());
        emitFrame(0);
        emitFrame(4);
        assertEquals(
                "not enhancing: waiting for video", vm.statsProperty().get().enhancement(), "no UI change per frame");
        vm.refreshStats();
        assertEquals(
                "enhancing k=4 of 8 patches (50 % of area)",
                vm.statsProperty().get().enhancement());
    }

    @Test
    void signingOutEndsTheCall() {
        CallViewModel vm = vm();
        vm.dial("bob");
        vm.handle(new SessionEvent.Connected("c1", "bob", new FakeActiveCall("t")));
        vm.detach("");
        assertEquals(Phase.IDLE, vm.phaseProperty().get());
        assertTrue(enhancement.closed);
    }

    private static FrameSinks sinks(List<I420Frame> shown) {
        return new FrameSinks() {
            @Override
            public void remoteDecoded(I420Frame frame) {
                shown.add(frame);
            }

            @Override
            public void remoteEnhanced(I420Frame frame) {
                shown.add(frame);
            }

            @Override
            public void local(I420Frame frame) {
                shown.add(frame);
            }
        };
    }
}

package io.dejavu.learning;

import io.dejavu.call.Call;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * What the desktop app sees of learning from its own calls (issue 17, ADR 0701): with the user's
 * consent the sender keeps a bounded sample of its own camera footage, and when no call is in
 * progress it fine-tunes the user's model from it and publishes the model (never the frames) if it
 * beats the current one on held-back recent footage. Methods return quickly; learning runs on a
 * thread of its own and reports through {@link #addListener}.
 */
public interface SelfLearning extends AutoCloseable {
    /** Consent, pause and the footage limits, as persisted. */
    LearningSettings settings();

    /** Turns keeping footage on or off (off by default); turning it off deletes nothing. */
    void setConsent(boolean on);

    /** Pauses learning (a run in progress stops at its next step and resumes later) or resumes it. */
    void setPaused(boolean paused);

    /** What is kept now. */
    FootageSummary footage();

    /** The self-trained versions, newest first, published or refused by the guard. */
    List<SelfTrainedVersion> versions();

    /** Where learning stands now. */
    LearningState state();

    /**
     * A call begins: learning in progress yields at once (the call comes first), and, with consent,
     * the returned capture keeps this call's outgoing frames until {@link CallCapture#close()}.
     */
    Optional<CallCapture> callStarted(Call call);

    /** The call is over: learning may start once no call is in progress. */
    void callEnded();

    /** Deletes every kept call from this machine. */
    void deleteFootage();

    /** Deletes the self-trained versions, locally and those this user published to the store. */
    void deleteSelfTrainedVersions();

    /** Events arrive on a learning thread; a UI hops to its own thread. */
    void addListener(Consumer<LearningEvent> listener);

    @Override
    void close();
}

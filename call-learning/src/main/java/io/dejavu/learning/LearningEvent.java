package io.dejavu.learning;

/** What a listener of {@link SelfLearning} hears. */
public sealed interface LearningEvent {
    /** Consent, pause or state changed. */
    record StateChanged(LearningState state) implements LearningEvent {}

    /** Footage was added or deleted. */
    record FootageChanged(FootageSummary footage) implements LearningEvent {}

    /** Training progress: {@code fraction} in [0, 1] of the run's budget. */
    record Progress(double fraction, String line) implements LearningEvent {}

    /** A run finished: published or refused by the guard. */
    record VersionTrained(SelfTrainedVersion version) implements LearningEvent {}

    /** A run failed; {@code message} is one line. */
    record Failed(String message) implements LearningEvent {}
}

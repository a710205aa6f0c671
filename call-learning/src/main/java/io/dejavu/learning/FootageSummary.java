package io.dejavu.learning;

import java.time.Instant;
import java.util.Optional;

/** The calls kept on this machine: how many, their size on disk, the oldest one's start. */
public record FootageSummary(int calls, long bytes, double seconds, Optional<Instant> oldest) {}

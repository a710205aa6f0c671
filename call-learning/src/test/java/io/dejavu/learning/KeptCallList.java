package io.dejavu.learning;

import io.dejavu.learning.footage.KeptCall;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Kept calls a test lists itself (any clip, any size), where a real call to keep them would cost
 * its length; the product's source is {@link io.dejavu.learning.footage.FootageStore}. Thread-safe.
 */
public final class KeptCallList implements KeptCallSource {
    private final Path dir;
    private final List<KeptCall> calls = new ArrayList<>();

    public KeptCallList(Path dir) {
        this.dir = dir;
    }

    public synchronized void add(KeptCall call) {
        calls.add(call);
        calls.sort(Comparator.comparing(KeptCall::started).reversed());
    }

    @Override
    public Path dir() {
        return dir;
    }

    @Override
    public synchronized List<KeptCall> newestFirst() {
        return List.copyOf(calls);
    }

    @Override
    public synchronized FootageSummary summary() {
        return new FootageSummary(
                calls.size(),
                calls.stream().mapToLong(KeptCall::bytes).sum(),
                calls.stream().mapToDouble(KeptCall::seconds).sum(),
                calls.isEmpty()
                        ? Optional.empty()
                        : Optional.of(calls.get(calls.size() - 1).started()));
    }

    @Override
    public synchronized void deleteAll() throws IOException {
        for (KeptCall c : calls) {
            Files.deleteIfExists(c.video());
        }
        calls.clear();
    }
}

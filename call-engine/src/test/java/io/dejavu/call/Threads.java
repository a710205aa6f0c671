package io.dejavu.call;

import static org.junit.jupiter.api.Assertions.fail;

import io.dejavu.testing.Await;
import java.time.Duration;
import java.util.List;

/** Checks that a closed call left none of the engine's own threads behind. */
final class Threads {
    private static final List<String> PREFIXES = List.of("dejavu-call-", "dejavu-video-", "dejavu-quality-");

    private Threads() {}

    /** Threads of this process, native ones included (Linux), or -1 elsewhere. */
    static int processThreads() {
        java.io.File[] tasks = new java.io.File("/proc/self/task").listFiles();
        return tasks == null ? -1 : tasks.length;
    }

    static void assertNoEngineThreads() {
        try {
            Await.until("engine threads end after close", Duration.ofSeconds(3), () -> engineThreads()
                    .isEmpty());
        } catch (AssertionError e) {
            fail("engine threads still alive after close: " + engineThreads(), e);
        }
    }

    private static List<String> engineThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .map(Thread::getName)
                .filter(n -> PREFIXES.stream().anyMatch(n::startsWith))
                .toList();
    }
}

package io.dejavu.cli.call;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Resident memory of this process (native included), for spotting leaks across many calls. */
public final class ProcessMemory {
    private ProcessMemory() {}

    /** Resident set size in MiB from /proc/self/status, or -1 where that is not available. */
    public static double rssMib() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    String kb = line.substring(6).trim().split("\\s+")[0];
                    return Math.round(Long.parseLong(kb) / 1024.0 * 10) / 10.0;
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }
}

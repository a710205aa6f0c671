package io.dejavu.testing.postgres;

import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.XZInputStream;
import org.tukaani.xz.XZOutputStream;

/**
 * PostgreSQL refuses to run as root, and CI runs as root. zonky handles that with a user namespace
 * ({@code unshare -U}) where the machine allows one. Where it does not (Docker's default seccomp
 * profile refuses it), the binaries are repacked so that {@code initdb} and {@code pg_ctl} give the
 * data directory to {@code nobody} and run as {@code nobody} through util-linux's {@code setpriv}.
 * Anywhere else the binaries are used as they come.
 */
final class RootSafeBinaries {
    private static final Set<String> WRAPPED = Set.of("bin/initdb", "bin/pg_ctl");
    private static final String WRAPPER =
            """
            #!/bin/sh
            # PostgreSQL does not run as root: give the data directory to nobody and run as nobody.
            prev=
            for a in "$@"; do
              if [ "$prev" = "-D" ]; then chown -R 65534:65534 "$a"; fi
              prev="$a"
            done
            exec setpriv --reuid=65534 --regid=65534 --clear-groups "$0.real" "$@"
            """;
    private static byte[] repacked;

    private RootSafeBinaries() {}

    static EmbeddedPostgres.Builder configure(EmbeddedPostgres.Builder builder) {
        if (!"root".equals(System.getProperty("user.name")) || succeeds("unshare", "-U", "true")) {
            return builder;
        }
        if (!succeeds("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "true")) {
            throw new IllegalStateException("embedded PostgreSQL cannot run as root here: neither a user namespace"
                    + " (unshare -U) nor setpriv to nobody works; run the build as a user other than root");
        }
        return builder.setPgBinaryResolver((system, arch) -> new ByteArrayInputStream(repacked(system, arch)));
    }

    private static boolean succeeds(String... command) {
        try {
            Process p = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static synchronized byte[] repacked(String system, String arch) throws IOException {
        if (repacked != null) {
            return repacked;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 << 20);
        try (InputStream original = DefaultPostgresBinaryResolver.INSTANCE.getPgBinary(system, arch);
                TarArchiveInputStream in = new TarArchiveInputStream(new XZInputStream(original));
                TarArchiveOutputStream out =
                        new TarArchiveOutputStream(new XZOutputStream(bytes, new LZMA2Options(0)))) {
            out.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (TarArchiveEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                String name = e.getName().startsWith("./") ? e.getName().substring(2) : e.getName();
                if (!WRAPPED.contains(name)) {
                    out.putArchiveEntry(e);
                    if (e.isFile()) {
                        in.transferTo(out);
                    }
                    out.closeArchiveEntry();
                    continue;
                }
                TarArchiveEntry real = new TarArchiveEntry(e.getName() + ".real");
                real.setSize(e.getSize());
                real.setMode(0755);
                real.setModTime(e.getModTime());
                out.putArchiveEntry(real);
                in.transferTo(out);
                out.closeArchiveEntry();
                byte[] script = WRAPPER.getBytes(StandardCharsets.US_ASCII);
                TarArchiveEntry wrapper = new TarArchiveEntry(e.getName());
                wrapper.setSize(script.length);
                wrapper.setMode(0755);
                wrapper.setModTime(new Date(0));
                out.putArchiveEntry(wrapper);
                out.write(script);
                out.closeArchiveEntry();
            }
        }
        repacked = bytes.toByteArray();
        return repacked;
    }
}

package io.dejavu.cli.store;

import io.dejavu.protocol.Json;
import io.dejavu.store.CallerSummary;
import io.dejavu.store.ModelVersion;
import io.dejavu.store.client.ModelStoreClient;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code store-admin}: list, upload, activate (roll back) and delete model versions in a running
 * store with the admin token. Thin commands over {@link ModelStoreClient}.
 */
@Command(
        name = "store-admin",
        mixinStandardHelpOptions = true,
        description = "Manage a running caller-model store with its admin token (or DEJAVU_ADMIN_TOKEN).",
        subcommands = {
            StoreAdminCommand.Callers.class,
            StoreAdminCommand.Versions.class,
            StoreAdminCommand.Upload.class,
            StoreAdminCommand.Activate.class,
            StoreAdminCommand.Delete.class
        })
final class StoreAdminCommand {
    @Option(names = "--store", required = true, scope = CommandLine.ScopeType.INHERIT, description = "store URL")
    URI store;

    @Option(
            names = "--admin-token",
            scope = CommandLine.ScopeType.INHERIT,
            description = "admin token (or DEJAVU_ADMIN_TOKEN)")
    String adminToken;

    @Option(
            names = "--trust-pkcs12",
            scope = CommandLine.ScopeType.INHERIT,
            description = "PKCS#12 file whose certificate to trust (private HTTPS stores)")
    Path trust;

    @Option(names = "--trust-password", scope = CommandLine.ScopeType.INHERIT, description = "its password")
    String trustPassword;

    @Option(names = "--json", scope = CommandLine.ScopeType.INHERIT, description = "print JSON instead of a table")
    boolean json;

    ModelStoreClient client() {
        // Admin calls never fetch through the cache; the directory is not even created.
        ModelStoreClient.Builder b = ModelStoreClient.builder(store)
                .cacheDir(Path.of(System.getProperty("java.io.tmpdir"), "dejavu-store-admin-cache"));
        if (trust != null) {
            b.trustPkcs12(trust, trustPassword);
        }
        return b.build();
    }

    String token(CommandLine cmd) {
        String t = adminToken != null ? adminToken : System.getenv("DEJAVU_ADMIN_TOKEN");
        if (t == null || t.isBlank()) {
            throw new CommandLine.ParameterException(
                    cmd, "an admin token is required: --admin-token or DEJAVU_ADMIN_TOKEN");
        }
        return t;
    }

    void printVersions(PrintWriter out, List<ModelVersion> versions) throws Exception {
        if (json) {
            out.println(Json.mapper().writeValueAsString(versions));
            return;
        }
        out.printf(
                Locale.ROOT,
                "%-24s %7s %6s %10s  %-20s  %s%n",
                "caller",
                "version",
                "active",
                "bytes",
                "uploaded",
                "sha256");
        for (ModelVersion v : versions) {
            out.printf(
                    Locale.ROOT,
                    "%-24s %7d %6s %10d  %-20s  %s%n",
                    v.caller(),
                    v.version(),
                    v.active() ? "*" : "",
                    v.sizeBytes(),
                    v.uploadedAt().toString().substring(0, 19),
                    v.sha256());
        }
    }

    abstract static class Sub implements Callable<Integer> {
        @CommandLine.ParentCommand
        StoreAdminCommand parent;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            String token = parent.token(spec.commandLine());
            PrintWriter out = spec.commandLine().getOut();
            try (ModelStoreClient client = parent.client()) {
                run(client, token, out);
            }
            out.flush();
            return 0;
        }

        abstract void run(ModelStoreClient client, String token, PrintWriter out) throws Exception;
    }

    @Command(name = "callers", description = "List callers with stored models.")
    static final class Callers extends Sub {
        @Override
        void run(ModelStoreClient client, String token, PrintWriter out) throws Exception {
            List<CallerSummary> callers = client.callers(token);
            if (parent.json) {
                out.println(Json.mapper().writeValueAsString(callers));
                return;
            }
            out.printf(Locale.ROOT, "%-24s %8s %7s %5s%n", "caller", "versions", "active", "last");
            for (CallerSummary c : callers) {
                out.printf(
                        Locale.ROOT,
                        "%-24s %8d %7s %5d%n",
                        c.caller(),
                        c.versions(),
                        c.activeVersion() == 0 ? "-" : Integer.toString(c.activeVersion()),
                        c.lastVersion());
            }
        }
    }

    @Command(name = "versions", description = "List a caller's versions.")
    static final class Versions extends Sub {
        @Parameters(index = "0", description = "caller")
        String caller;

        @Override
        void run(ModelStoreClient client, String token, PrintWriter out) throws Exception {
            parent.printVersions(out, client.versions(caller, token));
        }
    }

    @Command(name = "upload", description = "Publish a bundle directory or ZIP under the caller its metadata names.")
    static final class Upload extends Sub {
        @Parameters(index = "0", description = "bundle directory or ZIP")
        Path bundle;

        @Option(names = "--no-activate", description = "store it without making it active")
        boolean noActivate;

        @Override
        void run(ModelStoreClient client, String token, PrintWriter out) throws Exception {
            ModelVersion v = noActivate
                    ? client.upload(io.dejavu.store.ModelBundle.read(bundle, Long.MAX_VALUE), token, false)
                    : client.upload(bundle, token);
            parent.printVersions(out, List.of(v));
        }
    }

    @Command(name = "activate", description = "Make a version active (an older one rolls back).")
    static final class Activate extends Sub {
        @Parameters(index = "0", description = "caller")
        String caller;

        @Parameters(index = "1", description = "version")
        int version;

        @Override
        void run(ModelStoreClient client, String token, PrintWriter out) throws Exception {
            parent.printVersions(out, List.of(client.activate(caller, version, token)));
        }
    }

    @Command(name = "delete", description = "Delete one version, or with no version every version of the caller.")
    static final class Delete extends Sub {
        @Parameters(index = "0", description = "caller")
        String caller;

        @Parameters(index = "1", arity = "0..1", description = "version")
        Integer version;

        @Override
        void run(ModelStoreClient client, String token, PrintWriter out) throws Exception {
            if (version == null) {
                client.deleteCaller(caller, token);
                out.println("deleted every version of " + caller);
            } else {
                client.delete(caller, version, token);
                out.println("deleted " + caller + " v" + version);
            }
        }
    }
}

package io.dejavu.cli.training;

import io.dejavu.store.ModelVersion;
import io.dejavu.training.TrainingException;
import io.dejavu.training.publish.ModelPublisher;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code publish}: upload a model bundle to the store, refusing personal models that lose to the generic one. */
@Command(
        name = "publish",
        mixinStandardHelpOptions = true,
        description = "Upload a trained model to the caller-model store (refuses one that does not beat the generic"
                + " model on its held-back footage unless --force).")
final class PublishCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "DIR", description = "Model directory.")
    Path model;

    @Option(
            names = "--store",
            required = true,
            paramLabel = "URL",
            description = "Store base URL, e.g. http://127.0.0.1:8090.")
    String store;

    @Option(names = "--admin-token", required = true, paramLabel = "T", description = "The store's admin token.")
    String adminToken;

    @Option(names = "--force", description = "Publish even if the model does not beat the generic model.")
    boolean force;

    @Option(names = "--json", description = "Print one JSON object as the last line of stdout.")
    boolean json;

    @Override
    public Integer call() {
        URI uri;
        try {
            uri = new URI(store);
        } catch (URISyntaxException e) {
            throw new TrainingException("bad store URL '" + store + "': " + e.getMessage(), e);
        }
        if (uri.getScheme() == null
                || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))) {
            throw new TrainingException("store URL must start with http:// or https://, got '" + store + "'");
        }
        ModelVersion v = new ModelPublisher().publish(model, uri, adminToken, force);
        PrintWriter out = spec.commandLine().getOut();
        out.println("published " + model + " as " + v.caller() + " v" + v.version() + " (sha256 " + v.sha256() + ", "
                + v.sizeBytes() + " bytes, active " + v.active() + ")");
        if (json) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("caller", v.caller());
            m.put("version", v.version());
            m.put("sha256", v.sha256());
            m.put("size_bytes", v.sizeBytes());
            m.put("active", v.active());
            CommonOptions.printJson(out, m);
        }
        out.flush();
        return 0;
    }
}

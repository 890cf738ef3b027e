package io.meshtrust.ca.provided;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshtrust.api.Violation;
import io.meshtrust.store.ResourceStore;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;

/**
 * The provided CA (kuma-ca-insights §3): the user's CA (root or intermediate first, then its chain) and key, from a
 * mesh Secret, a file, or inline. Nothing is generated or stored; validation follows Kuma's {@code ValidateBackend}.
 */
@ApplicationScoped
public class ProvidedCaManager {

    public static final String TYPE = "provided";

    private final ResourceStore store;
    private final Vertx vertx;

    public ProvidedCaManager(ResourceStore store, Vertx vertx) {
        this.store = store;
        this.vertx = vertx;
    }

    /** Violations with paths relative to the backend's {@code conf} (§3.3). */
    public Uni<List<Violation>> validate(String mesh, ObjectNode conf) {
        JsonNode certJson = conf == null ? null : conf.get("cert");
        JsonNode keyJson = conf == null ? null : conf.get("key");
        var cert = DataSource.parse(certJson, "cert");
        var key = DataSource.parse(keyJson, "key");
        List<Violation> v = new ArrayList<>(cert.violations());
        v.addAll(key.violations());
        if (!v.isEmpty()) {
            return Uni.createFrom().item(v);
        }
        // Kuma loads the key first; a load failure is reported under both fields.
        return key.source().get().load(mesh, store, vertx)
                .chain(keyBytes -> cert.source().get().load(mesh, store, vertx)
                        .map(certBytes -> CaCertValidator.validate(certBytes, keyBytes)))
                .onFailure(DataSource.LoadException.class).recoverWithItem(e -> List.of(
                        new Violation("cert", "could not load data: " + e.getMessage()),
                        new Violation("key", "could not load data: " + e.getMessage())));
    }

    /**
     * The backend's cert and key bytes, {@code [cert, key]} (key loaded first, as Kuma does).
     *
     * @throws IllegalStateException (failed Uni) with Kuma's {@code could not load data: …} text
     */
    public Uni<byte[][]> load(String mesh, ObjectNode conf) {
        var cert = DataSource.parse(conf == null ? null : conf.get("cert"), "cert");
        var key = DataSource.parse(conf == null ? null : conf.get("key"), "key");
        if (cert.source().isEmpty() || key.source().isEmpty()) {
            return Uni.createFrom().failure(new IllegalStateException("the provided CA has no cert or key source"));
        }
        return key.source().get().load(mesh, store, vertx)
                .chain(keyBytes -> cert.source().get().load(mesh, store, vertx).map(c -> new byte[][] {c, keyBytes}))
                .onFailure(DataSource.LoadException.class)
                .transform(e -> new IllegalStateException("could not load data: " + e.getMessage()));
    }

    /** The Secrets a provided backend refers to (Kuma's {@code UsedSecrets}), cert first. */
    public static List<String> usedSecrets(ObjectNode conf) {
        List<String> names = new ArrayList<>();
        for (String field : List.of("cert", "key")) {
            JsonNode source = conf == null ? null : conf.get(field);
            if (source != null && source.path("secret").isTextual()) {
                names.add(source.get("secret").textValue());
            }
        }
        return names;
    }
}

package io.meshtrust.ca.provided;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshtrust.api.Violation;
import io.meshtrust.ca.CaBackend;
import io.meshtrust.ca.LoadedCa;
import io.meshtrust.ca.LocalKeySigner;
import io.meshtrust.crypto.CryptoWorker;
import io.meshtrust.mesh.Mesh;
import io.meshtrust.store.ResourceStore;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;

/**
 * The provided CA (Kuma's {@code pkg/plugins/ca/provided/manager.go}, {@code providedCaManager}): the user's CA (root or
 * intermediate first, then its chain) and key, from a mesh Secret, a file, or inline. Nothing is generated or stored
 * ({@link CaBackend#ensure} has nothing to do); validation follows Kuma's {@code ValidateBackend}; leaves are signed
 * by the shared {@link LocalKeySigner}.
 */
@ApplicationScoped
public class ProvidedCaManager implements CaBackend {

    public static final String TYPE = "provided";

    private final ResourceStore store;
    private final Vertx vertx;
    private final CryptoWorker crypto;

    public ProvidedCaManager(ResourceStore store, Vertx vertx, CryptoWorker crypto) {
        this.store = store;
        this.vertx = vertx;
        this.crypto = crypto;
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Uni<List<Violation>> validate(String mesh, Mesh.Backend backend) {
        return validate(mesh, backend.conf());
    }

    @Override
    public List<String> usedSecrets(String mesh, Mesh.Backend backend) {
        return usedSecrets(backend.conf());
    }

    @Override
    public Uni<LoadedCa> load(String mesh, Mesh.Backend backend) {
        return load(mesh, backend.conf()).map(pair -> LocalKeySigner.load(backend.name(), pair[0], pair[1], crypto));
    }

    /** Violations with paths relative to the backend's {@code conf} (Kuma's {@code ValidateBackend}). */
    Uni<List<Violation>> validate(String mesh, ObjectNode conf) {
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
        return key.source()
                .get()
                .load(mesh, store, vertx)
                .chain(keyBytes -> cert.source()
                        .get()
                        .load(mesh, store, vertx)
                        .map(certBytes -> CaCertValidator.validate(certBytes, keyBytes)))
                .onFailure(DataSource.LoadException.class)
                .recoverWithItem(e -> List.of(
                        new Violation("cert", "could not load data: " + e.getMessage()),
                        new Violation("key", "could not load data: " + e.getMessage())));
    }

    /**
     * The backend's cert and key bytes, {@code [cert, key]} (key loaded first, as Kuma does).
     *
     * @throws IllegalStateException (failed Uni) with Kuma's {@code could not load data: …} text
     */
    Uni<byte[][]> load(String mesh, ObjectNode conf) {
        var cert = DataSource.parse(conf == null ? null : conf.get("cert"), "cert");
        var key = DataSource.parse(conf == null ? null : conf.get("key"), "key");
        if (cert.source().isEmpty() || key.source().isEmpty()) {
            return Uni.createFrom().failure(new IllegalStateException("the provided CA has no cert or key source"));
        }
        return key.source()
                .get()
                .load(mesh, store, vertx)
                .chain(keyBytes -> cert.source().get().load(mesh, store, vertx).map(c -> new byte[][] {c, keyBytes}))
                .onFailure(DataSource.LoadException.class)
                .transform(e -> new IllegalStateException("could not load data: " + e.getMessage()));
    }

    /** The Secrets a provided backend refers to (Kuma's {@code UsedSecrets}), cert first. */
    static List<String> usedSecrets(ObjectNode conf) {
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

package io.meshtrust.resources;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshtrust.api.ApiException;
import io.meshtrust.api.Titled;
import io.meshtrust.api.Violation;
import io.meshtrust.config.KumaConfig;
import io.meshtrust.store.ListQuery;
import io.meshtrust.store.Resource;
import io.meshtrust.store.ResourceKey;
import io.meshtrust.store.ResourcePage;
import io.meshtrust.store.ResourceStore;
import io.meshtrust.store.ResourceType;
import io.meshtrust.store.StoreException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jboss.logging.Logger;

/**
 * Create-or-update, read, list and delete of resources with Kuma's rules (docs/kuma-ca-insights.md §7.3-7.7): meta and
 * name validation, computed labels, spec decoding and validation, mesh existence for mesh-scoped types. Nothing is
 * written unless every check passed.
 */
@Singleton
public class ResourceManager {

    private static final Logger LOG = Logger.getLogger(ResourceManager.class);
    public static final String MESH_LABEL = "kuma.io/mesh";
    public static final String ORIGIN_LABEL = "kuma.io/origin";
    public static final String ZONE_LABEL = "kuma.io/zone";
    public static final String ENV_LABEL = "kuma.io/env";
    public static final String DISPLAY_NAME_LABEL = "kuma.io/display-name";
    private static final List<String> IMMUTABLE_LABELS = List.of(ORIGIN_LABEL, ZONE_LABEL, DISPLAY_NAME_LABEL);

    private final ResourceStore store;
    private final ResourceSpecs specs;
    private final KumaConfig config;
    private final List<MeshLifecycle> meshHooks;
    private final List<DeleteGuard> deleteGuards;
    private final List<WriteGuard> writeGuards;
    private final List<UpdateListener> updateListeners;

    public ResourceManager(
            ResourceStore store,
            ResourceSpecs specs,
            KumaConfig config,
            Instance<MeshLifecycle> meshHooks,
            Instance<DeleteGuard> deleteGuards,
            Instance<WriteGuard> writeGuards,
            Instance<UpdateListener> updateListeners) {
        this.store = store;
        this.specs = specs;
        this.config = config;
        this.meshHooks = meshHooks.stream().toList();
        this.deleteGuards = deleteGuards.stream().toList();
        this.writeGuards = writeGuards.stream().toList();
        this.updateListeners = updateListeners.stream().toList();
    }

    /**
     * Succeeds when the mesh exists; otherwise fails with 404 titled {@code Failed to retrieve Mesh}, which Kuma
     * checks before anything else on mesh-scoped paths.
     */
    public Uni<Resource> requireMesh(String mesh) {
        return store.get(ResourceKey.global(ResourceType.MESH, mesh))
                .onItem()
                .transform(found -> found.orElseThrow(ApiException.NotFound::new))
                .onFailure()
                .transform(Titled.as("Failed to retrieve Mesh"));
    }

    /** The resource, or a failed Uni with {@link ApiException.NotFound}. */
    public Uni<Resource> get(ResourceKey key) {
        return store.get(key).onItem().transform(found -> found.orElseThrow(ApiException.NotFound::new));
    }

    public Uni<ResourcePage> list(ListQuery query) {
        return store.list(query);
    }

    /**
     * Creates or updates the resource at {@code key} from a decoded body.
     *
     * @throws ApiException.BadRequest when the spec cannot be decoded (title {@code Bad Request})
     * @throws ApiException.Invalid    when meta or spec rules fail (title {@code Could not process a resource})
     */
    public Uni<PutResult> put(ResourceKey key, ResourceJson.Body body, WriteOptions options) {
        ResourceSpec spec = specs.of(key.type());
        var decoded = decode(key.type(), spec, body);
        var violations = new ArrayList<Violation>();
        violations.addAll(metaViolations(key, body));
        violations.addAll(spec.validate(key.mesh(), key.name(), body.labels(), decoded));
        if (!violations.isEmpty()) {
            return Uni.createFrom()
                    .failure(Titled.wrap(new ApiException.Invalid(violations), "Could not process a resource"));
        }
        Uni<List<Violation>> guarded = Uni.createFrom().item(new ArrayList<>());
        for (WriteGuard guard : writeGuards) {
            guarded = guarded.chain(found -> guard.check(key, decoded).map(more -> append(found, more)));
        }
        return guarded.chain(refused -> refused.isEmpty()
                ? createOrUpdate(key, body, decoded, options, true)
                : Uni.createFrom()
                        .failure(Titled.wrap(new ApiException.Invalid(refused), "Could not process a resource")));
    }

    // Two clients may PUT the same new resource at once: the loser of the create race retries once as an update,
    // so both succeed as they would one after the other. A lost update race is a real conflict (409).
    private Uni<PutResult> createOrUpdate(
            ResourceKey key, ResourceJson.Body body, ObjectNode spec, WriteOptions options, boolean retry) {
        return store.get(key)
                .onItem()
                .transformToUni(existing -> existing.map(current -> update(current, body, spec, options))
                        .orElseGet(() -> create(key, body, spec)
                                .onFailure(e -> retry && isAlreadyExists(e))
                                .recoverWithUni(() -> createOrUpdate(key, body, spec, options, false))));
    }

    private static boolean isAlreadyExists(Throwable e) {
        return e instanceof StoreException.AlreadyExists || e.getCause() instanceof StoreException.AlreadyExists;
    }

    private Uni<PutResult> create(ResourceKey key, ResourceJson.Body body, ObjectNode spec) {
        List<Violation> nameViolations =
                key.type() == ResourceType.MESH ? NameRules.newMeshName(key.name()) : List.of();
        Uni<List<Violation>> checks = Uni.createFrom().item(new ArrayList<>(nameViolations));
        if (key.type() == ResourceType.MESH) {
            for (MeshLifecycle hook : meshHooks) {
                checks = checks.chain(
                        found -> hook.validateCreate(key.name(), spec).map(more -> append(found, more)));
            }
        }
        var labels = computeLabels(key, body.labels());
        List<String> warnings = key.type() == ResourceType.MESH ? NameRules.meshNameWarnings(key.name()) : List.of();
        return checks.chain(violations -> {
                    if (!violations.isEmpty()) {
                        return Uni.createFrom().failure(new ApiException.Invalid(violations));
                    }
                    var draft = Resource.draft(key, labels, spec);
                    return (key.type().meshScoped() ? store.createInMesh(draft) : store.create(draft))
                            .chain(created -> key.type() == ResourceType.MESH
                                    ? afterMeshCreated(key, spec)
                                    : Uni.createFrom().voidItem());
                })
                .replaceWith(new PutResult(true, warnings))
                .onFailure()
                .transform(Titled.as("Failed to create a resource"));
    }

    private Uni<PutResult> update(Resource current, ResourceJson.Body body, ObjectNode spec, WriteOptions options) {
        var labels = computeLabels(current.key(), body.labels());
        Uni<List<Violation>> checks =
                Uni.createFrom().item(new ArrayList<>(immutableLabelViolations(current.labels(), labels)));
        Uni<Void> before = Uni.createFrom().voidItem();
        if (current.type() == ResourceType.MESH) {
            for (MeshLifecycle hook : meshHooks) {
                checks = checks.chain(found -> hook.validateUpdate(current.name(), current.spec(), spec, options)
                        .map(more -> append(found, more)));
                before = before.chain(() -> hook.updating(current.name(), spec));
            }
        }
        Uni<Void> ensure = before;
        return checks.chain(violations -> violations.isEmpty()
                        ? ensure.chain(() -> store.update(current.withSpec(spec, labels)))
                                .call(updated -> notifyUpdated(current, updated))
                        : Uni.createFrom().failure(new ApiException.Invalid(violations)))
                .replaceWith(new PutResult(false, List.of()))
                .onFailure()
                .transform(Titled.as("Failed to update a resource"));
    }

    private Uni<Void> notifyUpdated(Resource before, Resource after) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (UpdateListener listener : updateListeners) {
            chain = chain.chain(() -> listener.updated(before, after)
                    .onFailure()
                    .invoke(e -> LOG.warnf("after updating %s: %s", after.key(), e.getMessage()))
                    .onFailure()
                    .recoverWithNull());
        }
        return chain;
    }

    private static ArrayList<Violation> append(List<Violation> found, List<Violation> more) {
        var all = new ArrayList<>(found);
        all.addAll(more);
        return all;
    }

    private Uni<Void> afterMeshCreated(ResourceKey mesh, ObjectNode spec) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (MeshLifecycle hook : meshHooks) {
            chain = chain.chain(() -> hook.created(mesh.name(), spec));
        }
        return chain.onFailure().call(failure -> store.delete(mesh).onFailure().recoverWithNull());
    }

    /** Deletes the resource (a Mesh with everything in it). */
    public Uni<Void> delete(ResourceKey key) {
        Uni<List<Violation>> checks = Uni.createFrom().item(new ArrayList<>());
        for (DeleteGuard guard : deleteGuards) {
            checks = checks.chain(found -> guard.check(key).map(more -> append(found, more)));
        }
        return checks.chain(violations -> violations.isEmpty()
                        ? store.delete(key)
                        : Uni.createFrom().failure(new ApiException.Invalid(violations)))
                .onFailure(StoreException.NotFound.class)
                .transform(e -> new ApiException.NotFound());
    }

    public Uni<Long> count(ResourceType type) {
        return store.count(type);
    }

    private static ObjectNode decode(ResourceType type, ResourceSpec spec, ResourceJson.Body body) {
        try {
            return spec.decode(body.spec());
        } catch (SpecDecodingException e) {
            throw ResourceJson.bad(type, e.getMessage());
        }
    }

    /** URL/body agreement and name rules, in Kuma's order (golden {@code resource_name-mesh}). */
    static List<Violation> metaViolations(ResourceKey key, ResourceJson.Body body) {
        var v = new ArrayList<Violation>();
        if (!Objects.equals(key.name(), body.name())) {
            v.add(new Violation("name", "name from the URL has to be the same as in body"));
        }
        if (!key.type().kumaName().equals(body.type())) {
            v.add(new Violation("type", "type from the URL has to be the same as in body"));
        }
        if (key.type().meshScoped() && !key.mesh().equals(body.mesh())) {
            v.add(new Violation("mesh", "mesh from the URL has to be the same as in body"));
        }
        v.addAll(NameRules.name(body.name()));
        if (key.type().meshScoped()) {
            v.addAll(NameRules.meshOfResource(body.mesh()));
            String meshLabel = body.labels().get(MESH_LABEL);
            if (meshLabel != null && !meshLabel.equals(body.mesh())) {
                v.add(new Violation(
                        "labels[\"" + MESH_LABEL + "\"]",
                        "kuma.io/mesh label must not differ from mesh set on resource"));
            }
        }
        return v;
    }

    /**
     * Labels Kuma computes for resources created on a zone control plane (set only when the client did not):
     * mesh, origin, zone and environment. Meshes originate on a global control plane and get none.
     */
    Map<String, String> computeLabels(ResourceKey key, Map<String, String> given) {
        var labels = new LinkedHashMap<>(given);
        if (key.type() == ResourceType.MESH) {
            return labels;
        }
        if (key.type().meshScoped()) {
            labels.putIfAbsent(MESH_LABEL, key.mesh());
        }
        labels.putIfAbsent(ORIGIN_LABEL, "zone");
        labels.putIfAbsent(ZONE_LABEL, config.multizone().zone().name());
        labels.putIfAbsent(ENV_LABEL, config.environment().name());
        return labels;
    }

    static List<Violation> immutableLabelViolations(Map<String, String> before, Map<String, String> after) {
        var v = new ArrayList<Violation>();
        for (String label : IMMUTABLE_LABELS) {
            String was = before.get(label);
            String now = after.get(label);
            if (was == null || was.equals(now)) {
                continue;
            }
            String field = "labels[\"" + label + "\"]";
            v.add(
                    now == null
                            ? new Violation(field, "is immutable, cannot be removed (was \"" + was + "\")")
                            : new Violation(
                                    field, "is immutable, cannot be changed from \"" + was + "\" to \"" + now + "\""));
        }
        return v;
    }
}

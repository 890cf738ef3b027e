package io.meshtrust.rotation;

import io.meshtrust.access.AdminResourceAccess;
import io.meshtrust.authn.User;
import io.meshtrust.insights.DataplaneStatus;
import io.meshtrust.insights.model.RotationQueries;
import io.meshtrust.insights.model.RotationQueries.LaggardPage;
import io.meshtrust.insights.model.RotationQueries.LaggardQuery;
import io.meshtrust.insights.model.RotationQueries.Reason;
import io.meshtrust.mesh.Mesh;
import io.meshtrust.resources.ResourceManager;
import io.meshtrust.resources.SpecMapper;
import io.meshtrust.store.ListQuery;
import io.meshtrust.store.Resource;
import io.meshtrust.store.ResourcePage;
import io.meshtrust.store.ResourceType;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * CA rotation progress (issue 15 point 4; README, "CA rotation"): per mesh, the {@link RotationProgress} computed from
 * the store's grouped counts, and the page of data planes holding the next step up. Reading it needs read access to
 * Dataplanes, as the certificate insights do.
 */
@Singleton
public class CaRotation {

    private final ResourceManager manager;
    private final AdminResourceAccess access;
    private final RotationQueries queries;
    private final DataplaneStatus status;
    private final InstantSource clock;

    public CaRotation(
            ResourceManager manager,
            AdminResourceAccess access,
            RotationQueries queries,
            DataplaneStatus status,
            InstantSource clock) {
        this.manager = manager;
        this.access = access;
        this.queries = queries;
        this.status = status;
        this.clock = clock;
    }

    /** What the laggard page asks for. */
    public record LaggardRequest(Optional<Reason> reason, Optional<String> nameContains, int offset, int size) {}

    /** A mesh's progress with one page of its laggards (none when mTLS is off). */
    public record MeshRotation(RotationProgress progress, LaggardPage laggards, LaggardRequest request) {}

    /**
     * {@code GET /meshes/{mesh}/ca-rotation}: the mesh exists (404 first, as Kuma checks), access, then the request
     * ({@code request} may throw for a bad parameter), then the two queries.
     */
    public Uni<MeshRotation> mesh(User user, String mesh, Supplier<LaggardRequest> request) {
        return manager.requireMesh(mesh).chain(resource -> {
            access.check(user, ResourceType.DATAPLANE);
            LaggardRequest asked = request.get();
            Instant now = clock.instant();
            Instant onlineSince = status.onlineSince(now);
            Mesh.Mtls mtls = mtls(resource);
            return progress(resource, onlineSince, now).chain(progress -> {
                if (!progress.mtlsEnabled()) {
                    return Uni.createFrom().item(new MeshRotation(progress, new LaggardPage(0, List.of()), asked));
                }
                var query = new LaggardQuery(
                        mesh,
                        mtls.backends().stream().map(Mesh.Backend::name).toList(),
                        mtls.enabledBackend(),
                        onlineSince,
                        now,
                        asked.reason(),
                        asked.nameContains(),
                        asked.offset(),
                        asked.size());
                return queries.laggards(query).map(page -> new MeshRotation(progress, page, asked));
            });
        });
    }

    /** {@code GET /ca-rotation}: one page of meshes with their progress. */
    public Uni<ProgressPage> all(User user, int offset, int size) {
        access.check(user, ResourceType.DATAPLANE);
        return manager.list(ListQuery.all(ResourceType.MESH).page(offset, size))
                .chain(page -> progress(page).map(items -> new ProgressPage(page, items)));
    }

    /** A page of meshes and their progress, in the page's order. */
    public record ProgressPage(ResourcePage meshes, List<RotationProgress> items) {}

    /** The progress of each mesh of {@code page}, with one grouped query. */
    public Uni<List<RotationProgress>> progress(ResourcePage page) {
        Instant now = clock.instant();
        List<String> names = page.items().stream().map(Resource::name).toList();
        return queries.trustGroups(names, status.onlineSince(now), now)
                .map(groups -> page.items().stream()
                        .map(m -> RotationProgress.of(m.name(), mtls(m), groups.getOrDefault(m.name(), List.of())))
                        .toList());
    }

    /** The progress of one mesh now. */
    public Uni<RotationProgress> progress(Resource mesh) {
        Instant now = clock.instant();
        return progress(mesh, status.onlineSince(now), now);
    }

    private Uni<RotationProgress> progress(Resource mesh, Instant onlineSince, Instant now) {
        return queries.trustGroups(List.of(mesh.name()), onlineSince, now)
                .map(groups ->
                        RotationProgress.of(mesh.name(), mtls(mesh), groups.getOrDefault(mesh.name(), List.of())));
    }

    static Mesh.Mtls mtls(Resource mesh) {
        return SpecMapper.bind(mesh.spec(), Mesh.class).mtls();
    }
}

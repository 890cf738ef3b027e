package io.meshtrust.insights;

import io.meshtrust.access.AdminResourceAccess;
import io.meshtrust.authn.User;
import io.meshtrust.insights.model.InsightQueries;
import io.meshtrust.insights.model.InsightQueries.Overview;
import io.meshtrust.insights.model.InsightQueries.OverviewPage;
import io.meshtrust.insights.model.OverviewQuery;
import io.meshtrust.resources.ResourceManager;
import io.meshtrust.store.DataplaneInsight;
import io.meshtrust.store.InsightStore;
import io.meshtrust.store.ResourceKey;
import io.meshtrust.store.ResourceType;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The read side of Dataplanes and their insights: pages of Dataplanes (plain, with their insights, or only those that
 * have one) and single overviews and insights. Kuma's order of checks ({@code pkg/api-server/resource_endpoints.go}):
 * the mesh of a mesh-scoped request exists, then access, then the request's parameters, then
 * the query. Insight types are not admin-only, so any user may read them, as in Kuma. Answers are records; the
 * {@code *Resource} classes make HTTP of them ({@link InsightEndpoints}).
 */
@Singleton
public class DataplaneOverviews {

    private final ResourceManager manager;
    private final AdminResourceAccess access;
    private final InsightQueries queries;
    private final InsightStore insights;

    public DataplaneOverviews(
            ResourceManager manager, AdminResourceAccess access, InsightQueries queries, InsightStore insights) {
        this.manager = manager;
        this.access = access;
        this.queries = queries;
        this.insights = insights;
    }

    /**
     * A page of Dataplanes of one mesh or of every mesh.
     *
     * @param query built after the mesh and access checks (it parses the request's parameters, so a bad parameter on
     *              a missing mesh is Kuma's 404, not a 400)
     */
    public Uni<OverviewPage> list(User user, Optional<String> mesh, Supplier<OverviewQuery> query) {
        return checked(user, mesh.orElse("")).map(ignored -> query.get()).chain(queries::overview);
    }

    /** One Dataplane and its insight, if any; fails with the resource manager's not-found when it does not exist. */
    public Uni<Overview> overview(User user, ResourceKey dataplane) {
        return checked(user, dataplane.mesh())
                .chain(() -> manager.get(dataplane))
                .chain(found -> insights.get(dataplane).map(insight -> new Overview(found, insight)));
    }

    /** The insight of one Dataplane; empty when it has none (or the Dataplane does not exist). */
    public Uni<Optional<DataplaneInsight>> insight(User user, ResourceKey dataplane) {
        return checked(user, dataplane.mesh()).chain(() -> insights.get(dataplane));
    }

    private Uni<Void> checked(User user, String mesh) {
        Uni<Void> meshFirst = mesh.isEmpty()
                ? Uni.createFrom().voidItem()
                : manager.requireMesh(mesh).replaceWithVoid();
        return meshFirst.onItem().invoke(() -> access.check(user, ResourceType.DATAPLANE));
    }
}

package io.meshtrust.resources;

import io.meshtrust.access.AdminResourceAccess;
import io.meshtrust.api.ApiException;
import io.meshtrust.api.Titled;
import io.meshtrust.authn.RequestIdentity;
import io.meshtrust.store.Resource;
import io.meshtrust.store.ResourceKey;
import io.meshtrust.store.ResourceType;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * {@code GET /_kri/{kri}}: the resource a KRI names, as its own GET returns it (Kuma's
 * {@code pkg/api-server/kri_endpoint.go}). Order as in Kuma: parse (400, title {@code Bad Request}), access (the
 * same rule as GET of the type), then the lookup (404 {@code Could not retrieve a resource}); the mesh is not checked
 * first; a KRI of a Kuma type meshtrust does not store ({@link KumaTypes}) is that 404 too. An empty zone or
 * namespace part matches any (Kuma looks the plain name up first); a given one must equal
 * the resource's {@code kuma.io/zone} or {@code k8s.kuma.io/namespace} label. The section name is ignored.
 * {@code format} is checked last, as Kuma does ({@link KubernetesForm}; title {@code Could not format a resource}).
 */
@Path("/_kri")
@Produces(MediaType.APPLICATION_JSON)
public class KriResource {

    static final String TITLE_FORMAT = "Could not format a resource";

    private final ResourceManager manager;
    private final AdminResourceAccess access;
    private final RequestIdentity identity;
    private final KubernetesForm forms;

    public KriResource(
            ResourceManager manager, AdminResourceAccess access, RequestIdentity identity, KubernetesForm forms) {
        this.manager = manager;
        this.access = access;
        this.identity = identity;
        this.forms = forms;
    }

    @GET
    @Path("{kri}")
    public Uni<Response> find(@PathParam("kri") String kri, @QueryParam("format") String format) {
        return Uni.createFrom()
                .item(() -> Kri.parse(kri))
                .onFailure()
                .transform(Titled.as("Could not parse KRI"))
                .invoke(id -> id.type().stored().ifPresent(t -> access.check(identity.user(), t)))
                // Kuma formats after the lookup, with the KRI's namespace part; a bad format has its own title.
                .chain(id -> lookup(id)
                        .onFailure()
                        .transform(Titled.as(ResourceEndpoints.TITLE_GET))
                        .map(r -> ResourceEndpoints.ok(forms.render(ResourceJson.render(r), format, id.namespace())))
                        .onFailure()
                        .transform(Titled.as(TITLE_FORMAT)))
                .onFailure()
                .transform(Titled.as(ResourceEndpoints.TITLE_GET));
    }

    private Uni<Resource> lookup(Kri id) {
        // A NUL never gets here: NulCharacters answers any request target holding one.
        if (id.type().stored().isEmpty()) {
            // A Kuma type meshtrust does not store: no resource of it exists.
            return Uni.createFrom().failure(new ApiException.NotFound());
        }
        ResourceType type = id.type().stored().get();
        if (type.meshScoped() == id.mesh().isEmpty() || id.name().isEmpty()) {
            return Uni.createFrom().failure(new ApiException.NotFound());
        }
        var key = type.meshScoped()
                ? ResourceKey.inMesh(type, id.mesh(), id.name())
                : ResourceKey.global(type, id.name());
        return manager.get(key).invoke(r -> {
            if (!matches(id.zone(), r, "kuma.io/zone") || !matches(id.namespace(), r, "k8s.kuma.io/namespace")) {
                throw new ApiException.NotFound();
            }
        });
    }

    /** An empty part matches any value (Kuma tries the plain name first); a given one must equal the label. */
    private static boolean matches(String part, Resource r, String label) {
        return part.isEmpty() || part.equals(r.labels().getOrDefault(label, ""));
    }
}

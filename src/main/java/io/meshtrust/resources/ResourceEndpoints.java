package io.meshtrust.resources;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshtrust.access.AdminResourceAccess;
import io.meshtrust.api.ApiException;
import io.meshtrust.api.NextPageLink;
import io.meshtrust.api.Titled;
import io.meshtrust.authn.User;
import io.meshtrust.config.KumaConfig;
import io.meshtrust.store.Resource;
import io.meshtrust.store.ResourceKey;
import io.meshtrust.store.ResourceType;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Singleton;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Kuma's generic resource endpoints (Kuma's {@code pkg/api-server/resource_endpoints.go}: {@code findResource},
 * {@code listResources}, {@code createOrUpdateResource}, {@code deleteResource}), shared by every type's JAX-RS class:
 * GET one, list, PUT create-or-update, DELETE, with Kuma's order of checks (mesh exists, access, body, rules) and
 * titles. It lives in {@code resources/} beside {@link ResourceManager}, not in {@code api/}, because it needs the
 * store, access and configuration ({@code docs/architecture.md}).
 */
@Singleton
public class ResourceEndpoints {

    public static final String TITLE_GET = "Could not retrieve a resource";
    public static final String TITLE_LIST = "Could not retrieve resources";
    public static final String TITLE_PUT = "Could not process a resource";
    public static final String TITLE_DELETE = "Could not delete a resource";
    private final ResourceManager manager;
    private final AdminResourceAccess access;
    private final KumaConfig config;
    private final KubernetesForm forms;

    public ResourceEndpoints(
            ResourceManager manager, AdminResourceAccess access, KumaConfig config, KubernetesForm forms) {
        this.manager = manager;
        this.access = access;
        this.config = config;
        this.forms = forms;
    }

    /**
     * {@code GET .../{name}}: 200 with the resource JSON, universal or Kubernetes ({@link KubernetesForm}); the
     * format is checked after the lookup, as in Kuma.
     *
     * @param format    the {@code format} parameter, may be null
     * @param namespace the {@code namespace} parameter of the Kubernetes form, may be null
     */
    public Uni<Response> get(User user, ResourceKey key, String format, String namespace) {
        return meshFirst(key.type(), key.mesh())
                .onItem()
                .invoke(() -> access.check(user, key.type()))
                .chain(() -> manager.get(key))
                .map(r -> ok(forms.render(ResourceJson.render(r), format, namespace)))
                .onFailure()
                .transform(Titled.as(TITLE_GET));
    }

    /**
     * A stored resource for a view of it (Kuma's inspect endpoints, {@code pkg/api-server/resource_inspect_endpoints.go}):
     * the access check of its GET, then the lookup, failing with {@link ApiException.NotFound} when it is missing. No
     * title and no mesh check: each view has its own order and titles.
     */
    public Uni<Resource> read(User user, ResourceKey key) {
        return Uni.createFrom()
                .voidItem()
                .invoke(() -> access.check(user, key.type()))
                .chain(() -> manager.get(key));
    }

    /** The mesh of a view, failing with {@link ApiException.NotFound} (no title) when it does not exist. */
    public Uni<Resource> mesh(String mesh) {
        return manager.get(ResourceKey.global(ResourceType.MESH, mesh));
    }

    /**
     * {@code GET} of a collection: {@code {"total", "items", "next"}}.
     *
     * @param mesh      the mesh of a mesh-scoped path, empty for all meshes or global types
     * @param routePath the route template, used in filter violations
     */
    public Uni<Response> list(
            User user,
            ResourceType type,
            Optional<String> mesh,
            HttpServerRequest request,
            UriInfo uri,
            String routePath) {
        return meshFirst(type, mesh.orElse(""))
                .onItem()
                .invoke(() -> access.check(user, type))
                .map(ignored -> ListRequest.parse(type, mesh, uri.getQueryParameters(), routePath))
                .chain(query -> manager.list(query)
                        .map(page -> ok(listBody(
                                page.total(),
                                page.items().stream().map(ResourceJson::render).toList(),
                                page.nextOffset(),
                                request,
                                uri))))
                .onFailure()
                .transform(Titled.as(TITLE_LIST));
    }

    /** {@code PUT .../{name}}: 201 when created, 200 when updated; body {@code {}} or {@code {"warnings": […]}}. */
    public Uni<Response> put(User user, ResourceKey key, byte[] body) {
        return put(user, key, body, false);
    }

    /**
     * {@code PUT .../{name}} with {@code force}: the caller overrides the mesh guards that allow it (the CA-rotation
     * gate; {@link WriteOptions}).
     */
    public Uni<Response> put(User user, ResourceKey key, byte[] body, boolean force) {
        return meshFirst(key.type(), key.mesh())
                .onItem()
                .invoke(() -> writable())
                .onItem()
                .invoke(() -> access.check(user, key.type()))
                .map(ignored -> ResourceJson.parse(key.type(), body))
                .chain(parsed -> manager.put(key, parsed, new WriteOptions(user.name(), force)))
                .map(ResourceEndpoints::putResponse)
                .onFailure()
                .transform(Titled.as(TITLE_PUT));
    }

    /** {@code DELETE .../{name}}: 200 {@code {}}. */
    public Uni<Response> delete(User user, ResourceKey key) {
        return meshFirst(key.type(), key.mesh())
                .onItem()
                .invoke(() -> writable())
                .onItem()
                .invoke(() -> access.check(user, key.type()))
                .chain(() -> manager.delete(key))
                .map(ignored -> ok(JsonNodeFactory.instance.objectNode()))
                .onFailure()
                .transform(Titled.as(TITLE_DELETE));
    }

    /**
     * {@code PUT} or {@code DELETE} of a read-only type (Kuma's {@code ws.read_only}: insights, which the control plane
     * maintains): 405, whatever the path names.
     */
    public Uni<Response> readOnly(String kumaType) {
        return Uni.createFrom()
                .failure(
                        new ApiException.MethodNotAllowed(
                                kumaType
                                        + " is a read-only resource maintained by the control plane: it cannot be created, changed or deleted"));
    }

    /** A collection inside a mesh that meshtrust does not serve: 404, after the mesh check. */
    public Uni<Response> unknownCollection(String mesh) {
        return meshFirst(ResourceType.SECRET, mesh)
                .onItem()
                .<Response>transform(ignored -> {
                    throw new ApiException.NotFound();
                })
                .onFailure()
                .transform(Titled.as(TITLE_LIST));
    }

    /** Answers 404 {@code Failed to retrieve Mesh} before anything else when a mesh-scoped path names no mesh. */
    public Uni<Void> meshFirst(ResourceType type, String mesh) {
        if (!type.meshScoped() || mesh.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return manager.requireMesh(mesh).replaceWithVoid();
    }

    private void writable() {
        if (config.apiServer().readOnly()) {
            throw new ApiException.MethodNotAllowed(
                    "The API server is read-only (KUMA_API_SERVER_READ_ONLY=true): resources cannot be changed");
        }
    }

    private static Response putResponse(PutResult result) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        if (!result.warnings().isEmpty()) {
            ArrayNode warnings = body.putArray("warnings");
            result.warnings().forEach(warnings::add);
        }
        return Response.status(result.created() ? 201 : 200)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(body)
                .build();
    }

    /** Kuma's list body: {@code {"total", "items", "next"}}, {@code next} an absolute link or null. */
    public static ObjectNode listBody(
            long total,
            List<? extends JsonNode> items,
            OptionalInt nextOffset,
            HttpServerRequest request,
            UriInfo uri) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("total", total);
        ArrayNode array = body.putArray("items");
        items.forEach(array::add);
        if (nextOffset.isPresent()) {
            body.put("next", next(request, uri, nextOffset.getAsInt()));
        } else {
            body.putNull("next");
        }
        return body;
    }

    private static String next(HttpServerRequest request, UriInfo uri, int offset) {
        return NextPageLink.of(request, uri.getQueryParameters(), offset);
    }

    public static Response ok(Object body) {
        return Response.ok(body, MediaType.APPLICATION_JSON_TYPE).build();
    }
}

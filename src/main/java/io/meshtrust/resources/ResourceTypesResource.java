package io.meshtrust.resources;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshtrust.config.KumaConfig;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Comparator;
import java.util.List;

/**
 * {@code GET /_resources}: the resource types this server serves, in Kuma's {@code ResourceTypeDescriptionList} shape
 * ({@code pkg/api-server/mappers/resource_type_description.go}, golden
 * {@code pkg/api-server/testdata/base_endpoints/_resources.golden.json}), sorted by name. Kuma's GUI builds its menus
 * and paths from it. Only the types meshtrust answers are listed; MeshIdentity and MeshTrust are read-only here
 * because meshtrust answers their lists (always empty) but cannot store them. With
 * {@code KUMA_API_SERVER_READ_ONLY} every type is read-only, as in Kuma.
 */
@Path("/_resources")
@Produces(MediaType.APPLICATION_JSON)
public class ResourceTypesResource {

    /** One row of Kuma's list; {@code global} is Kuma's scope {@code Global} (else {@code Mesh}). */
    record Description(
            String name,
            String path,
            String singular,
            String plural,
            boolean global,
            boolean readOnly,
            boolean includeInFederation) {}

    static final List<Description> TYPES = List.of(
            new Description("Dataplane", "dataplanes", "Dataplane", "Dataplanes", false, false, false),
            new Description(
                    "DataplaneInsight",
                    "dataplane-insights",
                    "Dataplane Insight",
                    "Dataplane Insights",
                    false,
                    true,
                    false),
            new Description("GlobalSecret", "globalsecrets", "Global Secret", "Global Secrets", true, false, true),
            new Description("Mesh", "meshes", "Mesh", "Meshes", true, false, true),
            new Description("MeshIdentity", "meshidentities", "Mesh Identity", "Mesh Identities", false, true, true),
            new Description("MeshInsight", "mesh-insights", "Mesh Insight", "Mesh Insights", true, true, false),
            new Description("MeshTrust", "meshtrusts", "Mesh Trust", "Mesh Trusts", false, true, true),
            new Description("Secret", "secrets", "Secret", "Secrets", false, false, true));

    private final KumaConfig config;

    public ResourceTypesResource(KumaConfig config) {
        this.config = config;
    }

    @GET
    public ObjectNode resources() {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        ArrayNode list = body.putArray("resources");
        boolean serverReadOnly = config.apiServer().readOnly();
        TYPES.stream()
                .sorted(Comparator.comparing(Description::name))
                .forEach(t -> list.addObject()
                        .put("includeInFederation", t.includeInFederation())
                        .put("name", t.name())
                        .put("path", t.path())
                        .put("pluralDisplayName", t.plural())
                        .put("readOnly", serverReadOnly || t.readOnly())
                        .put("scope", t.global() ? "Global" : "Mesh")
                        .put("singularDisplayName", t.singular()));
        return body;
    }
}

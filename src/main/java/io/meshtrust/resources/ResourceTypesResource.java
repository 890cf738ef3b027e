package io.meshtrust.resources;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshtrust.config.KumaConfig;
import io.meshtrust.resources.KumaTypes.Answer;
import io.meshtrust.resources.KumaTypes.KumaType;
import io.smallrye.common.annotation.NonBlocking;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * {@code GET /_resources}: every type meshtrust answers ({@link KumaTypes}), in Kuma's
 * {@code ResourceTypeDescriptionList} shape ({@code pkg/api-server/mappers/resource_type_description.go}, golden
 * {@code pkg/api-server/testdata/base_endpoints/_resources.golden.json}), sorted by name: every field Kuma's OpenAPI
 * marks required ({@code api/openapi/specs/common/resource.yaml}; {@code shortName} {@code ""} when the type has
 * none) and {@code policy} for policy types only (Kuma's GUI groups by {@code "policy" in item}). Kuma's GUI builds its
 * menus and paths from it.
 *
 * <p>One field is meshtrust's own: {@code stored}, false for the types meshtrust keeps nothing of (their lists are
 * always empty); those are {@code readOnly}. With {@code KUMA_API_SERVER_READ_ONLY} every type is read-only, as in
 * Kuma.
 */
@Path("/_resources")
@Produces(MediaType.APPLICATION_JSON)
public class ResourceTypesResource {

    private final KumaConfig config;

    public ResourceTypesResource(KumaConfig config) {
        this.config = config;
    }

    @GET
    @NonBlocking
    public ObjectNode resources() {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        ArrayNode list = body.putArray("resources");
        boolean serverReadOnly = config.apiServer().readOnly();
        KumaTypes.ALL.forEach(t -> list.add(description(t, serverReadOnly)));
        return body;
    }

    static ObjectNode description(KumaType t, boolean serverReadOnly) {
        boolean stored = t.answer() != Answer.EMPTY;
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("includeInFederation", t.includeInFederation());
        json.put("name", t.name());
        json.put("path", t.path());
        json.put("pluralDisplayName", t.plural());
        t.policy()
                .ifPresent(p -> json.putObject("policy")
                        .put("hasFromTargetRef", false)
                        .put("hasRulesTargetRef", p.hasRulesTargetRef())
                        .put("hasToTargetRef", p.hasToTargetRef())
                        .put("isFromAsRules", false)
                        .put("isTargetRef", true));
        json.put("readOnly", serverReadOnly || t.readOnly() || !stored);
        json.put("scope", t.scope());
        json.put("shortName", t.shortName());
        json.put("singularDisplayName", t.singular());
        json.put("stored", stored);
        return json;
    }
}

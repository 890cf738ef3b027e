package io.meshtrust.resources;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshtrust.api.ApiException;
import io.meshtrust.store.Resource;
import io.meshtrust.store.ResourceType;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Kuma's "universal" JSON for legacy resources: meta keys first ({@code type, mesh, name, creationTime,
 * modificationTime, labels, kri}), then the spec fields at top level (docs/kuma-ca-insights.md §1.1, §7.4).
 */
public final class ResourceJson {

    private static final Set<String> META_KEYS =
            Set.of("type", "mesh", "name", "creationTime", "modificationTime", "labels", "kri");

    private ResourceJson() {}

    /** A decoded request body: the meta the client sent and the raw spec fields. */
    public record Body(String type, String mesh, String name, Map<String, String> labels, ObjectNode spec) {}

    /** The JSON of a stored resource. */
    public static ObjectNode render(Resource r) {
        ObjectNode json = meta(r, r.type().kumaName());
        r.spec().fields().forEachRemaining(e -> json.set(e.getKey(), e.getValue()));
        return json;
    }

    /**
     * The meta keys of a stored resource under another {@code type}, for views of it such as Kuma's
     * {@code DataplaneOverview}, whose meta is the Dataplane's.
     */
    public static ObjectNode meta(Resource r, String type) {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("type", type);
        if (!r.mesh().isEmpty()) {
            json.put("mesh", r.mesh());
        }
        json.put("name", r.name());
        json.put("creationTime", time(r.creationTime()));
        json.put("modificationTime", time(r.modificationTime()));
        if (!r.labels().isEmpty()) {
            ObjectNode labels = json.putObject("labels");
            r.labels().forEach(labels::put);
        }
        String shortName = KumaTypes.of(r.type()).shortName();
        if (!shortName.isEmpty()) {
            json.put("kri", kri(shortName, r));
        }
        return json;
    }

    /**
     * Kuma's resource identifier: {@code kri_<short>_<mesh>_<zone>_<namespace>_<name>_<section>}; a Mesh's own
     * mesh field is empty.
     */
    static String kri(String shortName, Resource r) {
        return kri(shortName, r, "");
    }

    /**
     * The identifier of a section of a stored resource (Kuma's {@code kri.WithSectionName(kri.From(r), section)}),
     * such as a Dataplane's inbound {@code kri_dp_default_zone-1__web-1_main-port}; {@code ""} for the resource.
     */
    public static String kri(Resource r, String sectionName) {
        return kri(KumaTypes.of(r.type()).shortName(), r, sectionName);
    }

    private static String kri(String shortName, Resource r, String sectionName) {
        String zone = r.labels().getOrDefault("kuma.io/zone", "");
        String namespace = r.labels().getOrDefault("k8s.kuma.io/namespace", "");
        String mesh = r.type() == ResourceType.MESH ? "" : r.mesh();
        return String.join("_", "kri", shortName, mesh, zone, namespace, r.name(), sectionName);
    }

    static String time(Instant t) {
        return t == null ? null : t.toString();
    }

    /**
     * Decodes a request body for {@code type}; the JSON is read by {@link JsonBodies}, with its limits.
     *
     * @throws ApiException.BadRequest with Kuma's {@code invalid <Type> object: "<reason>"} detail
     */
    public static Body parse(ResourceType type, byte[] body) {
        if (body == null || body.length == 0) {
            throw bad(type, "the request body is empty; send the resource as JSON");
        }
        ObjectNode json;
        try {
            json = JsonBodies.readObject(body);
        } catch (JsonBodies.MalformedJsonException e) {
            throw bad(type, e.getMessage());
        }
        ObjectNode spec = JsonNodeFactory.instance.objectNode();
        json.fields().forEachRemaining(e -> {
            if (!META_KEYS.contains(e.getKey())) {
                spec.set(e.getKey(), e.getValue());
            }
        });
        return new Body(
                text(type, json, "type"), text(type, json, "mesh"), text(type, json, "name"), labels(type, json), spec);
    }

    private static String text(ResourceType type, JsonNode json, String field) {
        JsonNode v = json.get(field);
        if (v == null || v.isNull()) {
            return "";
        }
        if (!v.isTextual()) {
            throw bad(type, field + ": expected a string");
        }
        return v.textValue();
    }

    private static Map<String, String> labels(ResourceType type, JsonNode json) {
        JsonNode v = json.get("labels");
        if (v == null || v.isNull()) {
            return Map.of();
        }
        if (!v.isObject()) {
            throw bad(type, "labels: expected an object of strings");
        }
        Map<String, String> labels = new LinkedHashMap<>();
        v.fields().forEachRemaining(e -> {
            if (!e.getValue().isTextual()) {
                throw bad(type, "labels." + e.getKey() + ": expected a string");
            }
            labels.put(e.getKey(), e.getValue().textValue());
        });
        return labels;
    }

    static ApiException.BadRequest bad(ResourceType type, String reason) {
        return new ApiException.BadRequest("invalid " + type.kumaName() + " object: \"" + reason + "\"");
    }
}

package io.meshtrust.store.postgres;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshtrust.store.Resource;
import io.meshtrust.store.ResourceKey;
import io.meshtrust.store.ResourceType;
import java.time.Instant;
import java.util.Map;

/** Converts between {@link Resource} records and {@link ResourceEntity} rows. */
final class ResourceRows {

    // A private mapper: what is stored must not change when the REST layer customises its ObjectMapper.
    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final TypeReference<Map<String, String>> LABELS = new TypeReference<>() {};

    private ResourceRows() {}

    static ResourceEntity.Key id(ResourceKey key) {
        return new ResourceEntity.Key(key.type().kumaName(), key.mesh(), key.name());
    }

    static ResourceEntity toEntity(Resource r, Instant created, Instant modified, long version) {
        var e = new ResourceEntity();
        e.type = r.type().kumaName();
        e.mesh = r.mesh();
        e.name = r.name();
        e.version = version;
        e.creationTime = created;
        e.modificationTime = modified;
        e.labels = labelsJson(r.labels());
        e.spec = specJson(r.spec());
        return e;
    }

    static Resource toResource(ResourceEntity e) {
        var type = ResourceType.byKumaName(e.type)
                .orElseThrow(() -> new IllegalStateException("unknown resource type in the database: " + e.type));
        return new Resource(
                new ResourceKey(type, e.mesh, e.name),
                e.creationTime,
                e.modificationTime,
                parse(e.labels, LABELS),
                parse(e.spec, ObjectNode.class),
                e.version);
    }

    static String labelsJson(Map<String, String> labels) {
        return write(labels);
    }

    static String specJson(ObjectNode spec) {
        return write(spec);
    }

    private static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            // Maps of strings and ObjectNodes always serialise; say what, not the content.
            throw new IllegalStateException("cannot serialise a resource to JSON", e);
        }
    }

    private static <T> T parse(String json, Class<T> type) {
        try {
            return JSON.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored resource JSON is not a " + type.getSimpleName(), null);
        }
    }

    private static <T> T parse(String json, TypeReference<T> type) {
        try {
            return JSON.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored resource labels are not a string map", null);
        }
    }
}

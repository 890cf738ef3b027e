package io.meshtrust.store;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/** Test data: unsaved resources of each type. */
public final class Resources {

    private Resources() {}

    public static Resource mesh(String name) {
        return Resource.draft(ResourceKey.global(ResourceType.MESH, name), Map.of(), spec("mtls", "none"));
    }

    public static Resource secret(String mesh, String name) {
        return secret(mesh, name, Map.of());
    }

    public static Resource secret(String mesh, String name, Map<String, String> labels) {
        return Resource.draft(ResourceKey.inMesh(ResourceType.SECRET, mesh, name), labels, spec("data", "c2VjcmV0"));
    }

    public static Resource globalSecret(String name) {
        return Resource.draft(ResourceKey.global(ResourceType.GLOBAL_SECRET, name), Map.of(), spec("data", "Z2xvYmFs"));
    }

    /** A small spec with nesting, an array and non-ASCII text, to see JSON survive the store. */
    public static ObjectNode spec(String key, String value) {
        var spec = JsonNodeFactory.instance.objectNode();
        spec.put(key, value);
        spec.putObject("nested").put("n", 42).put("flag", true).put("text", "zürich \"quoted\"");
        spec.putArray("list").add("a").add(1);
        return spec;
    }
}

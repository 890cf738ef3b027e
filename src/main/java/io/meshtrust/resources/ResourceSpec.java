package io.meshtrust.resources;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshtrust.api.Violation;
import io.meshtrust.store.ResourceType;
import java.util.List;
import java.util.Map;

/**
 * What a feature tells the generic resource machinery about its type: how to decode the spec part of the JSON
 * and which rules it must satisfy. One implementation per {@link ResourceType}, as a CDI bean.
 */
public interface ResourceSpec {

    ResourceType type();

    /**
     * Decodes the spec fields of a request body (everything but the meta keys) into the canonical form that is
     * stored and returned: known fields type-checked, unknown fields dropped, zero values omitted (protobuf JSON).
     *
     * @throws SpecDecodingException when a known field has the wrong JSON type or an undecodable value
     */
    ObjectNode decode(ObjectNode raw);

    /** Spec rules (Kuma's {@code Validate()}), as violations in Kuma's order; empty when valid. */
    default List<Violation> validate(String mesh, String name, ObjectNode spec) {
        return List.of();
    }

    /** As {@link #validate(String, String, ObjectNode)}, for types whose rules also read the labels. */
    default List<Violation> validate(String mesh, String name, Map<String, String> labels, ObjectNode spec) {
        return validate(mesh, name, spec);
    }
}

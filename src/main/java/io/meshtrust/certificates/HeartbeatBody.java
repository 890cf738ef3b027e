package io.meshtrust.certificates;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshtrust.api.Violation;
import io.meshtrust.resources.JsonBodies;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The optional body of {@code POST .../heartbeat}: {@code {"version": <Version>}}, where {@code Version} is Kuma's
 * ({@code api/mesh/v1alpha1/dataplane_insight.proto}: {@code kumaDp {version, gitTag, gitCommit, buildDate}},
 * {@code envoy {version, build, kumaDpCompatible}}, {@code dependencies {name: version}}), the object kuma-dp sends
 * as the {@code version} field of its xDS node metadata ({@code pkg/core/xds/metadata.go}, {@code FieldVersion};
 * {@code pkg/xds/bootstrap/types/bootstrap_request.go}, {@code Version}). So a Kuma-based client forwards what it
 * already has, and meshtrust's own agent states itself in the same shape.
 *
 * <p>The version returned is rebuilt from the known fields in protobuf JSON's form (empty strings and {@code false}
 * omitted, {@code dependencies} only when not empty), so what is stored is bounded and never carries unknown keys.
 * {@code kumaDp.version} is required: a version statement without the version number would render as nothing.
 * {@code kumaDp.kumaCpCompatible} is refused: Kuma's control plane computes it from its own version
 * ({@code pkg/core/xds/metadata.go}, {@code DeploymentVersionCompatible}), it is not the data plane's to say, and
 * meshtrust, not being a kuma-cp, does not judge it.
 */
final class HeartbeatBody {

    static final int MAX_BODY = DataplaneCertificateResource.MAX_BODY;
    static final int MAX_STRING = 256;
    static final int MAX_DEPENDENCIES = 32;
    static final int MAX_DEPENDENCY_NAME = 128;

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final Set<String> VERSION_FIELDS = Set.of("kumaDp", "envoy", "dependencies");
    private static final Set<String> KUMA_DP_STRINGS = Set.of("version", "gitTag", "gitCommit", "buildDate");
    private static final Set<String> ENVOY_STRINGS = Set.of("version", "build");

    private HeartbeatBody() {}

    /** A heartbeat body that cannot be used: malformed (no violations) or with field violations. */
    static final class InvalidHeartbeatException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        private final transient List<Violation> violations;

        InvalidHeartbeatException(String message, List<Violation> violations) {
            super(message, null, false, false);
            this.violations = List.copyOf(violations);
        }

        /** Empty when the body is not a JSON object at all. */
        List<Violation> violations() {
            return violations;
        }
    }

    /**
     * @return the stated version, or null when the body states none (empty, {@code {}}, {@code {"version": null}})
     * @throws InvalidHeartbeatException when the body is not one JSON object or a field is wrong (every violation
     *     at once)
     */
    static ObjectNode version(byte[] body) {
        if (body == null || body.length == 0) {
            return null;
        }
        if (body.length > MAX_BODY) {
            throw new InvalidHeartbeatException(
                    "too large", List.of(new Violation("", "request body is larger than " + MAX_BODY + " bytes")));
        }
        ObjectNode json;
        try {
            json = JsonBodies.readObject(body);
        } catch (JsonBodies.MalformedJsonException e) {
            throw new InvalidHeartbeatException(
                    e.getMessage() + ": send no body, {} or {\"version\": {\"kumaDp\": {\"version\": \"<version>\"}}}",
                    List.of());
        }
        List<Violation> violations = new ArrayList<>();
        unknown(json, Set.of("version"), "", "version", violations);
        JsonNode version = json.get("version");
        if (version == null || version.isNull()) {
            check(violations);
            return null;
        }
        if (!version.isObject()) {
            violations.add(new Violation(
                    "version",
                    "must be an object: {\"kumaDp\": {\"version\": …}, \"envoy\": {…}, \"dependencies\": {…}}"));
            check(violations);
        }
        ObjectNode out = JSON.objectNode();
        unknown(version, VERSION_FIELDS, "version.", "kumaDp, envoy or dependencies", violations);
        kumaDp(version.get("kumaDp"), out, violations);
        envoy(version.get("envoy"), out, violations);
        dependencies(version.get("dependencies"), out, violations);
        check(violations);
        return out;
    }

    private static void kumaDp(JsonNode node, ObjectNode out, List<Violation> violations) {
        String at = "version.kumaDp";
        if (node == null || node.isNull()) {
            violations.add(new Violation(at, "required: the reporting client's version, {\"version\": \"1.2.3\"}"));
            return;
        }
        if (!object(node, at, violations)) {
            return;
        }
        ObjectNode kumaDp = JSON.objectNode();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (field.equals("kumaCpCompatible")) {
                violations.add(new Violation(
                        at + ".kumaCpCompatible",
                        "is the control plane's judgement, not the data plane's (Kuma computes it; meshtrust does not"
                                + " judge compatibility): leave it out"));
            } else if (!KUMA_DP_STRINGS.contains(field)) {
                violations.add(new Violation(
                        at + "." + field, "unknown field: expected version, gitTag, gitCommit or buildDate"));
            }
        }
        for (String field : List.of("version", "gitTag", "gitCommit", "buildDate")) {
            string(node.get(field), at + "." + field, field, kumaDp, violations);
        }
        if (!kumaDp.has("version")
                && violations.stream().noneMatch(v -> v.field().equals(at + ".version"))) {
            violations.add(new Violation(at + ".version", "required: a non-empty string, e.g. \"1.2.3\""));
        }
        out.set("kumaDp", kumaDp);
    }

    private static void envoy(JsonNode node, ObjectNode out, List<Violation> violations) {
        String at = "version.envoy";
        if (node == null || node.isNull() || !object(node, at, violations)) {
            return;
        }
        unknown(
                node,
                Set.of("version", "build", "kumaDpCompatible"),
                at + ".",
                "version, build or kumaDpCompatible",
                violations);
        ObjectNode envoy = JSON.objectNode();
        for (String field : List.of("version", "build")) {
            string(node.get(field), at + "." + field, field, envoy, violations);
        }
        JsonNode compatible = node.get("kumaDpCompatible");
        if (compatible != null && !compatible.isNull()) {
            if (!compatible.isBoolean()) {
                violations.add(new Violation(at + ".kumaDpCompatible", "must be true or false"));
            } else if (compatible.booleanValue()) {
                envoy.put("kumaDpCompatible", true);
            }
        }
        out.set("envoy", envoy);
    }

    private static void dependencies(JsonNode node, ObjectNode out, List<Violation> violations) {
        String at = "version.dependencies";
        if (node == null || node.isNull() || !object(node, at, violations)) {
            return;
        }
        if (node.size() > MAX_DEPENDENCIES) {
            violations.add(new Violation(at, "at most " + MAX_DEPENDENCIES + " entries"));
            return;
        }
        ObjectNode dependencies = JSON.objectNode();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            var entry = it.next();
            String name = entry.getKey();
            if (name.isBlank() || name.length() > MAX_DEPENDENCY_NAME) {
                violations.add(new Violation(
                        at, "names must be non-empty and at most " + MAX_DEPENDENCY_NAME + " characters"));
                continue;
            }
            if (entry.getValue().isNull()) {
                continue;
            }
            string(entry.getValue(), at + "." + name, name, dependencies, violations);
        }
        if (!dependencies.isEmpty()) {
            out.set("dependencies", dependencies);
        }
    }

    /** A string field: copied when not empty (protobuf JSON omits empty strings); null is absent. */
    private static void string(JsonNode node, String at, String key, ObjectNode into, List<Violation> violations) {
        if (node == null || node.isNull()) {
            return;
        }
        if (!node.isTextual()) {
            violations.add(new Violation(at, "must be a string"));
        } else if (node.textValue().length() > MAX_STRING) {
            violations.add(new Violation(at, "must be at most " + MAX_STRING + " characters"));
        } else if (!node.textValue().isBlank()) {
            into.put(key, node.textValue());
        }
    }

    private static boolean object(JsonNode node, String at, List<Violation> violations) {
        if (!node.isObject()) {
            violations.add(new Violation(at, "must be an object"));
            return false;
        }
        return true;
    }

    private static void unknown(JsonNode node, Set<String> known, String prefix, String expected, List<Violation> out) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!known.contains(field)) {
                out.add(new Violation(prefix + field, "unknown field: expected " + expected));
            }
        }
    }

    private static void check(List<Violation> violations) {
        if (!violations.isEmpty()) {
            throw new InvalidHeartbeatException("invalid heartbeat", violations);
        }
    }
}

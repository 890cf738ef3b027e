package io.meshtrust.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshtrust.openapi.JaxRsRoutes.Route;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What an OpenAPI document says against the routes the code serves, as sentences naming the route, the method and
 * the document to fix ({@link OpenApiDocumentTest} asserts each list is empty).
 */
final class RouteCoverage {

    static final Set<String> VERBS = Set.of("get", "put", "post", "delete", "patch", "head", "options");

    private final JsonNode doc;
    private final String where;

    /**
     * @param doc   the document, as a tree
     * @param where how the failures name it, e.g. {@code " in src/main/resources/META-INF/openapi.yaml"}
     */
    RouteCoverage(JsonNode doc, String where) {
        this.doc = doc;
        this.where = where;
    }

    /** Routes whose path, or whose method on that path, the document does not describe. */
    List<String> undescribed(List<Route> routes) {
        List<String> missing = new ArrayList<>();
        for (Route r : routes) {
            JsonNode item = doc.path("paths").path(r.path());
            if (item.isMissingNode()) {
                missing.add("path " + r.path() + " is missing" + where + " (route " + r.label() + ")");
            } else if (!item.has(r.method().toLowerCase())) {
                missing.add("method " + r.method().toLowerCase() + " of " + r.path() + " is missing" + where
                        + " (route " + r.label() + ")");
            }
        }
        return missing;
    }

    /** Described operations that no route serves. */
    List<String> unserved(List<Route> routes) {
        Set<String> served = new HashSet<>();
        routes.forEach(r -> served.add(r.method() + " " + r.path()));
        List<String> extra = new ArrayList<>();
        for (Map.Entry<String, JsonNode> path : entries(doc.path("paths"))) {
            for (Map.Entry<String, JsonNode> op : entries(path.getValue())) {
                if (VERBS.contains(op.getKey()) && !served.contains(op.getKey().toUpperCase() + " " + path.getKey())) {
                    extra.add(op.getKey() + " " + path.getKey() + where + " is no JAX-RS route of io.meshtrust");
                }
            }
        }
        return extra;
    }

    /**
     * Path parameters that differ from the route's template, {@code @QueryParam}s not described, described query
     * parameters a route cannot read (one that reads no query string itself), bodies read but not described or the
     * other way round.
     */
    List<String> parameterMismatches(List<Route> routes) {
        List<String> wrong = new ArrayList<>();
        for (Route r : routes) {
            JsonNode item = doc.path("paths").path(r.path());
            JsonNode op = item.path(r.method().toLowerCase());
            if (op.isMissingNode()) {
                continue; // reported by undescribed()
            }
            String at = r.method() + " " + r.path() + where;
            Set<String> documentedPath = parameters(item, op, "path");
            Set<String> documentedQuery = parameters(item, op, "query");
            if (!documentedPath.equals(r.pathParams())) {
                wrong.add(at + ": path parameters " + new TreeSet<>(documentedPath) + ", the route has "
                        + new TreeSet<>(r.pathParams()));
            }
            for (String q : r.queryParams()) {
                if (!documentedQuery.contains(q)) {
                    wrong.add(at + ": query parameter " + q + " (@QueryParam of " + r.javaMethod()
                            + ") is not described");
                }
            }
            if (!r.readsAnyQuery()) {
                for (String q : documentedQuery) {
                    if (!r.queryParams().contains(q)) {
                        wrong.add(at + ": query parameter " + q + " is described but " + r.javaMethod()
                                + " reads no such parameter");
                    }
                }
            }
            boolean documentedBody = op.has("requestBody");
            if (r.hasBody() != documentedBody) {
                wrong.add(at
                        + (r.hasBody()
                                ? ": " + r.javaMethod() + " reads a request body, describe it (requestBody)"
                                : ": requestBody is described but " + r.javaMethod() + " reads no body"));
            }
        }
        return wrong;
    }

    /** Names of the parameters {@code in} a place, from the path item and the operation, references resolved. */
    Set<String> parameters(JsonNode item, JsonNode op, String in) {
        Set<String> names = new LinkedHashSet<>();
        for (JsonNode level : List.of(item.path("parameters"), op.path("parameters"))) {
            for (JsonNode p : level) {
                JsonNode resolved = resolve(p);
                if (in.equals(resolved.path("in").asText())) {
                    names.add(resolved.path("name").asText());
                }
            }
        }
        return names;
    }

    JsonNode resolve(JsonNode node) {
        JsonNode current = node;
        for (int i = 0; i < 10 && current.has("$ref"); i++) {
            String ref = current.get("$ref").asText();
            if (!ref.startsWith("#/")) {
                throw new AssertionError("only local references are resolved here: " + ref);
            }
            current = doc.at(ref.substring(1));
        }
        return current;
    }

    static List<Map.Entry<String, JsonNode>> entries(JsonNode node) {
        List<Map.Entry<String, JsonNode>> out = new ArrayList<>();
        node.fields().forEachRemaining(out::add);
        return out;
    }
}

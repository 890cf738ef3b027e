package io.meshtrust.resources;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshtrust.api.ApiException;
import io.meshtrust.config.KumaConfig;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Set;

/**
 * The {@code format} query parameter of a single GET (Kuma's {@code formatResource} in
 * {@code pkg/api-server/resource_crud_endpoints.go}): {@code universal} or nothing is the universal JSON,
 * {@code k8s} and {@code kubernetes} the Kubernetes object Kuma infers in universal mode, anything else Kuma's 400.
 * Kuma checks the value after the resource is found, so a missing resource stays a 404 whatever the format; lists
 * ignore the parameter.
 *
 * <p>The Kubernetes form is Kuma's inference mapper ({@code pkg/plugins/resources/k8s/mapper.go},
 * {@code NewInferenceMapper}) applied to the CRDs of {@code pkg/plugins/resources/k8s/native/api/v1alpha1/
 * zz_generated.mesh.go}: {@code kind}, {@code apiVersion: kuma.io/v1alpha1}, {@code metadata} with only
 * {@code name}, {@code namespace} (namespaced kinds: the {@code namespace} parameter, else
 * {@code KUMA_STORE_KUBERNETES_SYSTEM_NAMESPACE}) and {@code creationTimestamp} (whole seconds, UTC), the resource's
 * {@code mesh} at top level when it has one, and the spec under {@code spec}, or {@code status} for
 * DataplaneInsight. The mapper copies no labels. Secrets and GlobalSecrets are Kubernetes {@code v1} Secrets of type
 * {@code system.kuma.io/secret} (label {@code kuma.io/mesh}) or {@code system.kuma.io/global-secret}, the data under
 * {@code data.value} ({@code pkg/plugins/secrets/k8s/mapper.go}, {@code secret.go}). Keys are in the order Kuma's
 * structs write them.
 *
 * <p>It works on the universal JSON, so the two forms cannot disagree: the spec is the universal JSON without its
 * meta keys.
 */
@Singleton
public class KubernetesForm {

    static final String API_VERSION = "kuma.io/v1alpha1";
    static final String FORMAT_MESSAGE = "\"format\" must be one of [\"k8s\", \"kubernetes\", \"universal\"]";

    /** The universal meta keys ({@link ResourceJson}); everything else is the spec. */
    private static final Set<String> META_KEYS =
            Set.of("type", "mesh", "name", "creationTime", "modificationTime", "labels", "kri");

    /** How a kind is written, from Kuma's CRD ({@code Scope()}, and {@code spec} or {@code status}). */
    private record Crd(boolean namespaced, String body) {}

    private static final Map<String, Crd> CRDS = Map.of(
            "Mesh", new Crd(false, "spec"),
            "Dataplane", new Crd(true, "spec"),
            "DataplaneInsight", new Crd(true, "status"),
            "MeshInsight", new Crd(false, "spec"));

    /** Kuma's Kubernetes Secret types ({@code pkg/plugins/common/k8s/names.go}). */
    private static final Map<String, String> SECRET_TYPES =
            Map.of("Secret", "system.kuma.io/secret", "GlobalSecret", "system.kuma.io/global-secret");

    private final String systemNamespace;

    @Inject
    public KubernetesForm(KumaConfig config) {
        this(config.store().kubernetes().systemNamespace());
    }

    KubernetesForm(String systemNamespace) {
        this.systemNamespace = systemNamespace;
    }

    /** Whether {@code format} asks for the Kubernetes form; other values than Kuma's three are its 400. */
    public static boolean kubernetes(String format) {
        if (format == null || format.isEmpty() || format.equals("universal")) {
            return false;
        }
        if (format.equals("k8s") || format.equals("kubernetes")) {
            return true;
        }
        throw ApiException.Invalid.of("", FORMAT_MESSAGE);
    }

    /**
     * The body of a single GET in the asked-for format.
     *
     * @param universal the resource's universal JSON ({@code type}, meta keys, spec fields)
     * @param format    the {@code format} parameter, may be null
     * @param namespace the {@code namespace} parameter, may be null: overrides the system namespace of namespaced kinds
     * @throws ApiException.Invalid for a format Kuma refuses, or the Kubernetes form of a view that has none
     */
    public JsonNode render(ObjectNode universal, String format, String namespace) {
        return kubernetes(format) ? of(universal, namespace) : universal;
    }

    /** The Kubernetes object of a universal JSON. */
    ObjectNode of(ObjectNode universal, String namespace) {
        String kind = universal.path("type").asText();
        String secretType = SECRET_TYPES.get(kind);
        Crd crd = CRDS.get(kind);
        if (secretType == null && crd == null) {
            // Kuma registers no Kubernetes kind for it (e.g. DataplaneOverview) and answers a 500; say what to ask.
            throw ApiException.Invalid.of(
                    "format",
                    kind + " has no Kubernetes form: Kuma defines no Kubernetes kind for it. Ask for the resources it"
                            + " joins, e.g. /meshes/{mesh}/dataplanes/{name}?format=kubernetes and"
                            + " /meshes/{mesh}/dataplane-insights/{name}?format=kubernetes");
        }
        String ns = namespace == null || namespace.isEmpty() ? systemNamespace : namespace;
        String mesh = universal.path("mesh").asText("");
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("kind", secretType != null ? "Secret" : kind);
        json.put("apiVersion", secretType != null ? "v1" : API_VERSION);
        ObjectNode metadata = json.putObject("metadata");
        metadata.put("name", universal.path("name").asText());
        if (secretType != null || crd.namespaced()) {
            metadata.put("namespace", ns);
        }
        metadata.set("creationTimestamp", creationTimestamp(universal.get("creationTime")));
        if (secretType != null) {
            if (kind.equals("Secret")) {
                metadata.putObject("labels").put("kuma.io/mesh", mesh);
            }
            JsonNode data = universal.get("data");
            json.putObject("data").set("value", data == null ? JsonNodeFactory.instance.nullNode() : data);
            json.put("type", secretType);
            return json;
        }
        if (!mesh.isEmpty()) {
            json.put("mesh", mesh);
        }
        ObjectNode spec = json.putObject(crd.body());
        universal.fields().forEachRemaining(e -> {
            if (!META_KEYS.contains(e.getKey())) {
                spec.set(e.getKey(), e.getValue());
            }
        });
        return json;
    }

    /** Kubernetes' {@code metav1.Time}: RFC 3339 in UTC, whole seconds (truncated); null for no time. */
    private static JsonNode creationTimestamp(JsonNode creationTime) {
        if (creationTime == null || !creationTime.isTextual()) {
            return JsonNodeFactory.instance.nullNode();
        }
        try {
            return JsonNodeFactory.instance.textNode(Instant.parse(creationTime.textValue())
                    .truncatedTo(ChronoUnit.SECONDS)
                    .toString());
        } catch (DateTimeParseException e) {
            return JsonNodeFactory.instance.nullNode();
        }
    }
}

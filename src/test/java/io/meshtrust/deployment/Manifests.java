package io.meshtrust.deployment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The Kubernetes manifests under {@code deployment/kubernetes}, parsed with the fabric8 model the application already
 * ships (through Quarkus Kubernetes Config): every YAML document becomes its typed model class.
 */
final class Manifests {

    static final Path DIR = Path.of("deployment", "kubernetes");
    static final String KUSTOMIZATION = "kustomization.yaml";
    static final String EXAMPLE_SECRETS = "secrets.example.yaml";

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /** One parsed document and the file it came from. */
    record Document(String file, HasMetadata resource) {}

    final List<Document> documents;

    private Manifests(List<Document> documents) {
        this.documents = documents;
    }

    static Manifests load() {
        List<Document> documents = new ArrayList<>();
        for (Path file : yamlFiles()) {
            if (file.getFileName().toString().equals(KUSTOMIZATION)) {
                continue;
            }
            for (JsonNode node : documents(file)) {
                HasMetadata resource = SERIALIZATION.convertValue(node, HasMetadata.class);
                documents.add(new Document(file.getFileName().toString(), resource));
            }
        }
        return new Manifests(List.copyOf(documents));
    }

    /** Every {@code *.yaml} in {@link #DIR}. */
    static List<Path> yamlFiles() {
        try (Stream<Path> files = Files.list(DIR)) {
            return files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + DIR.toAbsolutePath(), e);
        }
    }

    /** The YAML documents of a file, as trees (empty documents skipped). */
    static List<JsonNode> documents(Path file) {
        try {
            List<JsonNode> nodes = new ArrayList<>();
            try (var values = YAML.readerFor(JsonNode.class).<JsonNode>readValues(file.toFile())) {
                while (values.hasNext()) {
                    JsonNode node = values.next();
                    if (node != null && !node.isNull() && !node.isMissingNode()) {
                        nodes.add(node);
                    }
                }
            }
            return nodes;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot parse " + file, e);
        }
    }

    static JsonNode kustomization() {
        return documents(DIR.resolve(KUSTOMIZATION)).get(0);
    }

    /** The resources {@code kubectl apply -k} creates (everything but the example Secrets). */
    List<HasMetadata> applied() {
        return documents.stream()
                .filter(d -> !d.file().equals(EXAMPLE_SECRETS))
                .map(Document::resource)
                .toList();
    }

    <T extends HasMetadata> List<T> all(Class<T> type) {
        return applied().stream().filter(type::isInstance).map(type::cast).toList();
    }

    <T extends HasMetadata> T one(Class<T> type) {
        List<T> found = all(type);
        if (found.size() != 1) {
            throw new AssertionError("expected one " + type.getSimpleName() + ", found " + found.size());
        }
        return found.get(0);
    }

    List<Secret> exampleSecrets() {
        return documents.stream()
                .filter(d -> d.file().equals(EXAMPLE_SECRETS))
                .map(Document::resource)
                .map(Secret.class::cast)
                .toList();
    }

    boolean anyGeneric() {
        return documents.stream().anyMatch(d -> d.resource() instanceof GenericKubernetesResource);
    }

    Deployment deployment() {
        return one(Deployment.class);
    }

    Container container() {
        List<Container> containers =
                deployment().getSpec().getTemplate().getSpec().getContainers();
        if (containers.size() != 1) {
            throw new AssertionError("expected one container, found " + containers.size());
        }
        return containers.get(0);
    }

    /** A container port by name, or by number when the reference is numeric. */
    ContainerPort containerPort(IntOrString reference) {
        return container().getPorts().stream()
                .filter(p -> reference.getIntVal() != null
                        ? p.getContainerPort().equals(reference.getIntVal())
                        : reference.getStrVal().equals(p.getName()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no container port " + reference));
    }

    int containerPort(String name) {
        return containerPort(new IntOrString(name)).getContainerPort();
    }

    List<EnvVar> env() {
        return container().getEnv();
    }

    /** A literal env value of the container. */
    String envValue(String name) {
        return env().stream()
                .filter(e -> e.getName().equals(name))
                .map(EnvVar::getValue)
                .findFirst()
                .orElseThrow(() -> new AssertionError("the container sets no " + name));
    }

    Map<String, String> podLabels() {
        return deployment().getSpec().getTemplate().getMetadata().getLabels();
    }
}

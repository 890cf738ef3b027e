package io.meshtrust.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.meshtrust.config.KumaConfig;
import io.meshtrust.config.SettingNames;
import io.smallrye.config.ConfigMappings;
import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Kubernetes manifests and Dockerfiles under {@code deployment/} agree with the application: parsed with the
 * fabric8 model (no unknown fields), ports and env names checked against the configuration the application really
 * reads (its {@code application.properties} and the {@link KumaConfig} mapping, evaluated with the Deployment's
 * environment, and Quarkus' own configuration metadata), Secrets against the Role, selectors against labels. That the
 * probe paths and the metrics path are served is {@code DeploymentEndpointsTest} (a running application).
 */
class KubernetesManifestsTest {

    /** PostgreSQL's default {@code max_connections}, minus 10 kept for migrations, admin sessions and backups. */
    static final int POSTGRES_CONNECTION_BUDGET = 100 - 10;

    static Manifests manifests;

    @BeforeAll
    static void load() {
        manifests = Manifests.load();
    }

    // ---- parsing

    @Test
    void everyDocumentIsATypedKubernetesResourceWithoutUnknownFields() throws Exception {
        assertThat(manifests.documents).isNotEmpty();
        assertThat(manifests.anyGeneric())
                .as("a document fabric8 does not know (apiVersion/kind typo?)")
                .isFalse();
        List<String> unknown = new ArrayList<>();
        for (Manifests.Document document : manifests.documents) {
            unknownFields(
                    document.resource(),
                    document.file() + ":" + document.resource().getKind(),
                    unknown);
        }
        assertThat(unknown)
                .as("fields the Kubernetes model does not have (typos are silently ignored by kubectl)")
                .isEmpty();
    }

    @Test
    void kustomizationAppliesEveryManifestButTheExampleSecrets() {
        JsonNode kustomization = Manifests.kustomization();
        Set<String> listed = new TreeSet<>();
        kustomization.get("resources").forEach(r -> listed.add(r.asText()));
        Set<String> files = Manifests.yamlFiles().stream()
                .map(f -> f.getFileName().toString())
                .filter(f -> !f.equals(Manifests.KUSTOMIZATION) && !f.equals(Manifests.EXAMPLE_SECRETS))
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(listed).isEqualTo(files);

        String namespace = manifests.one(Namespace.class).getMetadata().getName();
        assertThat(kustomization.get("namespace").asText()).isEqualTo(namespace);
        assertThat(manifests.applied())
                .allSatisfy(r -> assertThat(r.getMetadata().getNamespace())
                        .as(r.getKind() + " " + r.getMetadata().getName())
                        .isIn(null, namespace));
        assertThat(kustomization.get("images").get(0).get("name").asText())
                .isEqualTo(manifests.container().getImage());
    }

    // ---- ports

    @Test
    void containerPortsAreThePortsTheApplicationListensOnWithTheDeploymentsEnvironment() {
        SmallRyeConfig config = applicationConfig(deploymentEnvironment());
        KumaConfig kuma = config.getConfigMapping(KumaConfig.class);

        assertThat(manifests.containerPort("diagnostics"))
                .isEqualTo(config.getValue("quarkus.management.port", Integer.class))
                .isEqualTo(kuma.diagnostics().serverPort());
        assertThat(manifests.containerPort("http"))
                .isEqualTo(config.getValue("quarkus.http.port", Integer.class))
                .isEqualTo(kuma.apiServer().http().port());
        assertThat(manifests.containerPort("https"))
                .isEqualTo(kuma.apiServer().https().port());
        assertThat(manifests.container().getPorts()).hasSize(3);
        assertThat(config.getValue("quarkus.management.enabled", Boolean.class)).isTrue();
    }

    @Test
    void dockerfilesExposeTheDefaultPortsAndMatchTheDeploymentsUserAndWorkDir() throws IOException {
        KumaConfig defaults = applicationConfig(Map.of()).getConfigMapping(KumaConfig.class);
        Set<String> ports = Set.of(
                String.valueOf(defaults.diagnostics().serverPort()),
                String.valueOf(defaults.apiServer().http().port()),
                String.valueOf(defaults.apiServer().https().port()));
        PodSpec pod = manifests.deployment().getSpec().getTemplate().getSpec();

        for (String name : List.of("Dockerfile.native", "Dockerfile.native-micro", "Dockerfile.jvm")) {
            Dockerfile dockerfile = Dockerfile.read(Path.of("deployment", name));
            assertThat(dockerfile.exposed()).as(name).isEqualTo(ports);
            assertThat(dockerfile.user())
                    .as(name)
                    .isEqualTo(String.valueOf(pod.getSecurityContext().getRunAsUser()));
            assertThat(dockerfile.env())
                    .as(name)
                    .containsEntry("KUMA_GENERAL_WORK_DIR", manifests.envValue("KUMA_GENERAL_WORK_DIR"));
            // The JVM image's own variables (JAVA_OPTS_APPEND, ...) belong to its run script, not to the application.
            assertThat(unknownEnvNames(dockerfile.env().keySet().stream()
                            .filter(env -> env.startsWith("KUMA_") || env.startsWith("QUARKUS_"))
                            .toList()))
                    .as(name)
                    .isEmpty();
        }
    }

    // ---- probes and scraping (paths: DeploymentEndpointsTest)

    @Test
    void probesAndScrapeAnnotationsUseTheDiagnosticsPort() {
        Container container = manifests.container();
        int diagnostics = applicationConfig(deploymentEnvironment()).getValue("quarkus.management.port", Integer.class);
        for (Probe probe :
                List.of(container.getStartupProbe(), container.getLivenessProbe(), container.getReadinessProbe())) {
            assertThat(probe).isNotNull();
            assertThat(manifests.containerPort(probe.getHttpGet().getPort()).getContainerPort())
                    .isEqualTo(diagnostics);
            assertThat(probe.getHttpGet().getPath()).startsWith("/q/health/");
        }
        Map<String, String> annotations =
                manifests.deployment().getSpec().getTemplate().getMetadata().getAnnotations();
        assertThat(annotations).containsEntry("prometheus.io/port", String.valueOf(diagnostics));
    }

    // ---- environment

    @Test
    void everyEnvironmentVariableIsASettingTheApplicationReads() {
        List<String> names = manifests.env().stream().map(EnvVar::getName).toList();
        assertThat(names).doesNotHaveDuplicates();
        assertThat(unknownEnvNames(names)).isEmpty();
    }

    @Test
    void buildTimeQuarkusSettingsInTheEnvironmentRepeatTheBuiltValue() throws IOException {
        Properties built = applicationProperties();
        for (EnvVar env : manifests.env()) {
            QuarkusProperty property = QuarkusProperty.byEnvironmentVariable().get(env.getName());
            if (property != null && property.fixedAtBuildTime()) {
                assertThat(env.getValue())
                        .as(env.getName() + " is fixed at build time; application.properties has " + property.name())
                        .isEqualToIgnoringCase(built.getProperty(property.name()));
            }
        }
    }

    @Test
    void theDeploymentsSettingsPassTheApplicationsOwnValidation() {
        // Building the KumaConfig mapping runs the application's SettingValueCheck on every typed setting.
        KumaConfig kuma = applicationConfig(deploymentEnvironment()).getConfigMapping(KumaConfig.class);
        assertThat(kuma.store().type()).isEqualTo(KumaConfig.StoreType.postgres);
        assertThat(kuma.general().workDir()).hasValue(manifests.envValue("KUMA_GENERAL_WORK_DIR"));
    }

    @Test
    void exampleTokenKeysSecretHoldsOnlyStaticPublicKeyProperties() {
        for (String secret : kubernetesConfigSecrets()) {
            Secret example = exampleSecret(secret);
            Set<String> keys = new TreeSet<>();
            keys.addAll(
                    example.getStringData() == null
                            ? Set.of()
                            : example.getStringData().keySet());
            keys.addAll(example.getData() == null ? Set.of() : example.getData().keySet());
            Pattern staticKey = Pattern.compile(
                    Pattern.quote("kuma.api-server.authn.tokens.validator.static-public-keys.") + "[^.]+");
            assertThat(keys).isNotEmpty().allMatch(k -> staticKey.matcher(k).matches());
            assertThat(kumaPropertyNames()).contains("kuma.api-server.authn.tokens.validator.static-public-keys.*");
        }
    }

    // ---- Secrets and RBAC

    @Test
    void theRoleGrantsGetOnExactlyTheSecretsReadThroughTheKubernetesApi() {
        Role role = manifests.one(Role.class);
        assertThat(role.getRules()).hasSize(1);
        PolicyRule rule = role.getRules().get(0);
        assertThat(rule.getApiGroups()).containsExactly("");
        assertThat(rule.getResources()).containsExactly("secrets");
        assertThat(rule.getVerbs()).containsExactly("get");
        assertThat(Set.copyOf(rule.getResourceNames())).isEqualTo(kubernetesConfigSecrets());
    }

    @Test
    void theRoleIsBoundToTheDeploymentsServiceAccount() {
        RoleBinding binding = manifests.one(RoleBinding.class);
        String serviceAccount =
                manifests.deployment().getSpec().getTemplate().getSpec().getServiceAccountName();
        String namespace = manifests.one(Namespace.class).getMetadata().getName();

        assertThat(manifests.one(ServiceAccount.class).getMetadata().getName()).isEqualTo(serviceAccount);
        assertThat(binding.getRoleRef().getKind()).isEqualTo("Role");
        assertThat(binding.getRoleRef().getName())
                .isEqualTo(manifests.one(Role.class).getMetadata().getName());
        assertThat(binding.getSubjects()).singleElement().satisfies(subject -> {
            assertThat(subject.getKind()).isEqualTo("ServiceAccount");
            assertThat(subject.getName()).isEqualTo(serviceAccount);
            assertThat(subject.getNamespace()).isEqualTo(namespace);
        });
        // Quarkus Kubernetes Config authenticates with the pod's service-account token.
        assertThat(manifests.deployment().getSpec().getTemplate().getSpec().getAutomountServiceAccountToken())
                .isNotEqualTo(Boolean.FALSE);
    }

    @Test
    void everySecretTheDeploymentUsesHasAnExampleWithThoseKeys() {
        for (EnvVar env : manifests.env()) {
            if (env.getValueFrom() != null && env.getValueFrom().getSecretKeyRef() != null) {
                SecretKeySelector ref = env.getValueFrom().getSecretKeyRef();
                assertThat(exampleSecretValue(ref)).as(env.getName()).isNotNull();
            }
        }
        assertThat(kubernetesConfigSecrets())
                .allSatisfy(name -> assertThat(exampleSecret(name)).isNotNull());
    }

    // ---- Services, autoscaling, disruption budget

    @Test
    void servicesSelectTheDeploymentsPodsAndTargetItsPorts() {
        List<Service> services = manifests.all(Service.class);
        assertThat(services).isNotEmpty();
        Set<Integer> exposed = new TreeSet<>();
        for (Service service : services) {
            assertThat(manifests.podLabels())
                    .as(service.getMetadata().getName())
                    .containsAllEntriesOf(service.getSpec().getSelector());
            for (ServicePort port : service.getSpec().getPorts()) {
                int target = manifests.containerPort(port.getTargetPort()).getContainerPort();
                assertThat(port.getPort())
                        .as("Kuma's port numbers on the Service too")
                        .isEqualTo(target);
                exposed.add(target);
            }
        }
        assertThat(exposed)
                .containsExactlyInAnyOrder(
                        manifests.containerPort("diagnostics"),
                        manifests.containerPort("http"),
                        manifests.containerPort("https"));
        Service api = services.stream()
                .filter(s -> s.getMetadata().getName().equals("meshtrust"))
                .findFirst()
                .orElseThrow();
        assertThat(api.getSpec().getPorts())
                .extracting(ServicePort::getPort)
                .containsExactlyInAnyOrder(manifests.containerPort("http"), manifests.containerPort("https"));
    }

    @Test
    void selectorsMatchThePodLabels() {
        Deployment deployment = manifests.deployment();
        LabelSelector selector = deployment.getSpec().getSelector();
        assertThat(manifests.podLabels()).containsAllEntriesOf(selector.getMatchLabels());

        PodDisruptionBudget pdb = manifests.one(PodDisruptionBudget.class);
        assertThat(pdb.getSpec().getSelector()).isEqualTo(selector);
        assertThat(deployment.getSpec().getTemplate().getSpec().getTopologySpreadConstraints())
                .allSatisfy(c -> assertThat(c.getLabelSelector()).isEqualTo(selector));
        assertThat(pdb.getSpec().getMaxUnavailable().getIntVal())
                .isLessThan(deployment.getSpec().getReplicas());
    }

    @Test
    void theAutoscalerScalesTheDeploymentWithinThePostgresConnectionBudget() {
        Deployment deployment = manifests.deployment();
        HorizontalPodAutoscaler hpa = manifests.one(HorizontalPodAutoscaler.class);
        assertThat(hpa.getSpec().getScaleTargetRef().getApiVersion()).isEqualTo(deployment.getApiVersion());
        assertThat(hpa.getSpec().getScaleTargetRef().getKind()).isEqualTo(deployment.getKind());
        assertThat(hpa.getSpec().getScaleTargetRef().getName())
                .isEqualTo(deployment.getMetadata().getName());
        assertThat(deployment.getSpec().getReplicas())
                .isEqualTo(3)
                .isBetween(hpa.getSpec().getMinReplicas(), hpa.getSpec().getMaxReplicas());
        // Each replica holds its pool plus one LISTEN connection (PgChangeListener); a rolling update adds maxSurge
        // replicas on top of the autoscaler's maximum.
        int perReplica = applicationConfig(deploymentEnvironment())
                        .getConfigMapping(KumaConfig.class)
                        .store()
                        .postgres()
                        .maxOpenConnections()
                + 1;
        int surge = deployment
                .getSpec()
                .getStrategy()
                .getRollingUpdate()
                .getMaxSurge()
                .getIntVal();
        assertThat((hpa.getSpec().getMaxReplicas() + surge) * perReplica)
                .as("connections at the autoscaler's maximum during a rolling update")
                .isLessThanOrEqualTo(POSTGRES_CONNECTION_BUDGET);
    }

    @Test
    void theServiceMonitorScrapesTheDiagnosticsServiceWhereTheAnnotationsSay() {
        JsonNode monitor = Manifests.documents(Path.of("deployment", "observability", "servicemonitor.yaml"))
                .get(0);
        Map<String, String> selector =
                new ObjectMapper().convertValue(monitor.at("/spec/selector/matchLabels"), new TypeReference<>() {});
        List<Service> selected = manifests.all(Service.class).stream()
                .filter(s -> s.getMetadata().getLabels().entrySet().containsAll(selector.entrySet()))
                .toList();
        assertThat(selected).singleElement().satisfies(service -> {
            JsonNode endpoint = monitor.at("/spec/endpoints/0");
            ServicePort port = service.getSpec().getPorts().stream()
                    .filter(p -> p.getName().equals(endpoint.get("port").asText()))
                    .findFirst()
                    .orElseThrow();
            assertThat(manifests.containerPort(port.getTargetPort()).getContainerPort())
                    .isEqualTo(manifests.containerPort("diagnostics"));
            assertThat(endpoint.get("path").asText())
                    .isEqualTo(manifests
                            .deployment()
                            .getSpec()
                            .getTemplate()
                            .getMetadata()
                            .getAnnotations()
                            .get("prometheus.io/path"));
        });
        String namespace = manifests.one(Namespace.class).getMetadata().getName();
        assertThat(monitor.at("/metadata/namespace").asText()).isEqualTo(namespace);
        assertThat(Manifests.documents(Path.of("deployment", "observability", "prometheus-rules.yaml"))
                        .get(0)
                        .at("/metadata/namespace")
                        .asText())
                .isEqualTo(namespace);
    }

    // ---- security

    @Test
    void runsAsNonRootOnAReadOnlyRootWithEveryWritablePathOnAnEmptyDir() {
        PodSpec pod = manifests.deployment().getSpec().getTemplate().getSpec();
        Container container = manifests.container();
        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(pod.getSecurityContext().getRunAsUser()).isPositive();
        assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
        assertThat(container.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
        assertThat(container.getResources().getRequests()).containsKeys("cpu", "memory");
        assertThat(container.getResources().getLimits()).containsKeys("cpu", "memory");

        Map<String, Volume> volumes = pod.getVolumes().stream().collect(Collectors.toMap(Volume::getName, v -> v));
        Map<String, String> mounts = container.getVolumeMounts().stream()
                .collect(Collectors.toMap(VolumeMount::getMountPath, VolumeMount::getName));
        for (String writable : List.of(manifests.envValue("KUMA_GENERAL_WORK_DIR"), "/tmp")) {
            assertThat(mounts).as(writable).containsKey(writable);
            assertThat(volumes.get(mounts.get(writable)).getEmptyDir())
                    .as(writable)
                    .isNotNull();
        }
    }

    // ---- helpers

    /** The Deployment's environment as the application sees it, Secret references resolved from the examples. */
    static Map<String, String> deploymentEnvironment() {
        Map<String, String> env = new LinkedHashMap<>();
        for (EnvVar var : manifests.env()) {
            if (var.getValue() != null) {
                env.put(var.getName(), var.getValue());
            } else {
                SecretKeySelector ref = var.getValueFrom().getSecretKeyRef();
                assertThat(ref)
                        .as(var.getName() + " is a literal or a secretKeyRef")
                        .isNotNull();
                env.put(var.getName(), exampleSecretValue(ref));
            }
        }
        return env;
    }

    /**
     * The configuration the application builds, minus the sources only a running Quarkus adds: its
     * {@code application.properties} (prod profile), the given environment, the {@code kuma} mapping and the
     * interceptors it registers ({@code SettingValueCheck}, the store selection).
     */
    static SmallRyeConfig applicationConfig(Map<String, String> environment) {
        try {
            URL properties = KubernetesManifestsTest.class.getClassLoader().getResource("application.properties");
            return new SmallRyeConfigBuilder()
                    .withProfile("prod")
                    .addDefaultInterceptors()
                    .addDiscoveredInterceptors()
                    .withSources(new PropertiesConfigSource(properties, 250))
                    .withSources(new EnvConfigSource(environment, 300))
                    .withMapping(KumaConfig.class)
                    .build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Properties applicationProperties() throws IOException {
        Properties properties = new Properties();
        try (InputStream in =
                KubernetesManifestsTest.class.getClassLoader().getResourceAsStream("application.properties")) {
            properties.load(in);
        }
        return properties;
    }

    /** Property names of the {@code kuma} mapping; {@code *} stands for a map key or a list index. */
    static Set<String> kumaPropertyNames() {
        return ConfigMappings.getProperties(ConfigMappings.ConfigClass.configClass(KumaConfig.class, "kuma"))
                .keySet()
                .stream()
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /**
     * Names no setting maps to: {@code KUMA_*} must be the environment form of a {@link KumaConfig} property (SmallRye's
     * rule, {@link SettingNames#env}), {@code QUARKUS_*} one of Quarkus' documented properties; nothing else is read.
     */
    static List<String> unknownEnvNames(Collection<String> names) {
        List<Pattern> kuma = kumaPropertyNames().stream()
                .map(name -> Pattern.compile(Arrays.stream(name.split("\\*", -1))
                        .map(part -> Pattern.quote(SettingNames.env(part)))
                        .collect(Collectors.joining("[A-Z0-9_]+"))))
                .toList();
        Map<String, QuarkusProperty> quarkus = QuarkusProperty.byEnvironmentVariable();
        return names.stream()
                .filter(name -> !(name.startsWith("KUMA_")
                        && kuma.stream().anyMatch(p -> p.matcher(name).matches())))
                .filter(name -> !(name.startsWith("QUARKUS_") && quarkus.containsKey(name)))
                .toList();
    }

    /** The Secrets read through Quarkus Kubernetes Config ({@code QUARKUS_KUBERNETES_CONFIG_SECRETS}, a list). */
    static Set<String> kubernetesConfigSecrets() {
        assertThat(manifests.envValue("QUARKUS_KUBERNETES_CONFIG_ENABLED")).isEqualTo("true");
        return Arrays.stream(
                        manifests.envValue("QUARKUS_KUBERNETES_CONFIG_SECRETS").split(","))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .collect(Collectors.toSet());
    }

    static Secret exampleSecret(String name) {
        return manifests.exampleSecrets().stream()
                .filter(s -> s.getMetadata().getName().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no example Secret " + name + " in secrets.example.yaml"));
    }

    static String exampleSecretValue(SecretKeySelector ref) {
        Secret secret = exampleSecret(ref.getName());
        Map<String, String> values = new HashMap<>();
        if (secret.getData() != null) {
            secret.getData()
                    .forEach((k, v) ->
                            values.put(k, new String(Base64.getDecoder().decode(v))));
        }
        if (secret.getStringData() != null) {
            values.putAll(secret.getStringData());
        }
        assertThat(values).as("keys of example Secret " + ref.getName()).containsKey(ref.getKey());
        return values.get(ref.getKey());
    }

    /** Collects, with their path, fields the fabric8 model kept as "additional properties" (i.e. unknown ones). */
    static void unknownFields(Object value, String path, List<String> found) throws Exception {
        if (value == null) {
            return;
        }
        if (value instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                unknownFields(entry.getValue(), path + "." + entry.getKey(), found);
            }
            return;
        }
        if (value instanceof Collection<?> items) {
            int i = 0;
            for (Object item : items) {
                unknownFields(item, path + "[" + i++ + "]", found);
            }
            return;
        }
        if (!value.getClass().getName().startsWith("io.fabric8.kubernetes.api.model")) {
            return;
        }
        for (Method getter : value.getClass().getMethods()) {
            if (getter.getParameterCount() != 0
                    || !getter.getName().startsWith("get")
                    || getter.getDeclaringClass() == Object.class) {
                continue;
            }
            Object child = getter.invoke(value);
            if (getter.getName().equals("getAdditionalProperties")) {
                if (child instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    found.add(path + ": " + extra.keySet());
                }
            } else {
                unknownFields(child, path + "." + getter.getName().substring(3), found);
            }
        }
    }

    /** One property from Quarkus' configuration metadata ({@code META-INF/quarkus-config-doc} of each extension). */
    record QuarkusProperty(String name, String environmentVariable, String phase) {

        boolean fixedAtBuildTime() {
            return phase.startsWith("BUILD");
        }

        static Map<String, QuarkusProperty> byEnvironmentVariable() {
            Map<String, QuarkusProperty> properties = new HashMap<>();
            ObjectMapper json = new ObjectMapper();
            try {
                var models = KubernetesManifestsTest.class
                        .getClassLoader()
                        .getResources("META-INF/quarkus-config-doc/quarkus-config-model.json");
                while (models.hasMoreElements()) {
                    try (InputStream in = models.nextElement().openStream()) {
                        collect(json.readTree(in), properties);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            assertThat(properties)
                    .as("Quarkus configuration metadata on the class path")
                    .containsKey("QUARKUS_HTTP_PORT");
            return properties;
        }

        private static void collect(JsonNode node, Map<String, QuarkusProperty> into) {
            if (node.isObject()) {
                JsonNode path = node.get("path");
                if (path != null && path.has("environmentVariable") && node.has("phase")) {
                    var property = new QuarkusProperty(
                            path.get("property").asText(),
                            path.get("environmentVariable").asText(),
                            node.get("phase").asText());
                    into.put(property.environmentVariable(), property);
                }
                node.forEach(child -> collect(child, into));
            } else if (node.isArray()) {
                node.forEach(child -> collect(child, into));
            }
        }
    }

    /** The parts of a Dockerfile these checks need. */
    record Dockerfile(Set<String> exposed, String user, Map<String, String> env) {

        static Dockerfile read(Path file) throws IOException {
            Set<String> exposed = new TreeSet<>();
            String user = null;
            Map<String, String> env = new LinkedHashMap<>();
            for (String line : Files.readAllLines(file)) {
                String[] words = line.trim().split("\\s+");
                switch (words[0]) {
                    case "EXPOSE" -> exposed.addAll(Arrays.asList(words).subList(1, words.length));
                    case "USER" -> user = words[1];
                    case "ENV" -> {
                        String assignment = line.trim().substring(4).trim();
                        int eq = assignment.indexOf('=');
                        env.put(
                                assignment.substring(0, eq),
                                assignment.substring(eq + 1).replaceAll("^\"|\"$", ""));
                    }
                    default -> {}
                }
            }
            return new Dockerfile(exposed, user, env);
        }
    }
}

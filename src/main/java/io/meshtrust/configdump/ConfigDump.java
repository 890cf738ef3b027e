package io.meshtrust.configdump;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshtrust.config.ApiServerPaths;
import io.meshtrust.config.KumaConfig;
import io.meshtrust.config.MeshtrustConfig;
import io.meshtrust.values.GoDuration;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The configuration as Kuma's {@code GET /config} shows it (Kuma's {@code pkg/config/display.go},
 * {@code ConfigForDisplay}): the effective settings as one JSON object under Kuma's keys and nesting (the json tags of
 * {@code pkg/config/app/kuma-cp/config.go} and its sub-configs, in their order), sanitized.
 *
 * <p>What it holds: every {@code kuma.*} setting meshtrust reads ({@link KumaConfig}), under the key whose environment
 * variable sets it ({@code apiServer.http.port} is {@code KUMA_API_SERVER_HTTP_PORT}); {@code mode}, which is always
 * {@code zone} (a single zone control plane, Kuma's default); and meshtrust's own settings ({@link MeshtrustConfig})
 * under {@code meshtrust}. Kuma's settings that meshtrust does not read are left out rather than shown with a value
 * that does nothing. Durations are Go's {@code Duration.String} ({@code 5m0s}), as Kuma's {@code types.Duration}
 * marshals them; an unset path is {@code ""}, as Kuma's empty strings.
 *
 * <p>Sanitized as Kuma's {@code Sanitize()} methods do: {@code store.postgres.password} is always {@link #REDACTED}
 * (Kuma's {@code pkg/config/plugins/resources/postgres/config.go}). meshtrust also redacts the inline PEM of static
 * token keys ({@code publicKeys[].key}, {@code staticPublicKeys}), which Kuma prints: those may come from a Kubernetes
 * Secret, and this page is readable without credentials by default. Key files are shown by path, never read.
 */
public final class ConfigDump {

    /** Kuma's {@code config.SanitizedValue} ({@code pkg/config/config.go}). */
    public static final String REDACTED = "*****";

    /** Kuma's {@code KUMA_MODE}: meshtrust is one zone without a global control plane ({@code core.Zone}). */
    public static final String MODE = "zone";

    private ConfigDump() {}

    /**
     * @param kuma      the {@code kuma.*} settings
     * @param meshtrust the {@code meshtrust.*} settings
     * @return the dump, secrets redacted
     */
    public static ObjectNode of(KumaConfig kuma, MeshtrustConfig meshtrust) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        general(root.putObject("general"), kuma.general());
        root.put("environment", kuma.environment().name());
        root.put("mode", MODE);
        store(root.putObject("store"), kuma.store());
        apiServer(root.putObject("apiServer"), kuma.apiServer(), ApiServerPaths.basePath(kuma));
        root.putObject("metrics")
                .putObject("dataplane")
                .put("idleTimeout", goDuration(kuma.metrics().dataplane().idleTimeout()));
        root.putObject("multizone")
                .putObject("zone")
                .put("name", kuma.multizone().zone().name());
        root.putObject("diagnostics").put("serverPort", kuma.diagnostics().serverPort());
        dpServer(root.putObject("dpServer"), kuma.dpServer());
        access(root.putObject("access").putObject("static"), kuma.access().staticAccess());
        meshtrust(root.putObject("meshtrust"), meshtrust);
        return root;
    }

    // Kuma's GeneralConfig (pkg/config/app/kuma-cp/config.go).
    private static void general(ObjectNode node, KumaConfig.General general) {
        node.put("tlsCertFile", general.tlsCertFile().orElse(""));
        node.put("tlsKeyFile", general.tlsKeyFile().orElse(""));
        node.put("workDir", general.workDir().orElse(""));
        node.put("certGenerationBaseBackoff", goDuration(general.certGenerationBaseBackoff()));
        node.put("certGenerationMaxBackoff", goDuration(general.certGenerationMaxBackoff()));
        node.put("certGenerationCircuitBreakerMinProxies", general.certGenerationCircuitBreakerMinProxies());
    }

    // Kuma's StoreConfig (pkg/config/core/resources/store/config.go): the postgres section is there whatever the type.
    private static void store(ObjectNode node, KumaConfig.Store store) {
        node.put("type", store.type().name());
        KumaConfig.Store.Postgres postgres = store.postgres();
        node.putObject("postgres")
                .put("host", postgres.host())
                .put("port", postgres.port())
                .put("user", postgres.user())
                .put("password", REDACTED)
                .put("dbName", postgres.dbName())
                .put("connectionTimeout", postgres.connectionTimeout())
                .put("maxOpenConnections", postgres.maxOpenConnections());
        // Kuma's KubernetesStoreConfig (pkg/config/plugins/resources/k8s/config.go): meshtrust reads only the system
        // namespace, for the ?format=kubernetes form.
        node.putObject("kubernetes").put("systemNamespace", store.kubernetes().systemNamespace());
        node.put("unsafeDelete", store.unsafeDelete());
    }

    // Kuma's ApiServerConfig (pkg/config/api-server/config.go); auth.clientCertsDir is the key of Kuma's 2.x releases.
    private static void apiServer(ObjectNode node, KumaConfig.ApiServer api, String basePath) {
        node.put("readOnly", api.readOnly());
        strings(node.putArray("corsAllowedDomains"), api.corsAllowedDomains().orElse(List.of()));
        node.putObject("http")
                .put("enabled", api.http().enabled())
                .put("interface", api.http().bindInterface())
                .put("port", api.http().port());
        KumaConfig.ApiServer.Https https = api.https();
        node.putObject("https")
                .put("enabled", https.enabled())
                .put("interface", https.bindInterface())
                .put("port", https.port())
                .put("tlsCertFile", https.tlsCertFile().orElse(""))
                .put("tlsKeyFile", https.tlsKeyFile().orElse(""))
                .put("requireClientCert", https.requireClientCert())
                .put("tlsCaFile", https.tlsCaFile().orElse(""));
        node.putObject("auth").put("clientCertsDir", api.auth().clientCertsDir().orElse(""));
        KumaConfig.ApiServer.Authn authn = api.authn();
        ObjectNode tokens = node.putObject("authn")
                .put("type", authn.type())
                .put("localhostIsAdmin", authn.localhostIsAdmin())
                .putObject("tokens")
                .put("bootstrapAdminToken", authn.tokens().bootstrapAdminToken())
                .put("enableIssuer", authn.tokens().enableIssuer());
        KumaConfig.ApiServer.Authn.Validator validator = authn.tokens().validator();
        ObjectNode v = tokens.putObject("validator")
                .put("useSecrets", validator.useSecrets())
                .put("requireExpiration", validator.requireExpiration());
        publicKeys(v.putArray("publicKeys"), validator.publicKeys(), false);
        ObjectNode staticKeys = v.putObject("staticPublicKeys");
        new TreeMap<>(validator.staticPublicKeys()).keySet().forEach(kid -> staticKeys.put(kid, REDACTED));
        // after authn, as in Kuma's struct; the base path as it is applied (a missing leading / added)
        node.put("basePath", basePath);
        node.put("rootUrl", api.rootUrl().orElse(""));
        // Kuma's ApiServerGUI, after rootUrl as in its struct (enabled is not read here: the dashboard is always on)
        node.putObject("gui")
                .put("rootUrl", api.gui().rootUrl().orElse(""))
                .put("basePath", api.gui().basePath());
    }

    // Kuma's DpServerConfig (pkg/config/dp-server/config.go).
    private static void dpServer(ObjectNode node, KumaConfig.DpServer dp) {
        ObjectNode authn = node.putObject("authn");
        KumaConfig.DpServer.DpToken dpToken = dp.authn().dpProxy().dpToken();
        ObjectNode validator = authn.putObject("dpProxy")
                .putObject("dpToken")
                .put("enableIssuer", dpToken.enableIssuer())
                .putObject("validator")
                .put("useSecrets", dpToken.validator().useSecrets());
        publicKeys(validator.putArray("publicKeys"), dpToken.validator().publicKeys(), true);
        authn.putObject("zoneProxy")
                .putObject("zoneToken")
                .put("enableIssuer", dp.authn().zoneProxy().zoneToken().enableIssuer());
    }

    // Kuma's types.PublicKey and MeshedPublicKey (pkg/config/types/keys.go): keyFile and key are omitempty, mesh is
    // not.
    private static void publicKeys(ArrayNode array, List<KumaConfig.StaticPublicKey> keys, boolean meshed) {
        for (KumaConfig.StaticPublicKey key : keys) {
            ObjectNode entry = array.addObject().put("kid", key.kid());
            key.keyFile().ifPresent(file -> entry.put("keyFile", file));
            key.key().ifPresent(pem -> entry.put("key", REDACTED));
            if (meshed) {
                entry.put("mesh", key.mesh().orElse(""));
            }
        }
    }

    // Kuma's StaticAccessConfig (pkg/config/access/config.go), in its order.
    private static void access(ObjectNode node, KumaConfig.Access.Static access) {
        list(node.putObject("adminResources"), access.adminResources());
        list(node.putObject("generateDpToken"), access.generateDpToken());
        list(node.putObject("generateUserToken"), access.generateUserToken());
        list(node.putObject("generateZoneToken"), access.generateZoneToken());
        KumaConfig.MetadataAccessList metadata = access.controlPlaneMetadata();
        ObjectNode metadataNode = node.putObject("controlPlaneMetadata");
        strings(metadataNode.putArray("users"), metadata.users().orElse(List.of()));
        strings(metadataNode.putArray("groups"), metadata.groups());
    }

    private static void list(ObjectNode node, KumaConfig.AccessList list) {
        strings(node.putArray("users"), list.users());
        strings(node.putArray("groups"), list.groups());
    }

    private static void meshtrust(ObjectNode node, MeshtrustConfig config) {
        node.putObject("crypto")
                .put("workers", config.crypto().workers())
                .put("keygenWorkers", config.crypto().keygenWorkers());
        MeshtrustConfig.Certificates certificates = config.certificates();
        node.putObject("certificates")
                .put("renewalSpreadFraction", certificates.renewalSpreadFraction())
                .put("renewalSpreadMax", GoDuration.format(certificates.renewalSpreadMax()))
                .put("overdueGrace", GoDuration.format(certificates.overdueGrace()));
        node.putObject("metrics")
                .put("refreshInterval", GoDuration.format(config.metrics().refreshInterval()));
    }

    private static void strings(ArrayNode array, List<String> values) {
        values.forEach(array::add);
    }

    /**
     * A Go duration setting as Kuma shows it: parsed and printed by Go's rules ({@code 300s} is {@code 5m0s}). The
     * start-up checks refuse an unparsable value, so the raw text is only a fallback.
     */
    static String goDuration(String text) {
        return parse(text).map(GoDuration::format).orElse(text);
    }

    private static Optional<Duration> parse(String text) {
        try {
            return Optional.of(GoDuration.parse(text));
        } catch (GoDuration.InvalidDurationException e) {
            return Optional.empty();
        }
    }
}

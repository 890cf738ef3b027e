package io.meshtrust.configdump;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshtrust.config.KumaConfig;
import io.meshtrust.config.MeshtrustConfig;
import io.meshtrust.config.TestConfigs;
import io.meshtrust.testsupport.Golden;
import io.smallrye.config.ConfigValidationException;
import io.smallrye.config.WithName;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * The configuration dump of {@code GET /config} (Kuma's {@code pkg/config/display.go}): Kuma's keys and nesting, values
 * following the settings, durations in Go's form, every setting meshtrust reads present and nothing invented, and no
 * secret value anywhere in the body.
 */
class ConfigDumpTest {

    private static final String VALIDATOR = "kuma.api-server.authn.tokens.validator.";
    private static final String DP_VALIDATOR = "kuma.dp-server.authn.dp-proxy.dp-token.validator.";

    /** Settings with no key in the dump, and why. */
    private static final Set<String> NOT_SHOWN = Set.of(
            // Kuma's user-token keys have no mesh (types.PublicKey); meshtrust reads it for dataplane-token keys only
            "apiServer.authn.tokens.validator.publicKeys[].mesh",
            // derived from store.type for Quarkus, not set by users
            "meshtrust.store.postgresSelected");

    /** Settings whose value is a map: an object in the dump whose keys are data, not setting names. */
    private static final Set<String> MAPS = Set.of("apiServer.authn.tokens.validator.staticPublicKeys");

    static String dump(Map<String, String> kuma, Map<String, String> meshtrust) {
        return ConfigDump.of(TestConfigs.kuma(kuma), TestConfigs.meshtrust(meshtrust))
                .toString();
    }

    @Test
    void defaultsAreKumasKeysWithMeshtrustsDefaults() {
        Golden.assertMatches("api/config-defaults.golden.json", dump(Map.of(), Map.of()), "");
    }

    @Test
    void valuesFollowTheSettings() {
        var kuma = new HashMap<String, String>();
        kuma.put("kuma.environment", "universal");
        kuma.put("kuma.store.type", "postgres");
        kuma.put("kuma.store.postgres.host", "db.example");
        kuma.put("kuma.store.postgres.port", "5432");
        kuma.put("kuma.store.postgres.user", "trust");
        kuma.put("kuma.store.postgres.db-name", "trustdb");
        kuma.put("kuma.store.postgres.max-open-connections", "7");
        kuma.put("kuma.api-server.http.port", "8081");
        kuma.put("kuma.api-server.https.interface", "127.0.0.1");
        kuma.put("kuma.api-server.https.tls-cert-file", "/etc/meshtrust/tls.crt");
        kuma.put("kuma.api-server.https.tls-key-file", "/etc/meshtrust/tls.key");
        kuma.put("kuma.api-server.read-only", "true");
        kuma.put("kuma.api-server.cors-allowed-domains", "http://localhost:8080,https://gui.example");
        kuma.put("kuma.api-server.authn.type", "adminClientCerts");
        kuma.put("kuma.general.cert-generation-base-backoff", "1500ms");
        kuma.put("kuma.general.cert-generation-max-backoff", "300s");
        kuma.put("kuma.metrics.dataplane.idle-timeout", "90s");
        kuma.put("kuma.multizone.zone.name", "zone-1");
        kuma.put("kuma.access.static.control-plane-metadata.users", "alice");
        kuma.put("kuma.access.static.control-plane-metadata.groups", "mesh-system:authenticated");
        kuma.put(DP_VALIDATOR + "public-keys[0].kid", "dp-1");
        kuma.put(DP_VALIDATOR + "public-keys[0].key-file", "/keys/dp-1.pem");
        kuma.put(DP_VALIDATOR + "public-keys[0].mesh", "default");
        var meshtrust = Map.of(
                "meshtrust.crypto.workers", "3",
                "meshtrust.certificates.renewal-spread-max", "1h",
                "meshtrust.metrics.refresh-interval", "90s");

        JsonNode body = Golden.parse(dump(kuma, meshtrust));

        assertThat(body.at("/mode").asText()).isEqualTo("zone");
        assertThat(body.at("/store/type").asText()).isEqualTo("postgres");
        assertThat(body.at("/store/postgres/host").asText()).isEqualTo("db.example");
        assertThat(body.at("/store/postgres/port").asInt()).isEqualTo(5432);
        assertThat(body.at("/store/postgres/user").asText()).isEqualTo("trust");
        assertThat(body.at("/store/postgres/dbName").asText()).isEqualTo("trustdb");
        assertThat(body.at("/store/postgres/maxOpenConnections").asInt()).isEqualTo(7);
        assertThat(body.at("/apiServer/http/port").asInt()).isEqualTo(8081);
        assertThat(body.at("/apiServer/https/interface").asText()).isEqualTo("127.0.0.1");
        // paths are shown (Kuma shows them), the files are never read
        assertThat(body.at("/apiServer/https/tlsCertFile").asText()).isEqualTo("/etc/meshtrust/tls.crt");
        assertThat(body.at("/apiServer/https/tlsKeyFile").asText()).isEqualTo("/etc/meshtrust/tls.key");
        assertThat(body.at("/apiServer/readOnly").asBoolean()).isTrue();
        assertThat(body.at("/apiServer/corsAllowedDomains").toString())
                .isEqualTo("[\"http://localhost:8080\",\"https://gui.example\"]");
        assertThat(body.at("/apiServer/authn/type").asText()).isEqualTo("adminClientCerts");
        // Go's Duration.String, as Kuma's types.Duration marshals
        assertThat(body.at("/general/certGenerationBaseBackoff").asText()).isEqualTo("1.5s");
        assertThat(body.at("/general/certGenerationMaxBackoff").asText()).isEqualTo("5m0s");
        assertThat(body.at("/metrics/dataplane/idleTimeout").asText()).isEqualTo("1m30s");
        assertThat(body.at("/multizone/zone/name").asText()).isEqualTo("zone-1");
        assertThat(body.at("/access/static/controlPlaneMetadata").toString())
                .isEqualTo("{\"users\":[\"alice\"],\"groups\":[\"mesh-system:authenticated\"]}");
        assertThat(body.at("/dpServer/authn/dpProxy/dpToken/validator/publicKeys")
                        .toString())
                .isEqualTo("[{\"kid\":\"dp-1\",\"keyFile\":\"/keys/dp-1.pem\",\"mesh\":\"default\"}]");
        assertThat(body.at("/meshtrust/crypto/workers").asInt()).isEqualTo(3);
        assertThat(body.at("/meshtrust/certificates/renewalSpreadMax").asText()).isEqualTo("1h0m0s");
        assertThat(body.at("/meshtrust/metrics/refreshInterval").asText()).isEqualTo("1m30s");
    }

    /**
     * An empty list is refused at start (as every access list of ours), rather than read as Kuma's envconfig reads it
     * (no group: nobody but the listed users) or as the open default.
     */
    @Test
    void anEmptyMetadataAccessListStopsTheStart() {
        assertThatThrownBy(() -> dump(Map.of("kuma.access.static.control-plane-metadata.groups", ""), Map.of()))
                .isInstanceOf(ConfigValidationException.class)
                .hasMessageContaining("kuma.access.static.control-plane-metadata.groups");
    }

    /**
     * Every setting of {@link KumaConfig} and {@link MeshtrustConfig} has its key in the dump (the key is the
     * property's own name, which is Kuma's json tag), and the dump has no key that is not a setting except
     * {@code mode}: a setting added without its dump entry fails here.
     */
    @Test
    void everySettingIsShownUnderItsNameAndNothingElse() {
        var kuma = new HashMap<String, String>();
        kuma.put(VALIDATOR + "public-keys[0].kid", "file-key");
        kuma.put(VALIDATOR + "public-keys[0].key-file", "/keys/a.pem");
        kuma.put(VALIDATOR + "public-keys[1].kid", "inline-key");
        kuma.put(VALIDATOR + "public-keys[1].key", "-----BEGIN PUBLIC KEY-----");
        kuma.put(VALIDATOR + "static-public-keys.k8s-key", "-----BEGIN PUBLIC KEY-----");
        kuma.put(DP_VALIDATOR + "public-keys[0].kid", "dp-file");
        kuma.put(DP_VALIDATOR + "public-keys[0].key-file", "/keys/dp.pem");
        kuma.put(DP_VALIDATOR + "public-keys[0].mesh", "default");
        kuma.put(DP_VALIDATOR + "public-keys[1].kid", "dp-inline");
        kuma.put(DP_VALIDATOR + "public-keys[1].key", "-----BEGIN PUBLIC KEY-----");

        Set<String> settings = new TreeSet<>();
        settingPaths(KumaConfig.class, "", settings);
        settingPaths(MeshtrustConfig.class, "meshtrust", settings);
        settings.removeAll(NOT_SHOWN);
        Set<String> shown = new TreeSet<>();
        dumpPaths(Golden.parse(dump(kuma, Map.of())), "", shown);

        assertThat(shown).as("keys in the dump").containsAll(settings);
        Set<String> extra = new TreeSet<>(shown);
        extra.removeAll(settings);
        assertThat(extra).as("keys in the dump that are no setting").containsExactly("mode");
    }

    @Property(tries = 100)
    void noSecretSettingReachesTheBody(
            @ForAll("secrets") String password,
            @ForAll("secrets") String userTokenKey,
            @ForAll("secrets") String staticKey,
            @ForAll("secrets") String dpTokenKey) {
        var kuma = new HashMap<String, String>();
        kuma.put("kuma.store.type", "postgres");
        kuma.put("kuma.store.postgres.password", password);
        kuma.put(VALIDATOR + "public-keys[0].kid", "inline");
        kuma.put(VALIDATOR + "public-keys[0].key", userTokenKey);
        kuma.put(VALIDATOR + "static-public-keys.k8s", staticKey);
        kuma.put(DP_VALIDATOR + "public-keys[0].kid", "dp-inline");
        kuma.put(DP_VALIDATOR + "public-keys[0].key", dpTokenKey);
        String body = dump(kuma, Map.of());

        List<String> secrets = List.of(password, userTokenKey, staticKey, dpTokenKey);
        List<String> values = new ArrayList<>();
        textValues(Golden.parse(body), values);
        for (String secret : secrets) {
            assertThat(body).doesNotContain(secret);
            assertThat(values).noneMatch(value -> value.contains(secret));
        }
        JsonNode tree = Golden.parse(body);
        assertThat(tree.at("/store/postgres/password").asText()).isEqualTo(ConfigDump.REDACTED);
        assertThat(tree.at("/apiServer/authn/tokens/validator/publicKeys/0/key").asText())
                .isEqualTo(ConfigDump.REDACTED);
        assertThat(tree.at("/apiServer/authn/tokens/validator/staticPublicKeys/k8s")
                        .asText())
                .isEqualTo(ConfigDump.REDACTED);
        assertThat(tree.at("/dpServer/authn/dpProxy/dpToken/validator/publicKeys/0/key")
                        .asText())
                .isEqualTo(ConfigDump.REDACTED);
    }

    /**
     * Secrets as users write them and worse: printable ASCII with JSON's escapes ({@code "}, {@code \}), non-ASCII and
     * line separators; long enough not to occur by chance in another value. {@code $} is left out: SmallRye reads
     * {@code ${...}} as an expression.
     */
    @Provide
    Arbitrary<String> secrets() {
        return Arbitraries.strings()
                .withCharRange('!', '~')
                .withChars('é', 'ß', '鍵', '\u2028', ' ', '\t')
                .ofMinLength(12)
                .ofMaxLength(48)
                .filter(s -> !s.contains("$") && !s.isBlank());
    }

    private static void textValues(JsonNode node, List<String> out) {
        if (node.isContainerNode()) {
            node.fieldNames().forEachRemaining(out::add);
            node.elements().forEachRemaining(child -> textValues(child, out));
        } else {
            out.add(node.asText());
        }
    }

    /** The dotted paths of a mapping's settings: a list of groups is {@code name[]}, a map or a value a leaf. */
    static void settingPaths(Class<?> mapping, String prefix, Set<String> out) {
        for (Method method : mapping.getMethods()) {
            if (method.getParameterCount() != 0 || Modifier.isStatic(method.getModifiers()) || method.isDefault()) {
                continue;
            }
            WithName name = method.getAnnotation(WithName.class);
            String key = name == null ? method.getName() : name.value();
            String path = prefix.isEmpty() ? key : prefix + "." + key;
            Class<?> type = method.getReturnType();
            if (type == List.class && ours(elementOf(method.getGenericReturnType()))) {
                settingPaths((Class<?>) elementOf(method.getGenericReturnType()), path + "[]", out);
            } else if (ours(type) && type.isInterface()) {
                settingPaths(type, path, out);
            } else {
                out.add(path);
            }
        }
    }

    private static Type elementOf(Type list) {
        return ((ParameterizedType) list).getActualTypeArguments()[0];
    }

    private static boolean ours(Type type) {
        return type instanceof Class<?> c && c.getName().startsWith("io.meshtrust.") && c.isInterface();
    }

    /** The dotted paths of the dump's keys, read the same way. */
    static void dumpPaths(JsonNode node, String prefix, Set<String> out) {
        if (node.isObject() && !MAPS.contains(prefix)) {
            node.fieldNames()
                    .forEachRemaining(
                            key -> dumpPaths(node.get(key), prefix.isEmpty() ? key : prefix + "." + key, out));
        } else if (node.isArray() && !node.isEmpty() && node.get(0).isObject()) {
            node.elements().forEachRemaining(element -> dumpPaths(element, prefix + "[]", out));
        } else {
            out.add(prefix);
        }
    }
}

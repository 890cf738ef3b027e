package io.meshtrust.resources;

import io.meshtrust.store.ResourceType;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The one catalogue of Kuma's resource types that meshtrust answers: {@code /_resources}, {@code /_kri}, the
 * {@code kri} of a rendered resource and the endpoints of the types meshtrust does not store
 * ({@link UnstoredTypesResource}, {@link UnstoredMeshTypesResource}) all read it.
 *
 * <p>The rows are Kuma's descriptors: the types of Kuma's golden
 * {@code pkg/api-server/testdata/base_endpoints/_resources.golden.json} (Kuma's registry, from each type's
 * {@code zz_generated.resource.go}; name, path, scope, short name, display names, read-only, federation and policy
 * flags as there), plus the legacy types Kuma's GUI still reads and Kuma 2.x defined (ExternalService, MeshGateway,
 * ZoneIngress, ZoneEgress and their insights: {@code pkg/core/resources/apis/mesh/zz_generated.resources.go} before
 * their removal). Kuma computes {@code includeInFederation} as "synced from global to zones and not read-only".
 */
public final class KumaTypes {

    private KumaTypes() {}

    /** Kuma's {@code PolicyDescription}; {@code hasFromTargetRef} and {@code isFromAsRules} are always false in Kuma. */
    public record Policy(boolean hasToTargetRef, boolean hasRulesTargetRef) {}

    /** How meshtrust answers a type. */
    public enum Answer {
        /** Stored, read and written through the generic resource endpoints. */
        STORED,
        /** Computed by meshtrust from what it stores (the insights); read-only, as in Kuma. */
        COMPUTED,
        /** Not stored: every list is empty, every name is not found, writes are refused (405). */
        EMPTY
    }

    /**
     * One Kuma resource type.
     *
     * @param path            Kuma's {@code WsPath}
     * @param alternativePath Kuma's {@code AlternativeWsPath}, {@code ""} when none
     * @param shortName       the short name of KRIs, {@code ""} when none
     * @param readOnly        Kuma's own read-only flag (insights); unstored types are read-only in
     *                        {@code /_resources} too
     * @param policy          present for policy types
     * @param stored          the store's type, for {@link Answer#STORED}
     * @param overviewPaths   the paths of its overview lists besides {@code <path>/_overview} (Kuma's legacy
     *                        {@code zones+insights}), for types with insights ({@code hasOverview})
     * @param legacy          not in Kuma's current registry; kept because Kuma's GUI still requests it
     */
    public record KumaType(
            String name,
            String path,
            String alternativePath,
            boolean global,
            String shortName,
            String singular,
            String plural,
            boolean readOnly,
            boolean includeInFederation,
            Optional<Policy> policy,
            Answer answer,
            Optional<ResourceType> stored,
            boolean hasOverview,
            List<String> overviewPaths,
            boolean legacy) {

        public KumaType {
            overviewPaths = List.copyOf(overviewPaths);
        }

        /** Kuma's scope name, {@code Global} or {@code Mesh}. */
        public String scope() {
            return global ? "Global" : "Mesh";
        }

        /** The paths this type answers under: its path and its alternative path. */
        public List<String> paths() {
            return alternativePath.isEmpty() ? List.of(path) : List.of(path, alternativePath);
        }

        KumaType stored(ResourceType type) {
            return new KumaType(
                    name,
                    path,
                    alternativePath,
                    global,
                    shortName,
                    singular,
                    plural,
                    readOnly,
                    includeInFederation,
                    policy,
                    Answer.STORED,
                    Optional.of(type),
                    hasOverview,
                    overviewPaths,
                    legacy);
        }

        KumaType computed() {
            return new KumaType(
                    name,
                    path,
                    alternativePath,
                    global,
                    shortName,
                    singular,
                    plural,
                    readOnly,
                    includeInFederation,
                    policy,
                    Answer.COMPUTED,
                    stored,
                    hasOverview,
                    overviewPaths,
                    legacy);
        }

        KumaType overview(String... legacyPaths) {
            return new KumaType(
                    name,
                    path,
                    alternativePath,
                    global,
                    shortName,
                    singular,
                    plural,
                    readOnly,
                    includeInFederation,
                    policy,
                    answer,
                    stored,
                    true,
                    List.of(legacyPaths),
                    legacy);
        }

        KumaType alternative(String alternative) {
            return new KumaType(
                    name,
                    path,
                    alternative,
                    global,
                    shortName,
                    singular,
                    plural,
                    readOnly,
                    includeInFederation,
                    policy,
                    answer,
                    stored,
                    hasOverview,
                    overviewPaths,
                    legacy);
        }

        KumaType legacyType() {
            return new KumaType(
                    name,
                    path,
                    alternativePath,
                    global,
                    shortName,
                    singular,
                    plural,
                    readOnly,
                    includeInFederation,
                    policy,
                    answer,
                    stored,
                    hasOverview,
                    overviewPaths,
                    true);
        }
    }

    private static KumaType mesh(String name, String path, String shortName, String singular, String plural) {
        return type(name, path, false, shortName, singular, plural, false, true, null);
    }

    private static KumaType policy(
            String name,
            String path,
            String shortName,
            String singular,
            String plural,
            boolean hasToTargetRef,
            boolean hasRulesTargetRef) {
        return type(
                name,
                path,
                false,
                shortName,
                singular,
                plural,
                false,
                true,
                new Policy(hasToTargetRef, hasRulesTargetRef));
    }

    private static KumaType type(
            String name,
            String path,
            boolean global,
            String shortName,
            String singular,
            String plural,
            boolean readOnly,
            boolean includeInFederation,
            Policy policy) {
        return new KumaType(
                name,
                path,
                "",
                global,
                shortName,
                singular,
                plural,
                readOnly,
                includeInFederation,
                Optional.ofNullable(policy),
                Answer.EMPTY,
                Optional.empty(),
                false,
                List.of(),
                false);
    }

    /** Every type, sorted by name as Kuma's {@code /_resources} is. */
    public static final List<KumaType> ALL = Stream.of(
                    type("Dataplane", "dataplanes", false, "dp", "Dataplane", "Dataplanes", false, false, null)
                            .stored(ResourceType.DATAPLANE),
                    type(
                                    "DataplaneInsight",
                                    "dataplane-insights",
                                    false,
                                    "",
                                    "Dataplane Insight",
                                    "Dataplane Insights",
                                    true,
                                    false,
                                    null)
                            .computed(),
                    type(
                                    "GlobalSecret",
                                    "globalsecrets",
                                    true,
                                    "",
                                    "Global Secret",
                                    "Global Secrets",
                                    false,
                                    true,
                                    null)
                            .stored(ResourceType.GLOBAL_SECRET),
                    type(
                            "HostnameGenerator",
                            "hostnamegenerators",
                            true,
                            "hg",
                            "Hostname Generator",
                            "Hostname Generators",
                            false,
                            true,
                            null),
                    type("Mesh", "meshes", true, "m", "Mesh", "Meshes", false, true, null)
                            .stored(ResourceType.MESH),
                    policy("MeshAccessLog", "meshaccesslogs", "mal", "Mesh Access Log", "Mesh Access Logs", true, true),
                    policy(
                            "MeshCircuitBreaker",
                            "meshcircuitbreakers",
                            "mcb",
                            "Mesh Circuit Breaker",
                            "Mesh Circuit Breakers",
                            true,
                            true),
                    mesh(
                            "MeshExternalService",
                            "meshexternalservices",
                            "extsvc",
                            "Mesh External Service",
                            "Mesh External Services"),
                    policy(
                            "MeshFaultInjection",
                            "meshfaultinjections",
                            "mfi",
                            "Mesh Fault Injection",
                            "Mesh Fault Injections",
                            true,
                            true),
                    policy(
                            "MeshHTTPRoute",
                            "meshhttproutes",
                            "mhttpr",
                            "Mesh HTTP Route",
                            "Mesh HTTP Routes",
                            true,
                            false),
                    policy(
                            "MeshHealthCheck",
                            "meshhealthchecks",
                            "mhc",
                            "Mesh Health Check",
                            "Mesh Health Checks",
                            true,
                            false),
                    mesh("MeshIdentity", "meshidentities", "mid", "Mesh Identity", "Mesh Identities"),
                    type("MeshInsight", "mesh-insights", true, "", "Mesh Insight", "Mesh Insights", true, false, null)
                            .computed(),
                    policy(
                            "MeshLoadBalancingStrategy",
                            "meshloadbalancingstrategies",
                            "mlbs",
                            "Mesh Load Balancing Strategy",
                            "Mesh Load Balancing Strategies",
                            true,
                            false),
                    policy("MeshMetric", "meshmetrics", "mm", "Mesh Metric", "Mesh Metrics", false, false),
                    mesh(
                            "MeshMultiZoneService",
                            "meshmultizoneservices",
                            "mzsvc",
                            "Mesh Multi Zone Service",
                            "Mesh Multi Zone Services"),
                    mesh(
                            "MeshOpenTelemetryBackend",
                            "meshopentelemetrybackends",
                            "motb",
                            "Mesh OpenTelemetry Backend",
                            "Mesh OpenTelemetry Backends"),
                    policy(
                            "MeshPassthrough",
                            "meshpassthroughs",
                            "mp",
                            "Mesh Passthrough",
                            "Mesh Passthroughs",
                            false,
                            false),
                    policy(
                            "MeshProxyPatch",
                            "meshproxypatches",
                            "mpp",
                            "Mesh Proxy Patch",
                            "Mesh Proxy Patches",
                            false,
                            false),
                    policy("MeshRateLimit", "meshratelimits", "mrl", "Mesh Rate Limit", "Mesh Rate Limits", true, true),
                    policy("MeshRetry", "meshretries", "mr", "Mesh Retry", "Mesh Retries", true, false),
                    type(
                            "MeshService",
                            "meshservices",
                            false,
                            "msvc",
                            "Mesh Service",
                            "Mesh Services",
                            false,
                            false,
                            null),
                    policy("MeshTCPRoute", "meshtcproutes", "mtcpr", "Mesh TCP Route", "Mesh TCP Routes", true, false),
                    policy("MeshTLS", "meshtlses", "mtls", "Mesh TLS", "Mesh TLSes", false, true),
                    policy("MeshTimeout", "meshtimeouts", "mt", "Mesh Timeout", "Mesh Timeouts", true, true),
                    policy("MeshTrace", "meshtraces", "mtr", "Mesh Trace", "Mesh Traces", false, false),
                    policy(
                            "MeshTrafficPermission",
                            "meshtrafficpermissions",
                            "mtp",
                            "Mesh Traffic Permission",
                            "Mesh Traffic Permissions",
                            false,
                            true),
                    mesh("MeshTrust", "meshtrusts", "mtrust", "Mesh Trust", "Mesh Trusts"),
                    type(
                            "MeshZoneAddress",
                            "meshzoneaddresses",
                            false,
                            "mza",
                            "Mesh Zone Address",
                            "Mesh Zone Addresses",
                            false,
                            false,
                            null),
                    type("Secret", "secrets", false, "", "Secret", "Secrets", false, true, null)
                            .stored(ResourceType.SECRET),
                    type(
                            "ServiceInsight",
                            "service-insights",
                            false,
                            "",
                            "Service Insight",
                            "Service Insights",
                            true,
                            false,
                            null),
                    type("Workload", "workloads", false, "wl", "Workload", "Workloads", false, false, null),
                    type("Zone", "zones", true, "z", "Zone", "Zones", false, false, null)
                            .overview("zones+insights"),
                    type("ZoneInsight", "zone-insights", true, "", "Zone Insight", "Zone Insights", true, false, null),
                    // Kuma 2.x types the GUI still requests.
                    mesh("ExternalService", "external-services", "", "External Service", "External Services")
                            .legacyType(),
                    mesh("MeshGateway", "meshgateways", "mgw", "Mesh Gateway", "Mesh Gateways")
                            .legacyType(),
                    type("ZoneEgress", "zoneegresses", true, "ze", "Zone Egress", "Zone Egresses", false, false, null)
                            .overview("zoneegressoverviews")
                            .legacyType(),
                    type(
                                    "ZoneEgressInsight",
                                    "zoneegressinsights",
                                    true,
                                    "",
                                    "Zone Egress Insight",
                                    "Zone Egress Insights",
                                    true,
                                    false,
                                    null)
                            .legacyType(),
                    type(
                                    "ZoneIngress",
                                    "zoneingresses",
                                    true,
                                    "zi",
                                    "Zone Ingress",
                                    "Zone Ingresses",
                                    false,
                                    false,
                                    null)
                            .alternative("zone-ingresses")
                            .overview("zoneingresses+insights")
                            .legacyType(),
                    type(
                                    "ZoneIngressInsight",
                                    "zone-ingress-insights",
                                    true,
                                    "",
                                    "Zone Ingress Insight",
                                    "Zone Ingress Insights",
                                    true,
                                    false,
                                    null)
                            .legacyType())
            .sorted(Comparator.comparing(KumaType::name))
            .toList();

    /** The type a KRI short name names, if Kuma has one. */
    public static Optional<KumaType> byShortName(String shortName) {
        if (shortName.isEmpty()) {
            return Optional.empty();
        }
        return ALL.stream().filter(t -> t.shortName().equals(shortName)).findFirst();
    }

    /** The catalogue's row of a stored type. */
    public static KumaType of(ResourceType type) {
        return ALL.stream()
                .filter(t -> t.stored().filter(type::equals).isPresent())
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no catalogue row for " + type));
    }

    /** The unstored type answered under {@code path} (its path or alternative path), with the given scope. */
    public static Optional<KumaType> unstored(String path, boolean global) {
        return ALL.stream()
                .filter(t -> t.answer() == Answer.EMPTY
                        && t.global() == global
                        && t.paths().contains(path))
                .findFirst();
    }

    /** The unstored type whose overview list is answered under {@code path} (a legacy overview path). */
    public static Optional<KumaType> unstoredOverview(String path) {
        return ALL.stream()
                .filter(t -> t.answer() == Answer.EMPTY && t.overviewPaths().contains(path))
                .findFirst();
    }
}

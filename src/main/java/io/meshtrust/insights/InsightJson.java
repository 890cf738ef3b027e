package io.meshtrust.insights;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshtrust.insights.model.CertState;
import io.meshtrust.insights.model.InsightQueries;
import io.meshtrust.resources.ResourceJson;
import io.meshtrust.store.DataplaneInsight;
import io.meshtrust.store.Resource;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Kuma's JSON for insights ({@code api/mesh/v1alpha1/dataplane_insight.proto}, {@code mesh_insight.proto}): protobuf
 * conventions, so zero values are omitted, uint32 counters are JSON numbers and timestamps are RFC 3339 in UTC with 0,
 * 3, 6 or 9 fractional digits. Nothing secret is rendered: an insight holds no key or certificate, only their metadata.
 */
final class InsightJson {

    static final String OVERVIEW = "DataplaneOverview";
    static final String INSIGHT = "DataplaneInsight";
    static final String MESH_INSIGHT = "MeshInsight";
    static final String SUBSCRIPTION_ID = "meshtrust";
    static final String UNKNOWN_VERSION = "unknown";

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private InsightJson() {}

    /** A {@code DataplaneOverview}: the Dataplane's meta, its spec under {@code dataplane}, the insight if any. */
    static ObjectNode overview(Resource dataplane, DataplaneInsight insight, DataplaneStatus status, Instant now) {
        ObjectNode json = ResourceJson.meta(dataplane, OVERVIEW);
        json.set("dataplane", dataplane.spec().deepCopy());
        if (insight != null) {
            json.set("dataplaneInsight", insightSpec(insight, status, now));
        }
        return json;
    }

    /** A {@code DataplaneInsight} resource: its own meta, then the insight. */
    static ObjectNode insight(DataplaneInsight insight, DataplaneStatus status, Instant now) {
        ObjectNode json = JSON.objectNode();
        json.put("type", INSIGHT);
        json.put("mesh", insight.mesh());
        json.put("name", insight.name());
        json.put("creationTime", time(insight.creationTime()));
        json.put("modificationTime", time(insight.modificationTime()));
        json.setAll(insightSpec(insight, status, now));
        return json;
    }

    /** The insight's spec: {@code subscriptions}, {@code mTLS}, {@code metadata}, each omitted when empty. */
    static ObjectNode insightSpec(DataplaneInsight insight, DataplaneStatus status, Instant now) {
        ObjectNode json = JSON.objectNode();
        ArrayNode subscriptions = insight.subscriptions().deepCopy();
        if (insight.lastSeen() != null) {
            subscriptions.add(meshtrustSubscription(insight, status, now));
        }
        if (!subscriptions.isEmpty()) {
            json.set("subscriptions", subscriptions);
        }
        if (insight.mtls() != null) {
            json.set("mTLS", mtls(insight.mtls()));
        }
        if (insight.metadata() != null && !insight.metadata().isEmpty()) {
            json.set("metadata", insight.metadata().deepCopy());
        }
        return json;
    }

    /**
     * The data plane's contacts with meshtrust (certificate requests, heartbeats) as one Kuma subscription, so that
     * Kuma's tools compute the status the way {@link DataplaneStatus} does: connected since the first contact, last
     * updated at the last one, and disconnected {@code idleTimeout} after it once that has passed.
     */
    static ObjectNode meshtrustSubscription(DataplaneInsight insight, DataplaneStatus status, Instant now) {
        ObjectNode sub = JSON.objectNode();
        sub.put("id", SUBSCRIPTION_ID);
        sub.put("controlPlaneInstanceId", SUBSCRIPTION_ID);
        sub.put("connectTime", time(insight.firstSeen() != null ? insight.firstSeen() : insight.lastSeen()));
        if (status.of(insight, now) == DataplaneStatus.Status.OFFLINE) {
            sub.put("disconnectTime", time(insight.lastSeen().plus(status.idleTimeout())));
        }
        ObjectNode state = sub.putObject("status");
        state.put("lastUpdateTime", time(insight.lastSeen()));
        for (String key : new String[] {"total", "cds", "eds", "lds", "rds"}) {
            state.putObject(key);
        }
        sub.set("version", version(insight));
        return sub;
    }

    /**
     * Kuma's {@code DiscoverySubscription.version} for meshtrust's subscription: what the data plane stated in its
     * last heartbeat that carried a version, else {@code kumaDp.version} {@value #UNKNOWN_VERSION} (Kuma's own word for
     * an unknown version, {@code pkg/version/version.go}). {@code envoy} is always there, {@code {}} when nothing was
     * said about an Envoy (Kuma's JSON for an empty {@code EnvoyVersion}): the Kuma GUI reads
     * {@code version.kumaDp.version} and {@code version.envoy.version} without checking that the objects exist, and
     * shows a missing {@code kumaDp.version} as an untranslated "unknown" message.
     */
    static ObjectNode version(DataplaneInsight insight) {
        ObjectNode version;
        if (insight.version() != null && insight.version().path("kumaDp").hasNonNull("version")) {
            version = insight.version().deepCopy();
        } else {
            version = JSON.objectNode();
            version.putObject("kumaDp").put("version", UNKNOWN_VERSION);
        }
        if (!version.path("envoy").isObject()) {
            version.putObject("envoy");
        }
        return version;
    }

    /** Kuma's {@code mTLS} section; {@code certificateExpirationTime} in whole seconds, as Kuma writes it. */
    static ObjectNode mtls(DataplaneInsight.MtlsStats mtls) {
        ObjectNode json = JSON.objectNode();
        if (mtls.certificateExpirationTime() != null) {
            json.put("certificateExpirationTime", seconds(mtls.certificateExpirationTime()));
        }
        if (mtls.lastCertificateRegeneration() != null) {
            json.put("lastCertificateRegeneration", time(mtls.lastCertificateRegeneration()));
        }
        if (mtls.certificateRegenerations() != 0) {
            json.put("certificateRegenerations", mtls.certificateRegenerations());
        }
        if (mtls.issuedBackend() != null && !mtls.issuedBackend().isEmpty()) {
            json.put("issuedBackend", mtls.issuedBackend());
        }
        if (!mtls.supportedBackends().isEmpty()) {
            ArrayNode supported = json.putArray("supportedBackends");
            mtls.supportedBackends().forEach(supported::add);
        }
        return json;
    }

    /**
     * A {@code MeshInsight} with what meshtrust computes: Dataplane counts by status and the {@code mTLS} backend
     * counts; zero counts omitted. Kuma 2.x no longer writes {@code lastSync} (reserved field).
     */
    static ObjectNode meshInsight(MeshInsights.MeshInsight insight) {
        Resource mesh = insight.mesh();
        InsightQueries.MeshStats stats = insight.stats();
        InsightQueries.MeshInventory inventory = insight.inventory();
        Instant now = insight.now();
        ObjectNode json = JSON.objectNode();
        json.put("type", MESH_INSIGHT);
        json.put("name", mesh.name());
        json.put("creationTime", time(mesh.creationTime()));
        json.put("modificationTime", time(now));
        json.set("dataplanes", stat(stats.dataplanes()));
        ObjectNode mtls = json.putObject("mTLS");
        if (!stats.issuedBackends().isEmpty()) {
            mtls.set("issuedBackends", stats(stats.issuedBackends()));
        }
        if (!stats.supportedBackends().isEmpty()) {
            mtls.set("supportedBackends", stats(stats.supportedBackends()));
        }
        // Kuma 2.x's ServiceStat (api/mesh/v1alpha1/mesh_insight.proto before the field was reserved), which Kuma's
        // GUI still reads: the distinct kuma.io/service values of the mesh's Dataplanes; meshtrust stores no external
        // services. Zeros omitted, as protobuf JSON does.
        long internal = insight.internalServices();
        ObjectNode services = json.putObject("services");
        if (internal != 0) {
            services.put("total", internal);
            services.put("internal", internal);
        }
        json.set("dataplanesByType", dataplanesByType(inventory));
        ObjectNode resources = json.putObject("resources");
        resources.set("Dataplane", total(stats.dataplanes().total()));
        resources.set("Secret", total(inventory.secrets()));
        return json;
    }

    /**
     * Kuma's {@code dataplanesByType}: {@code standard}, {@code gateway} (every gateway), {@code gatewayBuiltin},
     * {@code gatewayDelegated}; each a {@code DataplaneStat} with zeros omitted.
     */
    static ObjectNode dataplanesByType(InsightQueries.MeshInventory inventory) {
        var builtin = inventory.dataplanes(InsightQueries.DataplaneKind.GATEWAY_BUILTIN);
        var delegated = inventory.dataplanes(InsightQueries.DataplaneKind.GATEWAY_DELEGATED);
        ObjectNode json = JSON.objectNode();
        json.set("standard", stat(inventory.dataplanes(InsightQueries.DataplaneKind.STANDARD)));
        json.set("gateway", stat(builtin.plus(delegated)));
        json.set("gatewayBuiltin", stat(builtin));
        json.set("gatewayDelegated", stat(delegated));
        return json;
    }

    private static ObjectNode total(long total) {
        ObjectNode json = JSON.objectNode();
        if (total != 0) {
            json.put("total", total);
        }
        return json;
    }

    private static ObjectNode stats(Map<String, InsightQueries.DataplaneStat> byBackend) {
        ObjectNode json = JSON.objectNode();
        byBackend.forEach((backend, stat) -> json.set(backend, stat(stat)));
        return json;
    }

    /** Kuma's {@code DataplaneStat}, zeros omitted. */
    static ObjectNode stat(InsightQueries.DataplaneStat stat) {
        ObjectNode json = JSON.objectNode();
        if (stat.total() != 0) {
            json.put("total", stat.total());
        }
        if (stat.online() != 0) {
            json.put("online", stat.online());
        }
        if (stat.offline() != 0) {
            json.put("offline", stat.offline());
        }
        return json;
    }

    /** RFC 3339 in UTC; {@link Instant#toString()} writes 0, 3, 6 or 9 fractional digits, like protobuf JSON. */
    /**
     * One row of meshtrust's certificate list: {@code {"mesh", "name", "state", "status", "services",
     * "certificateExpirationTime", "renewAfter", "lastCertificateRegeneration", "certificateRegenerations",
     * "issuedBackend", "lastSeen"}}; certificate keys are absent when nothing was issued ({@code state} "none"),
     * {@code lastSeen} when there was no contact. {@code services} are the inbounds' and gateway's
     * {@code kuma.io/service} values, in order, without repeats.
     */
    static ObjectNode certificateItem(
            Resource dataplane, DataplaneInsight insight, DataplaneStatus status, CertState.At at) {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("mesh", dataplane.mesh());
        json.put("name", dataplane.name());
        json.put("state", CertState.of(insight, at).value());
        json.put("status", status.of(insight, at.now()).label());
        var services = new LinkedHashSet<String>();
        var networking = dataplane.spec().path("networking");
        networking.path("inbound").forEach(inbound -> addService(services, inbound));
        addService(services, networking.path("gateway"));
        var array = json.putArray("services");
        services.forEach(array::add);
        if (insight != null && insight.mtls() != null) {
            var mtls = insight.mtls();
            if (mtls.certificateExpirationTime() != null) {
                json.put("certificateExpirationTime", seconds(mtls.certificateExpirationTime()));
            }
            if (insight.certificate() != null && insight.certificate().renewAfter() != null) {
                json.put("renewAfter", seconds(insight.certificate().renewAfter()));
            }
            if (mtls.lastCertificateRegeneration() != null) {
                json.put("lastCertificateRegeneration", time(mtls.lastCertificateRegeneration()));
            }
            json.put("certificateRegenerations", mtls.certificateRegenerations());
            if (mtls.issuedBackend() != null) {
                json.put("issuedBackend", mtls.issuedBackend());
            }
        }
        if (insight != null && insight.lastSeen() != null) {
            json.put("lastSeen", time(insight.lastSeen()));
        }
        return json;
    }

    private static void addService(Set<String> services, JsonNode node) {
        var service = node.path("tags").path("kuma.io/service");
        if (service.isTextual()) {
            services.add(service.asText());
        }
    }

    static String time(Instant t) {
        return t == null ? null : t.toString();
    }

    static String seconds(Instant t) {
        return t.truncatedTo(ChronoUnit.SECONDS).toString();
    }
}

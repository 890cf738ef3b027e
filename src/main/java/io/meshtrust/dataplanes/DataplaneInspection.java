package io.meshtrust.dataplanes;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshtrust.resources.ResourceJson;
import io.meshtrust.resources.SpecMapper;
import io.meshtrust.store.Resource;
import java.util.List;
import java.util.Optional;

/**
 * The bodies of Kuma's inspect endpoints of a Dataplane for a mesh without policies, which is every mesh meshtrust
 * serves: it stores no policies, MeshServices or outbound model (a trust plane runs no xDS server). Shapes and field
 * names are those of Kuma's {@code api/openapi/specs/api.yaml} and {@code api/openapi/types}, built as
 * {@code pkg/api-server/resource_inspect_endpoints.go}, {@code dataplane_layout_endpoint.go} and
 * {@code inspect_endpoints.go} build them when no policy matches (their goldens under
 * {@code pkg/api-server/testdata/}).
 */
final class DataplaneInspection {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private DataplaneInspection() {}

    /**
     * {@code _rules} (Kuma's {@code InspectRules}): no rule and no HTTP match; {@code resource} is the Dataplane's
     * {@code Meta} ({@code oapi_helpers.ResourceToMeta}: type, mesh, name, labels, {@code {}} when it has none).
     */
    static ObjectNode rules(Resource dataplane) {
        ObjectNode body = JSON.objectNode();
        body.putArray("httpMatches");
        ObjectNode resource = body.putObject("resource");
        resource.set("labels", labels(dataplane));
        resource.put("mesh", dataplane.mesh());
        resource.put("name", dataplane.name());
        resource.put("type", "Dataplane");
        body.putArray("rules");
        return body;
    }

    /**
     * {@code _layout} (Kuma's {@code DataplaneNetworkingLayout}): the Dataplane's {@code kri} and labels, and its
     * inbounds as Kuma derives them from the spec: each one's KRI with the inbound's section name (its {@code name},
     * else its port, {@code Inbound.GetSectionName}), the port, the protocol and Kuma's contextual name
     * {@code self_inbound_dp_<section>} ({@code pkg/core/naming/contextual.go}). The protocol is the inbound's
     * {@code protocol}, else its {@code kuma.io/protocol} tag, else {@code ""} (Kuma 2.14's
     * {@code GetProtocolFallback}; Kuma 3 reads the field only). {@code outbounds} is empty: Kuma lists the
     * MeshServices the dataplane can reach, and meshtrust stores none; {@code listeners} (zone proxy listeners) is
     * empty as meshtrust does not model them; {@code spiffeId} is left out as in Kuma without a MeshIdentity.
     */
    static ObjectNode layout(Resource dataplane) {
        ObjectNode body = JSON.objectNode();
        ArrayNode inbounds = body.putArray("inbounds");
        for (Dataplane.Inbound in : inbounds(dataplane)) {
            String section = sectionName(in);
            ObjectNode inbound = inbounds.addObject();
            inbound.put("kri", ResourceJson.kri(dataplane, section));
            inbound.put("port", in.port() == null ? 0 : in.port());
            inbound.put("protocol", protocol(in));
            inbound.put("proxyResourceName", "self_inbound_dp_" + section);
        }
        body.put("kri", ResourceJson.kri(dataplane, ""));
        body.set("labels", labels(dataplane));
        body.putArray("listeners");
        body.putArray("outbounds");
        return body;
    }

    /**
     * The deprecated {@code policies} (Kuma's {@code DataplaneInspectResponse}, which the GUI still reads): no
     * attachment matched, as Kuma's golden {@code inspect_dataplane_empty-response.json}.
     */
    static ObjectNode sidecarPolicies() {
        ObjectNode body = JSON.objectNode();
        body.put("kind", "SidecarDataplane");
        body.put("total", 0);
        body.putArray("items");
        return body;
    }

    /** {@code _policies} and the inbound and outbound {@code _policies} (Kuma's {@code PoliciesList}): none. */
    static ObjectNode noPolicies() {
        ObjectNode body = JSON.objectNode();
        body.putArray("policies");
        return body;
    }

    /**
     * The inbound a KRI's section name selects, as Kuma's {@code InboundsSelectedBySectionName}: the first inbound
     * whose section name is it, or the first inbound at all for an empty section name.
     */
    static Optional<Dataplane.Inbound> inbound(Resource dataplane, String sectionName) {
        return inbounds(dataplane).stream()
                .filter(in -> sectionName.isEmpty() || sectionName(in).equals(sectionName))
                .findFirst();
    }

    /** Kuma's {@code Inbound.GetSectionName}: the inbound's name, else its port. */
    static String sectionName(Dataplane.Inbound in) {
        if (in.name() != null && !in.name().isEmpty()) {
            return in.name();
        }
        return String.valueOf(in.port() == null ? 0 : in.port());
    }

    private static String protocol(Dataplane.Inbound in) {
        if (in.protocol() != null && !in.protocol().isEmpty()) {
            return in.protocol();
        }
        return in.tags().getOrDefault(DataplaneValidator.PROTOCOL_TAG, "");
    }

    private static List<Dataplane.Inbound> inbounds(Resource dataplane) {
        Dataplane dp = SpecMapper.bind(dataplane.spec(), Dataplane.class);
        return dp.networking() == null ? List.of() : dp.networking().inbound();
    }

    private static ObjectNode labels(Resource r) {
        ObjectNode labels = JSON.objectNode();
        r.labels().forEach(labels::put);
        return labels;
    }
}

package io.meshtrust.dataplanes;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The spec of a Kuma Dataplane, the parts the trust plane reads typed (address, inbounds with their tags and protocol,
 * gateway);
 * other sections are kept as JSON so Kuma clients round-trip them. Zero values are omitted, except inside tags: a tag
 * with an empty value is kept so that the validator can refuse it as Kuma does ({@code tag value must be non-empty})
 * instead of the tag silently disappearing.
 */
// Bound by Jackson through reflection (SpecMapper). With targets set, Quarkus registers only the targets, so the record
// itself is listed too.
@RegisterForReflection(
        targets = {
            Dataplane.class,
            Dataplane.Networking.class,
            Dataplane.Inbound.class,
            Dataplane.Gateway.class,
            Dataplane.GatewayType.class
        })
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Dataplane(Networking networking, ObjectNode metrics, ObjectNode probes) {

    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record Networking(
            String address,
            String advertisedAddress,
            List<Inbound> inbound,
            List<ObjectNode> outbound,
            Gateway gateway,
            ObjectNode transparentProxying,
            ObjectNode admin) {
        public Networking {
            inbound = inbound == null ? List.of() : List.copyOf(inbound);
            outbound = outbound == null ? List.of() : List.copyOf(outbound);
        }
    }

    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record Inbound(
            Integer port,
            Integer servicePort,
            String serviceAddress,
            String address,
            String name,

            @JsonInclude(value = JsonInclude.Include.NON_EMPTY, content = JsonInclude.Include.ALWAYS)
            Map<String, String> tags,

            ObjectNode health,
            ObjectNode serviceProbe,
            String state,
            String protocol) {
        public Inbound {
            tags = tags == null ? Map.of() : new TreeMap<>(tags);
        }
    }

    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record Gateway(
            @JsonInclude(value = JsonInclude.Include.NON_EMPTY, content = JsonInclude.Include.ALWAYS)
            Map<String, String> tags,

            GatewayType type) {
        public Gateway {
            tags = tags == null ? Map.of() : new TreeMap<>(tags);
            type = type == GatewayType.DELEGATED ? null : type; // the protobuf zero value is not written
        }
    }

    /** Kuma's gateway types: DELEGATED (default) or BUILTIN. */
    public enum GatewayType {
        DELEGATED,
        BUILTIN
    }
}

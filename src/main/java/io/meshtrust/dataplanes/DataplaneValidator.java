package io.meshtrust.dataplanes;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshtrust.api.Violation;
import io.meshtrust.resources.SpecDecodingException;
import io.meshtrust.resources.SpecMapper;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Kuma's Dataplane rules for {@code networking} ({@code pkg/core/resources/apis/mesh/dataplane_validator.go} and the
 * tag rules of {@code validators.go}, Kuma v2.14.3), with Kuma's field paths, messages and order, followed by
 * meshtrust's identity rule (see {@link #identity}).
 *
 * <p>Ported: the address ({@code address can't be empty}, {@code must not be 0.0.0.0 or ::}, IP or domain name),
 * the admin port against inbounds and outbounds on loopback, the delegated and builtin gateway rules (no inbounds, no
 * outbounds or probes for builtin, tags with {@code kuma.io/service} and a {@code tcp} protocol only), inbound ports,
 * service and inbound addresses, inbound tags (names, values, {@code kuma.io/protocol}), the inbound's {@code protocol},
 * and outbound ports, addresses,
 * tags, legacy {@code service} and {@code backendRef}. Not ported, because meshtrust does not model those sections:
 * {@code listeners}, {@code transparentProxying.reachableBackends}, {@code probes} endpoints, inbound
 * {@code serviceProbe} durations and {@code metrics}.
 */
final class DataplaneValidator {

    static final String SERVICE_TAG = "kuma.io/service";
    static final String PROTOCOL_TAG = "kuma.io/protocol";
    private static final Pattern TAG_NAME = Pattern.compile("^[a-zA-Z0-9.\\-_:/]*$");
    private static final Pattern TAG_VALUE = Pattern.compile("^[a-zA-Z0-9.\\-_:]*$");
    private static final Set<String> PROTOCOLS = Set.of("tcp", "tls", "http", "http2", "grpc", "kafka", "mysql");
    private static final String SUPPORTED_PROTOCOLS = "Allowed values: grpc, http, http2, kafka, tcp";
    private static final Set<String> BACKEND_KINDS =
            Set.of("MeshService", "MeshExternalService", "MeshMultiZoneService");
    private static final String BACKEND_KINDS_TEXT = "MeshExternalService,MeshMultiZoneService,MeshService";
    private static final String PORT_RANGE = "port must be in the range [1, 65535]";
    private static final String IDENTITY_HINT =
            " (or the Dataplane needs the kuma.io/workload label to derive its identity)";

    /** An outbound as Kuma's proto has it; bound only to check it, the stored JSON stays as sent (decoded). */
    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    record Outbound(Integer port, String address, Map<String, String> tags, String service, BackendRef backendRef) {
        Outbound {
            tags = tags == null ? Map.of() : new TreeMap<>(tags);
        }
    }

    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    record BackendRef(String kind, String name, Map<String, String> labels, Integer port) {
        BackendRef {
            labels = labels == null ? Map.of() : labels;
        }
    }

    @RegisterForReflection
    record Admin(Integer port) {}

    private DataplaneValidator() {}

    /**
     * Type-checks the sections the {@link Dataplane} record keeps as JSON and Kuma's rules read.
     *
     * @throws SpecDecodingException naming the field, as a protobuf decoder would refuse it
     */
    static void checkTypes(Dataplane dp) {
        if (dp.networking() == null) {
            return;
        }
        outbounds(dp.networking());
        admin(dp.networking());
    }

    /** The violations of a decoded Dataplane, in Kuma's order; empty when valid. */
    static List<Violation> validate(Dataplane dp, Map<String, String> labels) {
        List<Violation> v = new ArrayList<>();
        Dataplane.Networking net = dp.networking();
        if (net == null) {
            v.add(new Violation("networking", "must be defined"));
            return v;
        }
        List<Outbound> outbounds = outbounds(net);
        Admin admin = admin(net);
        if (admin != null) {
            int port = orZero(admin.port());
            if (usesInbound(net, port)) {
                v.add(new Violation("networking.admin.port", "must differ from inbound"));
            }
            if (usesOutbound(outbounds, port)) {
                v.add(new Violation("networking.admin.port", "must differ from outbound"));
            }
        }
        Dataplane.Gateway gateway = net.gateway();
        if (gateway != null && gateway.type() != Dataplane.GatewayType.BUILTIN) {
            if (!net.inbound().isEmpty()) {
                v.add(new Violation("networking.inbound", "inbound cannot be defined for delegated gateways"));
            }
            gateway(v, gateway);
            networking(v, net, outbounds);
        } else if (gateway != null) {
            if (!net.inbound().isEmpty()) {
                v.add(new Violation("networking.inbound", "inbound cannot be defined for builtin gateways"));
            }
            if (!outbounds.isEmpty()) {
                v.add(new Violation("networking.outbound", "outbound cannot be defined for builtin gateways"));
            }
            if (dp.probes() != null) {
                v.add(new Violation("networking.probes", "probes cannot be defined for builtin gateways"));
            }
            gateway(v, gateway);
            networking(v, net, outbounds);
        } else {
            networking(v, net, outbounds);
        }
        identity(v, net, labels);
        return v;
    }

    private static void networking(List<Violation> v, Dataplane.Networking net, List<Outbound> outbounds) {
        address(v, "networking.address", net.address());
        for (int i = 0; i < net.inbound().size(); i++) {
            Dataplane.Inbound in = net.inbound().get(i);
            String path = "networking.inbound[" + i + "]";
            inbound(v, path, in, nullToEmpty(net.address()));
            if (!in.tags().isEmpty() && !in.tags().containsKey(SERVICE_TAG)) {
                v.add(new Violation(path + ".tags" + key(SERVICE_TAG), "tag has to exist"));
            }
        }
        for (int i = 0; i < outbounds.size(); i++) {
            outbound(v, "networking.outbound[" + i + "]", outbounds.get(i));
        }
    }

    private static void address(List<Violation> v, String path, String address) {
        if (address == null || address.isEmpty()) {
            v.add(new Violation(path, "address can't be empty"));
            return;
        }
        if (address.equals("0.0.0.0") || address.equals("::")) {
            v.add(new Violation(path, "must not be 0.0.0.0 or ::"));
        }
        if (!GoNet.isIp(address) && !GoNet.isDnsName(address)) {
            v.add(new Violation(path, "address has to be valid IP address or domain name"));
        }
    }

    private static void inbound(List<Violation> v, String path, Dataplane.Inbound in, String dpAddress) {
        int port = orZero(in.port());
        int servicePort = orZero(in.servicePort());
        port(v, path + ".port", port);
        if (servicePort != 0) {
            port(v, path + ".servicePort", servicePort);
        }
        String serviceAddress = nullToEmpty(in.serviceAddress());
        String address = nullToEmpty(in.address());
        boolean samePort = servicePort == 0 || servicePort == port;
        if (!serviceAddress.isEmpty()) {
            if (!GoNet.isIp(serviceAddress)) {
                v.add(new Violation(path + ".serviceAddress", "serviceAddress has to be valid IP address"));
            }
            if (serviceAddress.equals(dpAddress) && samePort) {
                v.add(new Violation(
                        path + ".serviceAddress",
                        "serviceAddress and servicePort has to differ from address and port"));
            }
        }
        if (!address.isEmpty()) {
            if (!GoNet.isIp(address)) {
                v.add(new Violation(path + ".address", "address has to be valid IP address"));
            }
            if (address.equals(serviceAddress) && samePort) {
                v.add(new Violation(
                        path + ".serviceAddress",
                        "serviceAddress and servicePort has to differ from address and port"));
            }
        }
        String tags = path + ".tags";
        String protocol = nullToEmpty(in.tags().get(PROTOCOL_TAG));
        if (in.tags().containsKey(PROTOCOL_TAG) && !PROTOCOLS.contains(protocol.toLowerCase(Locale.ROOT))) {
            v.add(new Violation(
                    tags + key(PROTOCOL_TAG),
                    "tag " + quote(PROTOCOL_TAG) + " has an invalid value " + quote(protocol) + ". "
                            + SUPPORTED_PROTOCOLS));
        }
        tags(v, tags, in.tags(), false);
        String inboundProtocol = nullToEmpty(in.protocol());
        if (!inboundProtocol.isEmpty() && !PROTOCOLS.contains(inboundProtocol.toLowerCase(Locale.ROOT))) {
            v.add(new Violation(
                    path + ".protocol", "has an invalid value " + quote(inboundProtocol) + ". " + SUPPORTED_PROTOCOLS));
        }
    }

    private static void gateway(List<Violation> v, Dataplane.Gateway gateway) {
        String path = "networking.gateway.tags";
        String protocol = nullToEmpty(gateway.tags().get(PROTOCOL_TAG));
        if (gateway.tags().containsKey(PROTOCOL_TAG)
                && !protocol.toLowerCase(Locale.ROOT).equals("tcp")) {
            v.add(new Violation(
                    path + key(PROTOCOL_TAG),
                    "other values than tcp are not allowed, provided value " + quote(protocol)));
        }
        // Kuma requires the service tag only when the gateway has tags: without any it derives no identity from them.
        tags(v, path, gateway.tags(), !gateway.tags().isEmpty());
    }

    private static void outbound(List<Violation> v, String path, Outbound out) {
        port(v, path + ".port", orZero(out.port()));
        if (out.address() != null && !out.address().isEmpty() && !GoNet.isIp(out.address())) {
            v.add(new Violation(path + ".address", "address has to be valid IP address"));
        }
        BackendRef ref = out.backendRef();
        boolean service = out.service() != null && !out.service().isEmpty();
        if (ref != null) {
            if (!BACKEND_KINDS.contains(nullToEmpty(ref.kind()))) {
                v.add(new Violation(
                        path + ".backendRef.kind", "invalid value. Available values are: " + BACKEND_KINDS_TEXT));
            }
            if (nullToEmpty(ref.name()).isEmpty() && ref.labels().isEmpty()) {
                v.add(new Violation(path + ".backendRef", "either 'name' or 'labels' should be specified"));
            }
            if (!"MeshExternalService".equals(ref.kind())) {
                port(v, path + ".backendRef.port", orZero(ref.port()));
            }
        } else if (out.tags().isEmpty()) {
            if (!service) {
                v.add(new Violation(path + ".tags", "mandatory tag " + quote(SERVICE_TAG) + " is missing"));
            }
        } else {
            tags(v, path + ".tags", out.tags(), true);
        }
        if (ref != null && (!out.tags().isEmpty() || service)) {
            v.add(new Violation(path + ".backendRef", "both backendRef and tags/service cannot be defined"));
        }
    }

    /** Kuma's {@code ValidateTags}: per key in sorted order, name then value; the service tag last. */
    private static void tags(List<Violation> v, String path, Map<String, String> tags, boolean requireService) {
        new TreeMap<>(tags).forEach((name, value) -> {
            if (name.isEmpty()) {
                v.add(new Violation(path, "tag name must be non-empty"));
            }
            if (!TAG_NAME.matcher(name).matches()) {
                v.add(new Violation(
                        path + key(name),
                        "tag name must consist of alphanumeric characters, dots, dashes, slashes and underscores"));
            }
            if (value == null || value.isEmpty()) {
                v.add(new Violation(path + key(name), "tag value must be non-empty"));
            } else if (!TAG_VALUE.matcher(value).matches()) {
                v.add(new Violation(
                        path + key(name),
                        "tag value must consist of alphanumeric characters, dots, dashes and underscores"));
            }
        });
        if (requireService && !tags.containsKey(SERVICE_TAG)) {
            v.add(new Violation(path, "mandatory tag " + quote(SERVICE_TAG) + " is missing"));
        }
    }

    /**
     * meshtrust's identity rule, a deliberate addition to Kuma's: a Dataplane must be able to get a certificate
     * (docs/kuma-ca-insights.md §4.1), so without the {@code kuma.io/workload} label it needs an inbound or a gateway, and
     * each of them needs the {@code kuma.io/service} tag even when it has no tags at all (Kuma then accepts it and
     * fails only when minting).
     */
    private static void identity(List<Violation> v, Dataplane.Networking net, Map<String, String> labels) {
        String workload = labels.get(DataplaneSpec.WORKLOAD_LABEL);
        if (workload != null && !workload.isEmpty()) {
            return;
        }
        if (net.inbound().isEmpty() && net.gateway() == null) {
            v.add(new Violation("networking", "has to contain at least one inbound interface or gateway"));
        }
        for (int i = 0; i < net.inbound().size(); i++) {
            if (net.inbound().get(i).tags().isEmpty()) {
                v.add(new Violation(
                        "networking.inbound[" + i + "].tags" + key(SERVICE_TAG), "tag has to exist" + IDENTITY_HINT));
            }
        }
        if (net.gateway() != null && net.gateway().tags().isEmpty()) {
            v.add(new Violation(
                    "networking.gateway.tags", "mandatory tag " + quote(SERVICE_TAG) + " is missing" + IDENTITY_HINT));
        }
    }

    private static void port(List<Violation> v, String path, int port) {
        if (port < 1 || port > 65535) {
            v.add(new Violation(path, PORT_RANGE));
        }
    }

    /** Kuma's {@code UsesInboundInterface(127.0.0.1, port)}: the dataplane's or the workload's side of an inbound. */
    private static boolean usesInbound(Dataplane.Networking net, int port) {
        for (Dataplane.Inbound in : net.inbound()) {
            String dataplaneIp = nonEmptyOr(in.address(), net.address());
            String workloadIp = nonEmptyOr(in.serviceAddress(), dataplaneIp);
            int workloadPort = orZero(in.servicePort()) != 0 ? orZero(in.servicePort()) : orZero(in.port());
            if ((port == orZero(in.port()) && loopbackOverlaps(dataplaneIp))
                    || (port == workloadPort && loopbackOverlaps(workloadIp))) {
                return true;
            }
        }
        return false;
    }

    private static boolean usesOutbound(List<Outbound> outbounds, int port) {
        for (Outbound out : outbounds) {
            if (port == orZero(out.port()) && loopbackOverlaps(nonEmptyOr(out.address(), "127.0.0.1"))) {
                return true;
            }
        }
        return false;
    }

    /** Go's {@code overlap(127.0.0.1, net.ParseIP(ip))}: equal, or the other is a wildcard. */
    private static boolean loopbackOverlaps(String ip) {
        byte[] parsed = GoNet.parseIp(ip);
        return GoNet.isUnspecified(parsed) || Arrays.equals(parsed, GoNet.parseIp("127.0.0.1"));
    }

    private static List<Outbound> outbounds(Dataplane.Networking net) {
        List<Outbound> out = new ArrayList<>();
        for (int i = 0; i < net.outbound().size(); i++) {
            out.add(bind(net.outbound().get(i), Outbound.class, "networking.outbound[" + i + "]"));
        }
        return out;
    }

    private static Admin admin(Dataplane.Networking net) {
        return net.admin() == null ? null : bind(net.admin(), Admin.class, "networking.admin");
    }

    private static <T> T bind(ObjectNode json, Class<T> type, String path) {
        try {
            return SpecMapper.bind(json, type);
        } catch (SpecDecodingException e) {
            String message = e.getMessage();
            throw new SpecDecodingException(path + (message.startsWith("expected") ? ": " : ".") + message);
        }
    }

    /** Kuma's {@code PathBuilder.Key}: {@code ["<key>"]} with Go's {@code %q} quoting. */
    static String key(String name) {
        return "[" + quote(name) + "]";
    }

    /** Go's {@code %q} for the characters a JSON key or value can carry. */
    static String quote(String s) {
        var sb = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        sb.append(String.format("\\x%02x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }

    private static int orZero(Integer i) {
        return i == null ? 0 : i;
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }

    private static String nonEmptyOr(String s, String fallback) {
        return s == null || s.isEmpty() ? fallback : s;
    }
}

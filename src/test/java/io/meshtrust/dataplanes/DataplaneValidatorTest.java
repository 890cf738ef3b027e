package io.meshtrust.dataplanes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.meshtrust.resources.SpecDecodingException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Kuma's Dataplane networking rules, with the cases of Kuma's {@code pkg/core/resources/apis/mesh/
 * dataplane_validator_test.go} (v2.14.3): same input (YAML as there), same violations ({@code field: message}, in
 * Kuma's order). Kuma's cases run with the {@code kuma.io/workload} label, which satisfies meshtrust's own identity
 * rule, so what they check is Kuma's rules alone; the identity rule has its own cases below.
 */
class DataplaneValidatorTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Map<String, String> WORKLOAD = Map.of("kuma.io/workload", "wl");
    private static final DataplaneSpec SPEC = new DataplaneSpec();

    record Case(String name, String yaml, List<String> violations) {}

    static List<String> violations(String yaml, Map<String, String> labels) {
        ObjectNode raw;
        try {
            raw = (ObjectNode) YAML.readTree(yaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        raw.remove(List.of("type", "name", "mesh"));
        ObjectNode decoded = SPEC.decode(raw);
        return SPEC.validate("default", "dp-1", labels, decoded).stream()
                .map(v -> v.field() + ": " + v.message())
                .toList();
    }

    private static final String REDIS = """
              outbound:
                - port: 3333
                  tags:
                    kuma.io/service: redis
            """;

    static List<Case> valid() {
        return List.of(
                new Case("dataplane with inbounds", """
                        networking:
                          address: 192.168.0.1
                          inbound:
                            - port: 8080
                              tags:
                                kuma.io/service: backend
                                version: "1"
                        """ + REDIS, List.of()),
                new Case("dataplane with full inbounds and outbounds", """
                        networking:
                          address: 192.168.0.1
                          inbound:
                            - port: 8080
                              servicePort: 7777
                              address: 127.0.0.1
                              tags:
                                kuma.io/service: backend
                                version: "1"
                          outbound:
                            - port: 3333
                              address: 127.0.0.1
                              tags:
                                kuma.io/service: redis
                        """, List.of()),
                new Case("dataplane with full inbounds and outbounds ipv6", """
                        networking:
                          address: 0:0:0:0:0:FFFF:C0A8:0001
                          inbound:
                            - port: 8080
                              servicePort: 7777
                              address: ::1
                              tags:
                                kuma.io/service: backend
                                version: "1"
                          outbound:
                            - port: 3333
                              address: ::1
                              tags:
                                kuma.io/service: redis
                        """, List.of()),
                new Case("dataplane with gateway", """
                        networking:
                          address: 192.168.0.1
                          gateway:
                            tags:
                              kuma.io/service: backend
                              kuam.io/protocol: tcp
                              version: "1"
                        """ + REDIS, List.of()),
                new Case("dataplane with valid tags", """
                        networking:
                          address: 192.168.0.1
                          gateway:
                            tags:
                              kuma.io/service: backend
                              version: "1"
                              kuma.io/valid: abc.0123-789.under_score:90
                        """ + REDIS, List.of()),
                new Case("dataplane domain name in the address", """
                        networking:
                          address: example.com
                          inbound:
                            - port: 8080
                              tags:
                                kuma.io/service: backend
                                version: "1"
                        """ + REDIS, List.of()),
                new Case(
                        "dataplane with admin port equal to inbound and outbound but different network interfaces",
                        """
                        networking:
                          address: 192.168.0.1
                          admin:
                            port: 8080
                          inbound:
                            - port: 8080
                              servicePort: 7777
                              address: 192.168.0.1
                              tags:
                                kuma.io/service: backend
                                version: "1"
                          outbound:
                            - port: 3333
                              address: 192.168.0.1
                              tags:
                                kuma.io/service: redis
                        """,
                        List.of()),
                new Case("dataplane with backend ref for MeshExternalService", """
                        networking:
                          address: 192.168.0.1
                          inbound:
                            - port: 8080
                              tags:
                                kuma.io/service: backend
                          outbound:
                            - port: 3333
                              backendRef:
                                kind: MeshExternalService
                                name: example
                        """, List.of()),
                new Case("no inbound outbound-only", """
                        networking:
                          address: 192.168.0.1
                        """ + REDIS, List.of()),
                new Case("inbound service address", """
                        networking:
                          address: 192.168.0.1
                          inbound:
                            - port: 10001
                              serviceAddress: 192.168.0.2
                              servicePort: 5050
                              address: 1.1.1.1
                              tags:
                                kuma.io/service: backend
                        """, List.of()),
                new Case("inbound service address different inbound address and port", """
                        networking:
                          address: 192.168.0.1
                          inbound:
                            - port: 10001
                              address: 192.168.0.2
                              serviceAddress: 192.168.0.2
                              servicePort: 10002
                              tags:
                                kuma.io/service: backend
                        """, List.of()));
    }

    private static final String BACKEND_1234 = """
              inbound:
                - port: 1234
                  tags:
                    kuma.io/service: backend
                    version: "v1"
            """;

    static List<Case> invalid() {
        String range = "port must be in the range [1, 65535]";
        return List.of(
                new Case(
                        "networking.address: can't use 0.0.0.0",
                        """
                        networking:
                          address: 0.0.0.0
                          inbound:
                            - port: 8080
                              tags:
                                kuma.io/service: backend
                        """,
                        List.of("networking.address: must not be 0.0.0.0 or ::")),
                new Case(
                        "networking.address: can't use ::",
                        """
                        networking:
                          address: "::"
                          inbound:
                            - port: 8080
                              tags:
                                kuma.io/service: backend
                        """,
                        List.of("networking.address: must not be 0.0.0.0 or ::")),
                new Case("missing networking", "type: Dataplane\n", List.of("networking: must be defined")),
                new Case("networking empty", "networking: {}\n", List.of("networking.address: address can't be empty")),
                new Case(
                        "networking.address: empty",
                        """
                        networking:
                          inbound:
                            - port: 8080
                              tags:
                                kuma.io/service: backend
                                version: "1"
                        """ + REDIS,
                        List.of("networking.address: address can't be empty")),
                new Case(
                        "networking.address: invalid format",
                        """
                        networking:
                          address: ..>_<..
                          inbound:
                            - port: 8080
                              tags:
                                kuma.io/service: backend
                                version: "1"
                        """ + REDIS,
                        List.of("networking.address: address has to be valid IP address or domain name")),
                new Case(
                        "networking: both inbounds and gateway are defined",
                        """
                        networking:
                          address: 192.168.0.1
                          inbound:
                            - port: 8080
                              servicePort: 7777
                              tags:
                                kuma.io/service: backend
                                version: "1"
                          gateway:
                            tags:
                              kuma.io/service: kong
                        """ + REDIS,
                        List.of("networking.inbound: inbound cannot be defined for delegated gateways")),
                new Case(
                        "networking: builtin gateway must not have inbounds",
                        """
                        networking:
                          address: 192.168.0.1
                          gateway:
                            type: BUILTIN
                            tags:
                              kuma.io/service: kong
                          inbound:
                            - port: 3333
                              tags:
                                kuma.io/service: kong
                        """,
                        List.of("networking.inbound: inbound cannot be defined for builtin gateways")),
                new Case(
                        "networking: builtin gateway must not have outbounds",
                        """
                        networking:
                          address: 192.168.0.1
                          gateway:
                            type: BUILTIN
                            tags:
                              kuma.io/service: kong
                          outbound:
                            - port: 3333
                              tags:
                                kuma.io/service: kong
                        """,
                        List.of("networking.outbound: outbound cannot be defined for builtin gateways")),
                new Case(
                        "networking: builtin gateway must not have probes",
                        """
                        networking:
                          address: 192.168.0.1
                          gateway:
                            type: BUILTIN
                            tags:
                              kuma.io/service: kong
                        probes:
                          port: 0
                          endpoints:
                           - inboundPort: 8088
                             inboundPath: /healthz
                             path: /8080/healthz
                        """,
                        List.of("networking.probes: probes cannot be defined for builtin gateways")),
                new Case(
                        "networking: builtin gateway must have a service tag",
                        """
                        networking:
                          address: 192.168.0.1
                          gateway:
                            type: BUILTIN
                            tags:
                              foo: bar
                        """,
                        List.of("networking.gateway.tags: mandatory tag \"kuma.io/service\" is missing")),
                new Case(
                        "networking.inbound: port of the range",
                        """
                        networking:
                          address: 192.168.0.1
                          inbound:
                            - tags:
                                kuma.io/service: backend
                                version: "1"
                            - port: 65536
                              tags:
                                kuma.io/service: sub-backend
                        """ + REDIS,
                        List.of("networking.inbound[0].port: " + range, "networking.inbound[1].port: " + range)),
                new Case(
                        "networking.inbound: servicePort out of the range",
                        """
                        networking:
                          address: 192.168.0.1
                          inbound:
                            - port: 1234
                              servicePort: 65536
                              tags:
                                kuma.io/service: backend
                        """ + REDIS,
                        List.of("networking.inbound[0].servicePort: " + range)),
                new Case(
                        "networking.inbound: invalid address",
                        """
                        networking:
                          address: 192.168.0.1
                          inbound:
                            - port: 1234
                              address: invalid-address
                              tags:
                                kuma.io/service: backend
                        """ + REDIS,
                        List.of("networking.inbound[0].address: address has to be valid IP address")),
                new Case(
                        "networking.inbound: empty service tag",
                        """
                        networking:
                          address: 192.168.0.1
                          inbound:
                            - port: 1234
                              tags:
                                version: "v1"
                        """ + REDIS,
                        List.of("networking.inbound[0].tags[\"kuma.io/service\"]: tag has to exist")),
                new Case(
                        "networking.inbound: empty tag value",
                        """
                        networking:
                          address: 192.168.0.1
                          inbound:
                            - port: 1234
                              tags:
                                kuma.io/service: backend
                                version:
                        """ + REDIS,
                        List.of("networking.inbound[0].tags[\"version\"]: tag value must be non-empty")),
                new Case(
                        "networking.inbound: protocol tag with an empty value",
                        """
                        networking:
                          address: 192.168.0.1
                          inbound:
                            - port: 1234
                              tags:
                                kuma.io/service: backend
                                kuma.io/protocol:
                        """ + REDIS,
                        List.of(
                                "networking.inbound[0].tags[\"kuma.io/protocol\"]: tag \"kuma.io/protocol\" has an invalid"
                                        + " value \"\". Allowed values: grpc, http, http2, kafka, tcp",
                                "networking.inbound[0].tags[\"kuma.io/protocol\"]: tag value must be non-empty")),
                new Case(
                        "networking.inbound: protocol tag with unsupported value",
                        """
                        networking:
                          address: 192.168.0.1
                          inbound:
                            - port: 1234
                              tags:
                                kuma.io/service: backend
                                kuma.io/protocol: not-yet-supported-protocol
                        """ + REDIS,
                        List.of("networking.inbound[0].tags[\"kuma.io/protocol\"]: tag \"kuma.io/protocol\""
                                + " has an invalid value \"not-yet-supported-protocol\". Allowed values: grpc, http, http2,"
                                + " kafka, tcp")),
                new Case(
                        "networking.gateway: empty service tag",
                        """
                        networking:
                          address: 192.168.0.1
                          gateway:
                            tags:
                              version: "v1"
                        """ + REDIS,
                        List.of("networking.gateway.tags: mandatory tag \"kuma.io/service\" is missing")),
                new Case(
                        "networking.gateway: empty tag value",
                        """
                        networking:
                          address: 192.168.0.1
                          gateway:
                            tags:
                              kuma.io/service: backend
                              version:
                        """ + REDIS,
                        List.of("networking.gateway.tags[\"version\"]: tag value must be non-empty")),
                new Case(
                        "networking.gateway: protocol http",
                        """
                        networking:
                          address: 192.168.0.1
                          gateway:
                            tags:
                              kuma.io/service: backend
                              kuma.io/protocol: http
                        """ + REDIS,
                        List.of("networking.gateway.tags[\"kuma.io/protocol\"]: other values than tcp are"
                                + " not allowed, provided value \"http\"")),
                new Case(
                        "networking.outbound: no tags",
                        """
                        networking:
                          address: 192.168.0.1
                        """ + BACKEND_1234 + """
                          outbound:
                            - port: 3333
                        """,
                        List.of("networking.outbound[0].tags: mandatory tag \"kuma.io/service\" is missing")),
                new Case(
                        "networking.outbound: empty service tag",
                        """
                        networking:
                          address: 192.168.0.1
                        """ + BACKEND_1234 + """
                          outbound:
                            - port: 3333
                              tags:
                                version: v1
                        """,
                        List.of("networking.outbound[0].tags: mandatory tag \"kuma.io/service\" is missing")),
                new Case(
                        "networking.outbound: port out of the range",
                        """
                        networking:
                          address: 192.168.0.1
                        """ + BACKEND_1234 + """
                          outbound:
                            - tags:
                                kuma.io/service: redis
                            - port: 65536
                              tags:
                                kuma.io/service: elastic
                        """,
                        List.of("networking.outbound[0].port: " + range, "networking.outbound[1].port: " + range)),
                new Case(
                        "networking.outbound: invalid address",
                        """
                        networking:
                          address: 192.168.0.1
                        """ + BACKEND_1234 + """
                          outbound:
                            - port: 3333
                              address: invalid
                              tags:
                                kuma.io/service: elastic
                        """,
                        List.of("networking.outbound[0].address: address has to be valid IP address")),
                new Case(
                        "networking.inbound: tag name with invalid characters",
                        """
                        networking:
                          address: 192.168.0.1
                          inbound:
                            - port: 1234
                              tags:
                                kuma.io/service: backend
                                version: "v1"
                                inv@lidT/gN%me: value
                        """ + REDIS,
                        List.of("networking.inbound[0].tags[\"inv@lidT/gN%me\"]: tag name must consist of"
                                + " alphanumeric characters, dots, dashes, slashes and underscores")),
                new Case(
                        "networking.inbound: tag value with invalid characters",
                        """
                        networking:
                          address: 192.168.0.1
                          inbound:
                            - port: 1234
                              tags:
                                kuma.io/service: backend
                                version: "v1"
                                invalidTagValue: inv@lid+t@g
                        """ + REDIS,
                        List.of("networking.inbound[0].tags[\"invalidTagValue\"]: tag value must consist of"
                                + " alphanumeric characters, dots, dashes and underscores")),
                new Case(
                        "inbound service address invalid",
                        """
                        networking:
                          address: 192.168.0.1
                          inbound:
                            - port: 10001
                              serviceAddress: INVALID
                              tags:
                                kuma.io/service: backend
                        """,
                        List.of("networking.inbound[0].serviceAddress: serviceAddress has to be valid IP address")),
                new Case(
                        "inbound service address overlap address",
                        """
                        networking:
                          address: 192.168.0.1
                          inbound:
                            - port: 10001
                              serviceAddress: 192.168.0.1
                              tags:
                                kuma.io/service: backend
                        """,
                        List.of("networking.inbound[0].serviceAddress: serviceAddress and servicePort has to differ"
                                + " from address and port")),
                new Case(
                        "inbound service address overlap inbound address",
                        """
                        networking:
                          address: 192.168.0.1
                          inbound:
                            - port: 10001
                              address: 192.168.0.2
                              serviceAddress: 192.168.0.2
                              tags:
                                kuma.io/service: backend
                        """,
                        List.of("networking.inbound[0].serviceAddress: serviceAddress and servicePort has to differ"
                                + " from address and port")),
                new Case(
                        "dataplane with admin port equal to inbound",
                        """
                        networking:
                          address: 192.168.0.1
                          admin:
                            port: 8080
                          inbound:
                            - port: 8080
                              servicePort: 7777
                              address: 127.0.0.1
                              tags:
                                kuma.io/service: backend
                                version: "1"
                          outbound:
                            - port: 3333
                              address: 127.0.0.1
                              tags:
                                kuma.io/service: redis
                        """,
                        List.of("networking.admin.port: must differ from inbound")),
                new Case(
                        "dataplane with admin port equal to outbound",
                        """
                        networking:
                          address: 192.168.0.1
                          admin:
                            port: 3333
                          inbound:
                            - port: 8080
                              servicePort: 7777
                              address: 127.0.0.1
                              tags:
                                kuma.io/service: backend
                                version: "1"
                          outbound:
                            - port: 3333
                              address: 127.0.0.1
                              tags:
                                kuma.io/service: redis
                        """,
                        List.of("networking.admin.port: must differ from outbound")),
                new Case(
                        "dataplane with empty backend ref",
                        """
                        networking:
                          address: 192.168.0.1
                          inbound:
                            - port: 8080
                              servicePort: 7777
                              address: 192.168.0.1
                              tags:
                                kuma.io/service: backend
                                version: "1"
                          outbound:
                            - port: 3333
                              backendRef: {}
                        """,
                        List.of(
                                "networking.outbound[0].backendRef.kind: invalid value. Available values are:"
                                        + " MeshExternalService,MeshMultiZoneService,MeshService",
                                "networking.outbound[0].backendRef: either 'name' or 'labels' should be specified",
                                "networking.outbound[0].backendRef.port: " + range)),
                new Case(
                        "backend ref clashes with tags or service and missing port",
                        """
                        networking:
                          address: 192.168.0.1
                          inbound:
                            - port: 8080
                              servicePort: 7777
                              address: 192.168.0.1
                              tags:
                                kuma.io/service: backend
                                version: "1"
                          outbound:
                            - port: 3333
                              tags:
                                kuma.io/service: xyz
                              backendRef:
                                kind: MeshService
                                name: xyz
                                port: 8080
                            - port: 3334
                              tags:
                                service: xyz
                              backendRef:
                                kind: MeshService
                                name: xyz
                        """,
                        List.of(
                                "networking.outbound[0].backendRef: both backendRef and tags/service cannot be defined",
                                "networking.outbound[1].backendRef.port: " + range,
                                "networking.outbound[1].backendRef: both backendRef and tags/service cannot be defined")),
                new Case(
                        "issue 13: an address with a space (meshtrust)",
                        """
                        networking:
                          address: 999.1.1.1 x
                          inbound:
                            - port: 8080
                              tags:
                                kuma.io/service: backend
                        """,
                        List.of("networking.address: address has to be valid IP address or domain name")));
    }

    @TestFactory
    Stream<DynamicTest> kumasValidDataplanesAreValid() {
        return valid().stream()
                .map(c -> DynamicTest.dynamicTest(
                        c.name(),
                        () -> assertThat(violations(c.yaml(), WORKLOAD)).isEmpty()));
    }

    @TestFactory
    Stream<DynamicTest> kumasInvalidDataplanesGetKumasViolationsInKumasOrder() {
        return invalid().stream()
                .map(c -> DynamicTest.dynamicTest(
                        c.name(),
                        () -> assertThat(violations(c.yaml(), WORKLOAD)).containsExactlyElementsOf(c.violations())));
    }

    @Test
    void withoutTheWorkloadLabelEveryInboundAndTheGatewayNeedAServiceTag() {
        String hint = " (or the Dataplane needs the kuma.io/workload label to derive its identity)";
        assertThat(violations("networking:\n  address: 10.0.0.1\n", Map.of()))
                .containsExactly("networking: has to contain at least one inbound interface or gateway");
        assertThat(violations("networking:\n  address: 10.0.0.1\n  inbound:\n    - port: 80\n", Map.of()))
                .containsExactly("networking.inbound[0].tags[\"kuma.io/service\"]: tag has to exist" + hint);
        assertThat(violations("networking:\n  address: 10.0.0.1\n  gateway: {}\n", Map.of()))
                .containsExactly("networking.gateway.tags: mandatory tag \"kuma.io/service\" is missing" + hint);
        assertThat(violations("networking:\n  address: 10.0.0.1\n  inbound:\n    - port: 80\n", WORKLOAD))
                .isEmpty();
        assertThat(violations(
                        "networking:\n  address: 10.0.0.1\n  inbound:\n    - port: 80\n      tags:\n"
                                + "        kuma.io/service: web\n",
                        Map.of()))
                .isEmpty();
    }

    @Test
    void outboundAndAdminSectionsWithWrongJsonTypesAreDecodingErrorsNamingTheField() {
        assertThatThrownBy(() ->
                        violations("networking:\n  address: 10.0.0.1\n  outbound:\n    - port: \"80\"\n", WORKLOAD))
                .isInstanceOf(SpecDecodingException.class)
                .hasMessage("networking.outbound[0].port: expected a number");
        assertThatThrownBy(() -> violations("networking:\n  address: 10.0.0.1\n  admin:\n    port: true\n", WORKLOAD))
                .isInstanceOf(SpecDecodingException.class)
                .hasMessage("networking.admin.port: expected a number");
    }
}

package io.meshtrust.testsupport;

import static io.restassured.RestAssured.given;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.restassured.response.Response;
import java.util.Map;

/**
 * Test data for Dataplanes: the JSON a user would {@code PUT} to {@code /meshes/{mesh}/dataplanes/{name}}.
 *
 * <pre>{@code
 * Dataplanes.web("default", "web-1").put();                 // 10.0.0.1, inbound 8080 -> 8081, kuma.io/service: web
 * Dataplanes.web("default", "web-1").service("backend").tag("version", "v1").put();
 * Dataplanes.gateway("default", "gw-1", "edge").json();     // a delegated gateway
 * Dataplanes.gateway("default", "gw-1", "edge").builtin();  // a builtin gateway (type BUILTIN)
 * Dataplanes.web("default", "web-1").noServicePort().inbound(9090, "admin").put();
 * }</pre>
 *
 * <p>Without {@code servicePort} the inbound's {@code port} is the application's port as well (Kuma's
 * {@code api/mesh/v1alpha1/dataplane.proto}, {@code Inbound.servicePort}; {@code dataplanes/DataplaneValidator}
 * here); tests that wrote no {@code servicePort} call {@link #noServicePort()} so that their body stays the same.
 */
public final class Dataplanes {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ObjectNode dataplane = JSON.createObjectNode();

    private Dataplanes(String mesh, String name) {
        dataplane.put("type", "Dataplane").put("mesh", mesh).put("name", name);
    }

    /** One inbound (port 8080, service port 8081) of service {@code web} at 10.0.0.1. */
    public static Dataplanes web(String mesh, String name) {
        Dataplanes dp = new Dataplanes(mesh, name);
        ObjectNode inbound = dp.networking()
                .put("address", "10.0.0.1")
                .withArrayProperty("inbound")
                .addObject();
        inbound.put("port", 8080).put("servicePort", 8081).putObject("tags").put("kuma.io/service", "web");
        return dp;
    }

    /** A delegated gateway of service {@code service} at 10.0.0.1. */
    public static Dataplanes gateway(String mesh, String name, String service) {
        Dataplanes dp = new Dataplanes(mesh, name);
        dp.networking()
                .put("address", "10.0.0.1")
                .withObjectProperty("gateway")
                .putObject("tags")
                .put("kuma.io/service", service);
        return dp;
    }

    /** A builtin gateway of service {@code service} at 10.0.0.1 ({@code gateway.type: BUILTIN}). */
    public static Dataplanes builtinGateway(String mesh, String name, String service) {
        return gateway(mesh, name, service).builtin();
    }

    /** Makes the gateway a builtin one ({@code type: BUILTIN}); a gateway without a type is delegated. */
    public Dataplanes builtin() {
        gatewayNode().put("type", "BUILTIN");
        return this;
    }

    /** Makes the gateway a delegated one, written as Kuma's explicit {@code type: DELEGATED}. */
    public Dataplanes delegated() {
        gatewayNode().put("type", "DELEGATED");
        return this;
    }

    /** The {@code port} of the first inbound. */
    public Dataplanes port(int port) {
        firstInbound().put("port", port);
        return this;
    }

    /** The {@code servicePort} of the first inbound. */
    public Dataplanes servicePort(int servicePort) {
        firstInbound().put("servicePort", servicePort);
        return this;
    }

    /** Drops the first inbound's {@code servicePort} (Kuma then uses {@code port}). */
    public Dataplanes noServicePort() {
        firstInbound().remove("servicePort");
        return this;
    }

    /** Drops the first inbound's tags: its service then comes from the {@code kuma.io/workload} label. */
    public Dataplanes untagged() {
        firstInbound().remove("tags");
        return this;
    }

    /** Adds an inbound on {@code port} (no {@code servicePort}) tagged {@code kuma.io/service: service}. */
    public Dataplanes inbound(int port, String service) {
        networking()
                .withArrayProperty("inbound")
                .addObject()
                .put("port", port)
                .putObject("tags")
                .put("kuma.io/service", service);
        return this;
    }

    /** The {@code kuma.io/service} tag of the first inbound (or of the gateway). */
    public Dataplanes service(String service) {
        return tag("kuma.io/service", service);
    }

    /** A tag on the first inbound (or on the gateway). */
    public Dataplanes tag(String key, String value) {
        ObjectNode net = networking();
        ObjectNode tags = net.has("gateway")
                ? net.withObjectProperty("gateway").withObjectProperty("tags")
                : ((ObjectNode) net.withArrayProperty("inbound").get(0)).withObjectProperty("tags");
        tags.put(key, value);
        return this;
    }

    public Dataplanes address(String address) {
        networking().put("address", address);
        return this;
    }

    public Dataplanes label(String key, String value) {
        dataplane.withObjectProperty("labels").put(key, value);
        return this;
    }

    public Dataplanes labels(Map<String, String> labels) {
        labels.forEach(this::label);
        return this;
    }

    public String mesh() {
        return dataplane.path("mesh").asText();
    }

    public String name() {
        return dataplane.path("name").asText();
    }

    public String path() {
        return "/meshes/" + mesh() + "/dataplanes/" + name();
    }

    public String json() {
        return dataplane.toString();
    }

    public ObjectNode tree() {
        return dataplane.deepCopy();
    }

    /** {@code PUT} of this Dataplane on the test server; the caller checks the status. */
    public Response put() {
        return given().contentType("application/json").body(json()).put(path());
    }

    @Override
    public String toString() {
        return json();
    }

    private ObjectNode firstInbound() {
        if (!(networking().path("inbound").get(0) instanceof ObjectNode inbound)) {
            throw new IllegalStateException("this Dataplane has no inbound");
        }
        return inbound;
    }

    private ObjectNode gatewayNode() {
        if (!(networking().get("gateway") instanceof ObjectNode gateway)) {
            throw new IllegalStateException("this Dataplane is no gateway");
        }
        return gateway;
    }

    private ObjectNode networking() {
        return dataplane.withObjectProperty("networking");
    }
}

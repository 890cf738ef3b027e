package io.meshtrust.testsupport;

import static io.restassured.RestAssured.given;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.restassured.response.Response;
import java.util.Map;

/**
 * Test data for Meshes: the JSON a user would {@code PUT} to {@code /meshes/{name}}, built instead of written by hand.
 *
 * <pre>{@code
 * Meshes.builtin("m1").put();                                     // one builtin backend "ca-1", enabled
 * Meshes.builtin("m1").rsaBits(2048).caExpiration("10y").dpCertExpiration("1d").put();
 * Meshes.provided("m2", "ca-cert", "ca-key").json();              // secrets holding the CA's PEM
 * Meshes.plain("m3").label("team", "a").json();
 * }</pre>
 */
public final class Meshes {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ObjectNode mesh = JSON.createObjectNode();
    private ObjectNode lastBackend;

    private Meshes(String name) {
        mesh.put("type", "Mesh").put("name", name);
    }

    /** A Mesh without mTLS. */
    public static Meshes plain(String name) {
        return new Meshes(name);
    }

    /** A Mesh with one builtin backend named {@code ca-1}, enabled. */
    public static Meshes builtin(String name) {
        return plain(name).builtinBackend("ca-1").enabled("ca-1");
    }

    /** A Mesh with one provided backend named {@code ca-1}, enabled, reading its cert and key from mesh Secrets. */
    public static Meshes provided(String name, String certSecret, String keySecret) {
        return plain(name).providedBackend("ca-1", certSecret, keySecret).enabled("ca-1");
    }

    /** Adds a builtin backend (Kuma's default settings unless changed with the setters after it). */
    public Meshes builtinBackend(String backend) {
        lastBackend = backends().addObject().put("name", backend).put("type", "builtin");
        return this;
    }

    /** Adds a provided backend whose {@code conf.cert} and {@code conf.key} name mesh Secrets. */
    public Meshes providedBackend(String backend, String certSecret, String keySecret) {
        return provided(backend, "secret", certSecret, keySecret);
    }

    /** Adds a provided backend with the CA's PEM inline ({@code conf.cert.inline}, base64 as Kuma expects). */
    public Meshes providedInlineBackend(String backend, String certBase64, String keyBase64) {
        return provided(backend, "inline", certBase64, keyBase64);
    }

    /** Adds a provided backend reading the CA's PEM from files ({@code conf.cert.file}, {@code conf.key.file}). */
    public Meshes providedFileBackend(String backend, Object certFile, Object keyFile) {
        return provided(backend, "file", certFile.toString(), keyFile.toString());
    }

    /** A provided backend whose cert and key come from the same kind of Kuma data source ({@code secret}, ...). */
    private Meshes provided(String backend, String source, String cert, String key) {
        backend(backend, "provided");
        ObjectNode conf = lastBackend.putObject("conf");
        conf.putObject("cert").put(source, cert);
        conf.putObject("key").put(source, key);
        return this;
    }

    /** Adds a backend of any type without {@code conf}; give one with {@link #conf(String)} if it needs it. */
    public Meshes backend(String backend, String type) {
        lastBackend = backends().addObject().put("name", backend).put("type", type);
        return this;
    }

    /**
     * Replaces the last backend's {@code conf} by this JSON object, for a conf the setters do not cover (e.g. one a
     * validation test wants rejected).
     */
    public Meshes conf(String json) {
        try {
            backend().set("conf", JSON.readTree(json));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + json, e);
        }
        return this;
    }

    /** {@code mtls.skipValidation}: the backends are accepted without loading them (Kuma's escape hatch). */
    public Meshes skipValidation() {
        mtls().put("skipValidation", true);
        return this;
    }

    public Meshes enabled(String backend) {
        mtls().put("enabledBackend", backend);
        return this;
    }

    /** Removes {@code enabledBackend}: backends are defined but mTLS is off. */
    public Meshes disabled() {
        mtls().remove("enabledBackend");
        return this;
    }

    /** {@code conf.caCert.RSAbits} of the last builtin backend added. */
    public Meshes rsaBits(int bits) {
        conf().withObjectProperty("caCert").put("RSAbits", bits);
        return this;
    }

    /** {@code conf.caCert.expiration} of the last builtin backend added (a Kuma duration, e.g. {@code 10y}). */
    public Meshes caExpiration(String duration) {
        conf().withObjectProperty("caCert").put("expiration", duration);
        return this;
    }

    /** {@code dpCert.rotation.expiration} of the last backend added (a Kuma duration, e.g. {@code 1d}). */
    public Meshes dpCertExpiration(String duration) {
        backend().withObjectProperty("dpCert").withObjectProperty("rotation").put("expiration", duration);
        return this;
    }

    /** {@code mode} of the last backend added ({@code STRICT} or {@code PERMISSIVE}). */
    public Meshes mode(String mode) {
        backend().put("mode", mode);
        return this;
    }

    public Meshes label(String key, String value) {
        mesh.withObjectProperty("labels").put(key, value);
        return this;
    }

    public Meshes labels(Map<String, String> labels) {
        labels.forEach(this::label);
        return this;
    }

    public String name() {
        return mesh.path("name").asText();
    }

    /** The body, as compact JSON. */
    public String json() {
        return mesh.toString();
    }

    /** A copy of the body, for a test that changes one field by hand (a field the builder does not know). */
    public ObjectNode tree() {
        return mesh.deepCopy();
    }

    /** {@code PUT /meshes/{name}} with this body on the test server; the caller checks the status. */
    public Response put() {
        return given().contentType("application/json").body(json()).put("/meshes/" + name());
    }

    @Override
    public String toString() {
        return json();
    }

    private ObjectNode mtls() {
        return mesh.withObjectProperty("mtls");
    }

    private ArrayNode backends() {
        return mtls().withArrayProperty("backends");
    }

    private ObjectNode backend() {
        if (lastBackend == null) {
            throw new IllegalStateException("add a backend first");
        }
        return lastBackend;
    }

    private ObjectNode conf() {
        return backend().withObjectProperty("conf");
    }
}

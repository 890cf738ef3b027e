package io.meshtrust.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code get}, {@code apply -f} and {@code delete} against a stub control plane (issue 7 point 6). */
class ResourceCommandsTest {

    static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    StubControlPlane stub;
    Main.Context context;

    @BeforeEach
    void start() throws Exception {
        stub = new StubControlPlane(false);
        context = Cli.controlPlane(dir.resolve("config"), InstantSource.fixed(NOW), stub.url());
    }

    @AfterEach
    void stop() {
        stub.close();
    }

    @Test
    void applyMultiDocumentYamlPutsEachResourceInOrder() throws Exception {
        Path file = dir.resolve("resources.yaml");
        Files.writeString(file, """
                ---
                type: Mesh
                name: demo
                mtls:
                  enabledBackend: ca-1
                  backends:
                  - name: ca-1
                    type: builtin
                ---
                type: Secret
                mesh: demo
                name: sec-1
                data: dmFsdWU=
                ---
                type: Dataplane
                mesh: demo
                name: dp-1
                networking:
                  address: 10.0.0.1
                  inbound:
                  - port: 8080
                    tags:
                      kuma.io/service: web
                ---
                type: GlobalSecret
                name: g 1
                data: Zw==
                """);
        var r = Cli.run(context, "apply", "-f", file.toString());
        assertThat(r.err()).isEmpty();
        assertThat(r.exitCode()).isZero();
        assertThat(stub.requests).extracting(StubControlPlane.Request::method).containsOnly("PUT");
        assertThat(stub.requests)
                .extracting(StubControlPlane.Request::uri)
                .containsExactly(
                        "/meshes/demo",
                        "/meshes/demo/secrets/sec-1",
                        "/meshes/demo/dataplanes/dp-1",
                        "/global-secrets/g%201");
        assertThat(JSON.readTree(stub.requests.get(0).body()))
                .isEqualTo(JSON.readTree("{\"type\":\"Mesh\",\"name\":\"demo\",\"mtls\":{\"enabledBackend\":\"ca-1\","
                        + "\"backends\":[{\"name\":\"ca-1\",\"type\":\"builtin\"}]}}"));
        assertThat(JSON.readTree(stub.requests.get(1).body()))
                .isEqualTo(JSON.readTree(
                        "{\"type\":\"Secret\",\"mesh\":\"demo\",\"name\":\"sec-1\",\"data\":\"dmFsdWU=\"}"));
        assertThat(JSON.readTree(stub.requests.get(2).body()))
                .isEqualTo(JSON.readTree(
                        "{\"type\":\"Dataplane\",\"mesh\":\"demo\",\"name\":\"dp-1\",\"networking\":{\"address\":\"10.0.0.1\","
                                + "\"inbound\":[{\"port\":8080,\"tags\":{\"kuma.io/service\":\"web\"}}]}}"));
    }

    @Test
    void applyJsonFile() throws Exception {
        Path file = dir.resolve("mesh.json");
        Files.writeString(file, "{\"type\":\"Mesh\",\"name\":\"default\"}");
        var r = Cli.run(context, "apply", "-f", file.toString());
        assertThat(r.exitCode()).isZero();
        assertThat(stub.requests)
                .containsExactly(new StubControlPlane.Request(
                        "PUT", "/meshes/default", "{\"type\":\"Mesh\",\"name\":\"default\"}"));
    }

    @Test
    void applyFromStdin() {
        var in = System.in;
        try {
            System.setIn(new ByteArrayInputStream(
                    "type: GlobalSecret\nname: g\ndata: Zw==\n".getBytes(StandardCharsets.UTF_8)));
            var r = Cli.run(context, "apply", "-f", "-");
            assertThat(r.exitCode()).isZero();
        } finally {
            System.setIn(in);
        }
        assertThat(stub.requests)
                .containsExactly(new StubControlPlane.Request(
                        "PUT", "/global-secrets/g", "{\"type\":\"GlobalSecret\",\"name\":\"g\",\"data\":\"Zw==\"}"));
    }

    @Test
    void applyChecksEveryDocumentBeforeSendingAny() throws Exception {
        Path file = dir.resolve("bad.yaml");
        Files.writeString(file, "type: Mesh\nname: a\n---\ntype: Secret\nname: s\n");
        var r = Cli.run(context, "apply", "-f", file.toString());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("Error: document 2: Secret \"s\": mesh: cannot be empty\n");
        assertThat(stub.requests).isEmpty();
    }

    @Test
    void applyKumaValidationErrorIsOneLineAndExit1() throws Exception {
        stub.responses.put("PUT /meshes/demo/dataplanes/dp-1", new StubControlPlane.Response(400, """
                {"type":"/std-errors","status":400,"title":"Invalid request","detail":"Resource is not valid",
                 "invalid_parameters":[{"field":"networking.address","reason":"address has to be valid IP address or domain name"}]}
                """));
        Path file = dir.resolve("dp.yaml");
        Files.writeString(file, "type: Dataplane\nmesh: demo\nname: dp-1\nnetworking:\n  address: '!'\n");
        var r = Cli.run(context, "apply", "-f", file.toString());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err())
                .isEqualTo("Error: failed to apply Dataplane \"dp-1\": (400): Invalid request: Resource is "
                        + "not valid (networking.address: address has to be valid IP address or domain name)\n");
    }

    @Test
    void serverErrorExits2() {
        stub.responses.put("DELETE /meshes/default", new StubControlPlane.Response(500, "boom"));
        var r = Cli.run(context, "delete", "mesh", "default");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("Error: failed to delete Mesh \"default\": (500): boom\n");
    }

    @Test
    void getMeshesFollowsNextAndPrintsATable() {
        stub.responses.put("GET /meshes", new StubControlPlane.Response(200, """
                {"total":3,"items":[
                 {"type":"Mesh","name":"default","creationTime":"2026-11-23T11:59:30Z","modificationTime":"2026-11-23T11:59:30Z"},
                 {"type":"Mesh","name":"secure-mesh","creationTime":"2026-11-20T12:00:00Z",
                  "mtls":{"enabledBackend":"ca-1","backends":[{"name":"ca-1","type":"builtin"}]}}],
                 "next":"http://other-host:5681/meshes?offset=2"}
                """));
        stub.responses.put("GET /meshes?offset=2", new StubControlPlane.Response(200, """
                {"total":3,"items":[{"type":"Mesh","name":"m3","creationTime":"2026-11-23T10:00:00Z"}],"next":null}
                """));
        var r = Cli.run(context, "get", "meshes");
        assertThat(r.err()).isEmpty();
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).isEqualTo("""
                NAME          mTLS           METRICS   LOGGING   TRACING   LOCALITY   ZONEEGRESS   AGE
                default       off            off       off       off       off        off          30s
                secure-mesh   builtin/ca-1   off       off       off       off        off          3d
                m3            off            off       off       off       off        off          120m
                """);
        assertThat(stub.requests)
                .extracting(StubControlPlane.Request::uri)
                .containsExactly("/meshes", "/meshes?offset=2");
    }

    @Test
    void getDataplanesOfAMeshWithTagsAndJson() throws Exception {
        stub.responses.put("GET /meshes/demo/dataplanes", new StubControlPlane.Response(200, """
                {"total":1,"items":[{"type":"Dataplane","mesh":"demo","name":"dp-1","creationTime":"2026-11-23T11:00:00Z",
                 "networking":{"address":"10.0.0.1","inbound":[
                  {"port":1,"tags":{"kuma.io/service":"web","version":"v1"}},
                  {"port":2,"tags":{"kuma.io/service":"admin","version":"v1"}}]}}],"next":null}
                """));
        var r = Cli.run(context, "get", "dataplanes", "--mesh", "demo");
        assertThat(r.out()).isEqualTo("""
                MESH   NAME   TAGS                                   AGE
                demo   dp-1   kuma.io/service=admin,web version=v1   60m
                """);
        var json = Cli.run(context, "get", "dataplanes", "-m", "demo", "-o", "json");
        assertThat(json.exitCode()).isZero();
        var tree = JSON.readTree(json.out());
        assertThat(tree.path("total").asInt()).isEqualTo(1);
        assertThat(tree.path("items").get(0).path("name").asText()).isEqualTo("dp-1");
        var yaml = Cli.run(context, "get", "dataplanes", "-m", "demo", "-o", "yaml");
        assertThat(yaml.out()).contains("items:\n- type: Dataplane\n  mesh: demo\n  name: dp-1\n");
    }

    @Test
    void getOneSecretsAndGlobalSecrets() {
        stub.responses.put(
                "GET /meshes/default/dataplanes/dp-1",
                new StubControlPlane.Response(
                        200,
                        "{\"type\":\"Dataplane\",\"mesh\":\"default\",\"name\":\"dp-1\",\"creationTime\":\"2026-11-23T11:58:00Z\"}"));
        stub.responses.put(
                "GET /meshes/default/secrets",
                new StubControlPlane.Response(
                        200,
                        "{\"total\":1,\"items\":[{\"type\":\"Secret\",\"mesh\":\"default\",\"name\":\"s\","
                                + "\"creationTime\":\"2026-11-23T11:00:00Z\"}],\"next\":null}"));
        stub.responses.put(
                "GET /global-secrets", new StubControlPlane.Response(200, "{\"total\":0,\"items\":[],\"next\":null}"));
        assertThat(Cli.run(context, "get", "dataplane", "dp-1").out()).isEqualTo("""
                MESH      NAME   TAGS   AGE
                default   dp-1          2m
                """);
        assertThat(Cli.run(context, "get", "secrets").out()).isEqualTo("""
                MESH      NAME   AGE
                default   s      60m
                """);
        assertThat(Cli.run(context, "get", "global-secrets").out()).isEqualTo("NAME   AGE\n");
    }

    @Test
    void getMeshesShowsKumactlsColumns() {
        stub.responses.put("GET /meshes", new StubControlPlane.Response(200, """
                {"total":1,"items":[{"type":"Mesh","name":"full","creationTime":"2026-11-23T11:00:00Z",
                 "mtls":{"enabledBackend":"ca-1","backends":[{"name":"ca-1","type":"provided"}]},
                 "metrics":{"enabledBackend":"prom-1","backends":[{"name":"prom-0","type":"prometheus"},
                  {"name":"prom-1","type":"prometheus"}]},
                 "logging":{"defaultBackend":"file-1","backends":[{"name":"file-1","type":"file"},
                  {"name":"tcp-1","type":"tcp"}]},
                 "tracing":{"backends":[{"name":"zipkin-1","type":"zipkin"}]},
                 "routing":{"localityAwareLoadBalancing":true,"zoneEgress":true}},
                 {"type":"Mesh","name":"empty","creationTime":"2026-11-23T11:00:00Z",
                  "metrics":{"backends":[{"name":"prom-0","type":"prometheus"}]},"logging":{"backends":[]},
                  "routing":{"zoneEgress":false}}],"next":null}
                """));
        var r = Cli.run(context, "get", "meshes");
        assertThat(r.err()).isEmpty();
        assertThat(r.out()).isEqualTo("""
                NAME    mTLS            METRICS             LOGGING                  TRACING           LOCALITY   ZONEEGRESS   AGE
                full    provided/ca-1   prometheus/prom-1   file/file-1, tcp/tcp-1   zipkin/zipkin-1   on         on           60m
                empty   off             off                 off                      off               off        off          60m
                """);
    }

    @Test
    void ageIsTheTimeSinceTheLastModificationLikeKumactl() {
        stub.responses.put("GET /meshes/changed", new StubControlPlane.Response(200, """
                {"type":"Mesh","name":"changed","creationTime":"2026-11-20T12:00:00Z",
                 "modificationTime":"2026-11-23T11:59:30Z"}
                """));
        assertThat(Cli.run(context, "get", "mesh", "changed").out()).endsWith("   30s\n");
    }

    @Test
    void getOneMissingIsKumactlsNoResourcesFound() {
        stub.responses.put("GET /meshes/nope", new StubControlPlane.Response(404, """
                {"type":"/std-errors","status":404,"title":"Could not retrieve a resource","detail":"Not found"}
                """));
        assertThat(Cli.run(context, "get", "mesh", "nope"))
                .isEqualTo(new Cli.Result(1, "", "Error: No resources found\n"));
        // mesh-scoped: the stub answers 404 for any unknown path under /meshes/
        assertThat(Cli.run(context, "get", "dataplane", "nope", "-m", "demo"))
                .isEqualTo(new Cli.Result(1, "", "Error: No resources found in demo mesh\n"));
        assertThat(Cli.run(context, "get", "dataplane", "nope"))
                .isEqualTo(new Cli.Result(1, "", "Error: No resources found in default mesh\n"));
        // other refusals keep the server's words
        stub.responses.put("GET /meshes/demo/dataplanes/dp", new StubControlPlane.Response(403, """
                {"type":"/std-errors","status":403,"title":"Access Denied","detail":"no"}
                """));
        assertThat(Cli.run(context, "get", "dataplane", "dp", "-m", "demo"))
                .isEqualTo(new Cli.Result(1, "", "Error: (403): Access Denied: no\n"));
    }

    @Test
    void deleteHitsTheResourcePath() {
        var r = Cli.run(context, "delete", "dataplane", "dp-1", "--mesh", "demo");
        assertThat(r.err()).isEmpty();
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).isEqualTo("deleted Dataplane \"dp-1\"\n");
        Cli.run(context, "delete", "secret", "s");
        Cli.run(context, "delete", "global-secret", "g");
        Cli.run(context, "delete", "mesh", "m");
        assertThat(stub.requests)
                .extracting(q -> q.method() + " " + q.uri())
                .containsExactly(
                        "DELETE /meshes/demo/dataplanes/dp-1", "DELETE /meshes/default/secrets/s",
                        "DELETE /global-secrets/g", "DELETE /meshes/m");
        var bad = Cli.run(context, "delete", "policy", "x");
        assertThat(bad.exitCode()).isEqualTo(1);
        assertThat(bad.err()).startsWith("Error: unknown TYPE: policy");
    }

    @Test
    void badArguments() {
        var r = Cli.run(context, "get", "meshes", "-o", "xml");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err())
                .startsWith("Error: invalid value for option '--output': expected one of [table, json, yaml]");
        r = Cli.run(context, "delete", "mesh");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("Error: accepts 2 arg(s), received 1\n");
        r = Cli.run(context, "get", "mesh");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("Error: accepts 1 arg(s), received 0\n");
        assertThat(Cli.run(context, "get", "mesh", "a", "b").err()).isEqualTo("Error: accepts 1 arg(s), received 2\n");
        assertThat(stub.requests).isEmpty();
    }

    @Test
    void humanDurations() {
        assertThat(Resources.humanDuration(Duration.ofSeconds(119))).isEqualTo("119s");
        assertThat(Resources.humanDuration(Duration.ofSeconds(150))).isEqualTo("2m30s");
        assertThat(Resources.humanDuration(Duration.ofHours(5).plusMinutes(3))).isEqualTo("5h3m");
        assertThat(Resources.humanDuration(Duration.ofDays(3).plusHours(2))).isEqualTo("3d2h");
        assertThat(Resources.humanDuration(Duration.ofDays(400))).isEqualTo("400d");
    }
}

package io.meshtrust.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The builders write the JSON the hand-written bodies they replace wrote. */
class TestDataBuildersTest {

    @Test
    void builtinMeshWithSettings() {
        String json = Meshes.builtin("m1")
                .rsaBits(2048)
                .caExpiration("10y")
                .dpCertExpiration("1d")
                .json();
        assertThat(Golden.parse(json)).isEqualTo(Golden.parse("""
                {"type":"Mesh","name":"m1","mtls":{"backends":[{"name":"ca-1","type":"builtin",
                 "conf":{"caCert":{"RSAbits":2048,"expiration":"10y"}},"dpCert":{"rotation":{"expiration":"1d"}}}],
                 "enabledBackend":"ca-1"}}"""));
    }

    @Test
    void providedMeshPlainMeshAndLabels() {
        assertThat(Golden.parse(Meshes.provided("m2", "c", "k").json())).isEqualTo(Golden.parse("""
                {"type":"Mesh","name":"m2","mtls":{"backends":[{"name":"ca-1","type":"provided",
                 "conf":{"cert":{"secret":"c"},"key":{"secret":"k"}}}],"enabledBackend":"ca-1"}}"""));
        assertThat(Meshes.plain("m3").label("team", "a").json())
                .isEqualTo("{\"type\":\"Mesh\",\"name\":\"m3\",\"labels\":{\"team\":\"a\"}}");
        assertThat(Golden.parse(Meshes.builtin("m4").disabled().json())
                        .path("mtls")
                        .has("enabledBackend"))
                .isFalse();
        assertThatThrownBy(() -> Meshes.plain("m5").rsaBits(2048)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void severalBackendsFilesRawConfAndSkipValidation() {
        String json = Meshes.plain("m6")
                .builtinBackend("ca-1")
                .providedFileBackend("p-1", "/ca.pem", "/ca.key")
                .backend("v", "vault")
                .conf("{\"x\":1}")
                .enabled("p-1")
                .skipValidation()
                .json();
        assertThat(Golden.parse(json)).isEqualTo(Golden.parse("""
                {"type":"Mesh","name":"m6","mtls":{"backends":[{"name":"ca-1","type":"builtin"},
                 {"name":"p-1","type":"provided","conf":{"cert":{"file":"/ca.pem"},"key":{"file":"/ca.key"}}},
                 {"name":"v","type":"vault","conf":{"x":1}}],"enabledBackend":"p-1","skipValidation":true}}"""));
        assertThatThrownBy(() -> Meshes.builtin("m7").conf("{")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void dataplanes() {
        assertThat(Golden.parse(
                        Dataplanes.web("d", "web-1").tag("version", "v1").json()))
                .isEqualTo(Golden.parse("""
                {"type":"Dataplane","mesh":"d","name":"web-1","networking":{"address":"10.0.0.1","inbound":[
                 {"port":8080,"servicePort":8081,"tags":{"kuma.io/service":"web","version":"v1"}}]}}"""));
        assertThat(Golden.parse(Dataplanes.gateway("d", "gw", "edge").json())
                        .path("networking")
                        .path("gateway")
                        .path("tags")
                        .path("kuma.io/service")
                        .asText())
                .isEqualTo("edge");
        assertThat(Dataplanes.web("d", "w").path()).isEqualTo("/meshes/d/dataplanes/w");
    }

    @Test
    void dataplaneInboundsPortsAndServicePort() {
        assertThat(Golden.parse(Dataplanes.web("d", "w")
                        .port(80)
                        .noServicePort()
                        .inbound(9090, "admin")
                        .label("team", "a")
                        .json()))
                .isEqualTo(Golden.parse("""
                {"type":"Dataplane","mesh":"d","name":"w","labels":{"team":"a"},"networking":{"address":"10.0.0.1",
                 "inbound":[{"port":80,"tags":{"kuma.io/service":"web"}},
                 {"port":9090,"tags":{"kuma.io/service":"admin"}}]}}"""));
        assertThat(Golden.parse(Dataplanes.web("d", "w").servicePort(9000).json())
                        .path("networking")
                        .path("inbound")
                        .path(0)
                        .path("servicePort")
                        .asInt())
                .isEqualTo(9000);
        assertThat(Golden.parse(Dataplanes.web("d", "w")
                        .noServicePort()
                        .untagged()
                        .label("kuma.io/workload", "backend")
                        .address("10.0.0.2")
                        .json()))
                .isEqualTo(Golden.parse("""
                {"type":"Dataplane","mesh":"d","name":"w","labels":{"kuma.io/workload":"backend"},
                 "networking":{"address":"10.0.0.2","inbound":[{"port":8080}]}}"""));
        assertThatThrownBy(() -> Dataplanes.gateway("d", "gw", "edge").port(1))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void dataplaneGatewayTypes() {
        assertThat(Golden.parse(Dataplanes.builtinGateway("d", "gw", "edge").json()))
                .isEqualTo(Golden.parse("""
                {"type":"Dataplane","mesh":"d","name":"gw","networking":{"address":"10.0.0.1",
                 "gateway":{"type":"BUILTIN","tags":{"kuma.io/service":"edge"}}}}"""));
        assertThat(Golden.parse(Dataplanes.gateway("d", "gw", "edge").json())
                        .path("networking")
                        .path("gateway")
                        .has("type"))
                .isFalse();
        assertThat(Golden.parse(Dataplanes.gateway("d", "gw", "edge")
                                .delegated()
                                .json())
                        .path("networking")
                        .path("gateway")
                        .path("type")
                        .asText())
                .isEqualTo("DELEGATED");
        assertThatThrownBy(() -> Dataplanes.web("d", "w").builtin()).isInstanceOf(IllegalStateException.class);
    }
}

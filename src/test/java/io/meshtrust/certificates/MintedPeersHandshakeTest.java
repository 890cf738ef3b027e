package io.meshtrust.certificates;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshtrust.crypto.PemCodec;
import io.meshtrust.testsupport.Csrs;
import io.meshtrust.testsupport.MtlsPeers;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.security.KeyPair;
import org.junit.jupiter.api.Test;

/**
 * Issue 5, point 9, end to end: certificates fetched from {@code POST .../certificate} (one in CSR mode with an EC
 * key, one with a server-generated RSA key) complete a mutual TLS handshake with the JDK, each side verifying the
 * other against the CA bundle it was given and reading the peer's SPIFFE ID; a certificate of another mesh is refused.
 */
@QuarkusTest
class MintedPeersHandshakeTest {

    static final String MESH = DataplaneCertificatesTest.MESH;

    static MtlsPeers.Identity viaCsr(String mesh, String name) throws Exception {
        KeyPair key = Csrs.ec("secp256r1");
        JsonPath body = DataplaneCertificatesTest.mint(mesh, name, DataplaneCertificatesTest.json(Csrs.pem(key)))
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        return new MtlsPeers.Identity(body.getString("certificate"), pemOf(key), body.getString("caBundle"));
    }

    static MtlsPeers.Identity viaServerKey(String mesh, String name) {
        JsonPath body = DataplaneCertificatesTest.mint(mesh, name, "{}")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        return new MtlsPeers.Identity(
                body.getString("certificate"), body.getString("privateKey"), body.getString("caBundle"));
    }

    static String pemOf(KeyPair key) {
        return PemCodec.encodePrivateKey(key);
    }

    @Test
    void twoDataplanesOfOneMeshAuthenticateEachOtherAndAnotherMeshIsRefused() throws Exception {
        new DataplaneCertificatesTest().meshWithBuiltinCa();
        var web = viaCsr(MESH, "web-1");
        var backend = viaServerKey(MESH, "backend-1");

        var connected = MtlsPeers.handshake(web, backend);
        assertThat(connected.serverSaw().spiffeId()).contains("spiffe://certs/backend");
        assertThat(connected.clientSaw().spiffeId()).contains("spiffe://certs/web");
        var reverse = MtlsPeers.handshake(backend, web);
        assertThat(reverse.serverSaw().spiffeId()).contains("spiffe://certs/web");

        // same service name, other mesh: its CA is not in this mesh's bundle
        var stranger = viaServerKey(DataplaneCertificatesTest.OTHER_MESH, "web-1");
        assertThat(stranger.caBundlePem()).isNotEqualTo(web.caBundlePem());
        // the stranger, as client, does not trust web's mesh CA
        assertThat(MtlsPeers.refusal(web, stranger).by()).isEqualTo(MtlsPeers.Side.CLIENT);
        // even when it trusts this mesh, web (server) refuses the stranger's certificate
        assertThat(MtlsPeers.refusal(web, stranger.trusting(web.caBundlePem())).by())
                .isEqualTo(MtlsPeers.Side.SERVER);
        // and as a server, the stranger is refused by backend (client)
        assertThat(MtlsPeers.refusal(stranger.trusting(backend.caBundlePem()), backend)
                        .by())
                .isEqualTo(MtlsPeers.Side.CLIENT);
    }
}

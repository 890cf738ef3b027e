package io.meshtrust.certificates;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshtrust.ca.CaMaterial;
import io.meshtrust.ca.LocalCas;
import io.meshtrust.ca.builtin.BuiltinRootCertificate;
import io.meshtrust.certificates.DataplaneKeys.ServerKeyType;
import io.meshtrust.crypto.PemCodec;
import io.meshtrust.crypto.RsaKeys;
import io.meshtrust.testsupport.Csrs;
import io.meshtrust.testsupport.MtlsPeers;
import io.meshtrust.testsupport.MtlsPeers.Connected;
import io.meshtrust.testsupport.MtlsPeers.Identity;
import io.meshtrust.testsupport.MtlsPeers.Refused;
import io.meshtrust.testsupport.MtlsPeers.Side;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The leaves we mint work where it matters: two dataplanes of mesh {@code default} complete mutual TLS with the JDK's
 * PKIX validation and see each other's SPIFFE ID; a leaf of another mesh, or an expired one, is refused by the side
 * verifying it. Keys come through CSR mode (RSA and EC P-256) and server-key mode.
 */
class DataplaneMtlsHandshakeTest {

    static CaMaterial defaultCa;
    static CaMaterial otherCa;
    static Identity web; // RSA-2048, via a CSR
    static Identity backend; // EC P-256, via a CSR

    @BeforeAll
    static void meshes() {
        Instant now = Instant.now();
        defaultCa = builtinCa("default", now);
        otherCa = builtinCa("other", now);
        web = viaCsr(defaultCa, "default", "web", Csrs.rsa(2048), now, LeafCertificates.DEFAULT_VALIDITY);
        backend = viaCsr(defaultCa, "default", "backend", Csrs.ec("secp256r1"), now, LeafCertificates.DEFAULT_VALIDITY);
    }

    @Test
    void webAndBackendSeeEachOthersSpiffeIdEitherWayRound() {
        Connected webServes = MtlsPeers.handshake(web, backend);
        assertThat(webServes.serverSaw().spiffeId()).contains("spiffe://default/backend");
        assertThat(webServes.clientSaw().spiffeId()).contains("spiffe://default/web");
        assertThat(webServes.clientSaw().peerUris())
                .containsExactly("spiffe://default/web", "kuma://kuma.io/service/web");
        assertThat(webServes.protocol()).isEqualTo("TLSv1.3");

        Connected backendServes = MtlsPeers.handshake(backend, web);
        assertThat(backendServes.serverSaw().spiffeId()).contains("spiffe://default/web");
        assertThat(backendServes.clientSaw().spiffeId()).contains("spiffe://default/backend");
    }

    @Test
    void handshakesOverTls12Too() {
        Connected connected = MtlsPeers.handshake(backend, web, "TLSv1.2");
        assertThat(connected.protocol()).isEqualTo("TLSv1.2");
        assertThat(connected.serverSaw().spiffeId()).contains("spiffe://default/web");
        assertThat(connected.clientSaw().spiffeId()).contains("spiffe://default/backend");
    }

    @Test
    void serverGeneratedKeysWorkFromTheirPem() {
        for (ServerKeyType type : ServerKeyType.values()) {
            KeyPair keys = DataplaneKeys.generate(type);
            X509Certificate leaf = LeafCertificatesTest.issue(
                    defaultCa,
                    "default",
                    service("redis"),
                    keys.getPublic(),
                    Instant.now(),
                    LeafCertificates.DEFAULT_VALIDITY);
            var redis = new Identity(
                    PemCodec.encodeCertificates(List.of(leaf)),
                    DataplaneKeys.privateKeyPem(keys),
                    defaultCa.bundlePem());
            assertThat(MtlsPeers.handshake(redis, web).clientSaw().spiffeId()).contains("spiffe://default/redis");
        }
    }

    @Test
    void serverRefusesClientFromAnotherMesh() {
        // The intruder trusts both meshes (as with a cross-mesh bundle), so only the server's check can stop it.
        Identity intruder = viaCsr(
                        otherCa, "other", "web", Csrs.ec("secp256r1"), Instant.now(), LeafCertificates.DEFAULT_VALIDITY)
                .trusting(otherCa.bundlePem() + defaultCa.bundlePem());
        Refused refused = MtlsPeers.refusal(backend, intruder);
        assertThat(refused.by()).isEqualTo(Side.SERVER);
        assertThat(refused.reason()).contains("unable to find valid certification path");
    }

    @Test
    void clientRefusesServerFromAnotherMesh() {
        Identity impostor = viaCsr(
                        otherCa, "other", "backend", Csrs.rsa(2048), Instant.now(), LeafCertificates.DEFAULT_VALIDITY)
                .trusting(defaultCa.bundlePem());
        Refused refused = MtlsPeers.refusal(impostor, web);
        assertThat(refused.by()).isEqualTo(Side.CLIENT);
        assertThat(refused.reason()).contains("unable to find valid certification path");
    }

    @Test
    void expiredLeafOfTheSameMeshIsRefusedByWhoeverVerifiesIt() {
        Identity expired = viaCsr(
                defaultCa,
                "default",
                "web",
                Csrs.ec("secp256r1"),
                Instant.now().minus(Duration.ofDays(2)),
                Duration.ofHours(1));
        Refused asClient = MtlsPeers.refusal(backend, expired);
        assertThat(asClient.by()).isEqualTo(Side.SERVER);
        assertThat(asClient.reason()).contains("CertificateExpiredException");
        Refused asServer = MtlsPeers.refusal(expired, backend);
        assertThat(asServer.by()).isEqualTo(Side.CLIENT);
        assertThat(asServer.reason()).contains("CertificateExpiredException");
    }

    private static CaMaterial builtinCa(String mesh, Instant now) {
        KeyPair keys = RsaKeys.generate(2048);
        X509Certificate root =
                BuiltinRootCertificate.create(mesh, keys, now.minus(Duration.ofDays(7)), Duration.ofDays(3650));
        return LocalCas.material(
                "ca-1", "builtin", List.of(root), keys.getPrivate(), PemCodec.encodeCertificates(List.of(root)));
    }

    /** A dataplane's identity as CSR mode makes it: the agent keeps its key, the server certifies the CSR's key. */
    private static Identity viaCsr(
            CaMaterial ca, String mesh, String service, KeyPair keys, Instant now, Duration validity) {
        var key = CertificateRequests.parse(Csrs.pem(keys));
        X509Certificate leaf = LeafCertificatesTest.issue(ca, mesh, service(service), key, now, validity);
        return Identity.of(leaf, keys, ca.bundlePem());
    }

    private static Map<String, Set<String>> service(String name) {
        return Map.of("kuma.io/service", Set.of(name));
    }
}

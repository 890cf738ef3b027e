package io.meshtrust.ca.remote;

import io.meshtrust.api.Violation;
import io.meshtrust.ca.CaBackend;
import io.meshtrust.ca.IssuedLeaf;
import io.meshtrust.ca.LeafTemplate;
import io.meshtrust.ca.LoadedCa;
import io.meshtrust.crypto.CryptoWorker;
import io.meshtrust.crypto.PemCodec;
import io.meshtrust.mesh.Mesh;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A CA backend type that exists only in the tests, written the way issue 14 says a new type is added: one package,
 * one class implementing {@link CaBackend}, nothing else touched. It stands for a CA whose key meshtrust never sees
 * (Vault, a cloud PCA): its key lives in this bean, and its {@code LeafSigner} signs there, with real crypto, without
 * {@code LocalKeySigner}. Its {@code conf} needs an {@code organization}, which becomes the CA's subject.
 */
@ApplicationScoped
public class RemoteCaBackend implements CaBackend {

    public static final String TYPE = "test-remote";

    private final CryptoWorker crypto;
    private final Map<String, Ca> cas = new ConcurrentHashMap<>();

    public RemoteCaBackend(CryptoWorker crypto) {
        this.crypto = crypto;
    }

    record Ca(KeyPair keys, X509Certificate certificate) {}

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Uni<List<Violation>> validate(String mesh, Mesh.Backend backend) {
        boolean named = backend.conf() != null
                && backend.conf().path("organization").isTextual()
                && !backend.conf().path("organization").asText().isBlank();
        return Uni.createFrom().item(named ? List.of() : List.of(new Violation("organization", "cannot be empty")));
    }

    @Override
    public List<String> usedSecrets(String mesh, Mesh.Backend backend) {
        return List.of();
    }

    @Override
    public Uni<LoadedCa> load(String mesh, Mesh.Backend backend) {
        String organization = backend.conf().path("organization").asText();
        return crypto.generateKeys(() -> cas.computeIfAbsent(mesh + "/" + backend.name(), k -> newCa(organization)))
                .map(ca -> new LoadedCa(
                        List.of(ca.certificate()),
                        PemCodec.encodeCertificates(List.of(ca.certificate())),
                        (template, subject) -> crypto.submit(() -> issue(ca, template, subject))));
    }

    /** The CA this bean made for a mesh's backend, so tests can check what it signed. */
    public X509Certificate certificateOf(String mesh, String backend) {
        return cas.get(mesh + "/" + backend).certificate();
    }

    private static IssuedLeaf issue(Ca ca, LeafTemplate template, PublicKey subject) throws Exception {
        var builder = new JcaX509v3CertificateBuilder(
                ca.certificate(),
                template.serial(),
                Date.from(template.notBefore()),
                Date.from(template.notAfter()),
                template.subject(),
                subject);
        for (Extension extension : template.extensions()) {
            builder.addExtension(extension);
        }
        X509CertificateHolder leaf = builder.build(signer(ca.keys().getPrivate()));
        return new IssuedLeaf(leaf, List.of(ca.certificate()));
    }

    private static Ca newCa(String organization) {
        try {
            var generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair keys = generator.generateKeyPair();
            var name = new X500Name("O=" + organization + ",CN=remote");
            Instant now = Instant.now();
            var builder = new JcaX509v3CertificateBuilder(
                    name,
                    BigInteger.valueOf(now.toEpochMilli()),
                    Date.from(now.minus(Duration.ofMinutes(5))),
                    Date.from(now.plus(Duration.ofDays(365))),
                    name,
                    keys.getPublic());
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            X509Certificate certificate =
                    new JcaX509CertificateConverter().getCertificate(builder.build(signer(keys.getPrivate())));
            return new Ca(keys, certificate);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static ContentSigner signer(PrivateKey key) throws Exception {
        return new JcaContentSignerBuilder("SHA256withECDSA").build(key);
    }
}

package io.meshtrust.cli;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;

/** Reads what the agent wrote with Bouncy Castle (not with the agent's code) and checks that it belongs together. */
final class PairReader {

    record Snapshot(String certificatePem, String keyPem, String caPem) {}

    private PairReader() {}

    /** cert.pem, key.pem, ca.pem through the links, in that order. */
    static Snapshot read(Path dir) throws IOException {
        return new Snapshot(
                Files.readString(dir.resolve("cert.pem")),
                Files.readString(dir.resolve("key.pem")),
                Files.readString(dir.resolve("ca.pem")));
    }

    static X509CertificateHolder certificate(String pem) throws IOException {
        return blocks(pem).stream()
                .filter(X509CertificateHolder.class::isInstance)
                .map(X509CertificateHolder.class::cast)
                .findFirst()
                .orElseThrow();
    }

    static SubjectPublicKeyInfo keyPublicHalf(String keyPem) throws IOException {
        var pair = (PEMKeyPair) blocks(keyPem).get(0);
        return pair.getPublicKeyInfo();
    }

    /** Null when the pair matches and the certificate is signed by the CA in ca.pem, else what is wrong. */
    static String problem(Snapshot s) throws Exception {
        X509CertificateHolder leaf = certificate(s.certificatePem());
        if (!leaf.getSubjectPublicKeyInfo().equals(keyPublicHalf(s.keyPem()))) {
            return "cert.pem " + leaf.getSerialNumber() + " does not match key.pem";
        }
        var ca = new JcaX509CertificateConverter().getCertificate(certificate(s.caPem()));
        if (!leaf.isSignatureValid(new JcaContentVerifierProviderBuilder().build(ca.getPublicKey()))) {
            return "cert.pem " + leaf.getSerialNumber() + " is not signed by ca.pem";
        }
        return null;
    }

    private static List<Object> blocks(String pem) throws IOException {
        var blocks = new ArrayList<Object>();
        try (var parser = new PEMParser(new StringReader(pem))) {
            Object block;
            while ((block = parser.readObject()) != null) {
                blocks.add(block);
            }
        }
        return blocks;
    }
}

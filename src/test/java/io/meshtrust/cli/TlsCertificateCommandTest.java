package io.meshtrust.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.util.io.pem.PemReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code generate tls-certificate}: Kuma's self-signed profile, file modes and messages (docs/kuma-ca-insights.md §8). */
class TlsCertificateCommandTest {

    static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
    static final Main.Context FIXED = Cli.offline(InstantSource.fixed(NOW));

    @TempDir
    Path dir;

    @Test
    void serverCertificateWithRsaKeyInFiles() throws Exception {
        Path key = dir.resolve("key.pem");
        Path cert = dir.resolve("cert.pem");
        var r = Cli.run(
                FIXED,
                "generate",
                "tls-certificate",
                "--type=server",
                "--hostname=cp.example.com,10.0.0.1",
                "--hostname",
                "localhost",
                "--key-file",
                key.toString(),
                "--cert-file",
                cert.toString());
        assertThat(r.err()).isEmpty();
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).isEqualTo("Private key saved in " + key + "\nCertificate saved in " + cert + "\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key)))
                .isEqualTo("r--------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(cert)))
                .isEqualTo("rw-------");

        assertThat(Files.readString(key)).startsWith("-----BEGIN RSA PRIVATE KEY-----\n");
        var pair = (PEMKeyPair) new PEMParser(new StringReader(Files.readString(key))).readObject();
        var holder = new X509CertificateHolder(new PemReader(new StringReader(Files.readString(cert)))
                .readPemObject()
                .getContent());
        assertThat(holder.getSubjectPublicKeyInfo()).isEqualTo(pair.getPublicKeyInfo());
        assertThat(holder.getSubject().getRDNs()).isEmpty();
        assertThat(holder.getNotBefore().toInstant()).isEqualTo(NOW.minus(5, ChronoUnit.MINUTES));
        assertThat(holder.getNotAfter().toInstant())
                .isEqualTo(NOW.minus(5, ChronoUnit.MINUTES).plus(3650, ChronoUnit.DAYS));
        assertThat(holder.getSerialNumber().bitLength()).isLessThanOrEqualTo(128);
        assertThat(holder.getExtension(Extension.basicConstraints).isCritical()).isTrue();
        assertThat(BasicConstraints.fromExtensions(holder.getExtensions()).isCA())
                .isTrue();
        assertThat(holder.getExtension(Extension.keyUsage).isCritical()).isTrue();
        assertThat(KeyUsage.fromExtensions(holder.getExtensions())
                        .hasUsages(KeyUsage.digitalSignature | KeyUsage.keyEncipherment | KeyUsage.keyCertSign))
                .isTrue();
        var eku = ExtendedKeyUsage.fromExtensions(holder.getExtensions());
        assertThat(eku.hasKeyPurposeId(KeyPurposeId.id_kp_serverAuth)).isTrue();
        assertThat(eku.hasKeyPurposeId(KeyPurposeId.id_kp_clientAuth)).isFalse();
        var sans = GeneralNames.fromExtensions(holder.getExtensions(), Extension.subjectAlternativeName)
                .getNames();
        assertThat(sans)
                .extracting(GeneralName::getTagNo)
                .containsExactly(GeneralName.dNSName, GeneralName.iPAddress, GeneralName.dNSName);
        assertThat(sans)
                .extracting(n -> n.getName().toString())
                .containsExactly("cp.example.com", "#0a000001", "localhost");
        // the JDK refuses an empty issuer DN, as Go accepts it: verify the self-signature with Bouncy Castle
        assertThat(holder.isSignatureValid(
                        new JcaContentVerifierProviderBuilder().build(holder.getSubjectPublicKeyInfo())))
                .isTrue();
    }

    @Test
    void clientCertificateWithEcdsaKeyOnStdout() throws Exception {
        var r = Cli.run(
                "generate",
                "tls-certificate",
                "--type",
                "client",
                "--hostname",
                "admin",
                "--key-type",
                "ecdsa",
                "--key-file",
                "-",
                "--cert-file",
                "-");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out())
                .startsWith("-----BEGIN EC PRIVATE KEY-----\n")
                .contains("-----BEGIN CERTIFICATE-----\n")
                .doesNotContain("saved in");
        var parser = new PEMParser(new StringReader(r.out()));
        var pair = (PEMKeyPair) parser.readObject();
        var holder = (X509CertificateHolder) parser.readObject();
        assertThat(holder.getSubjectPublicKeyInfo()).isEqualTo(pair.getPublicKeyInfo());
        assertThat(pair.getPublicKeyInfo().getAlgorithm().getParameters().toString())
                .isEqualTo("1.2.840.10045.3.1.7"); // P-256
        assertThat(ExtendedKeyUsage.fromExtensions(holder.getExtensions())
                        .hasKeyPurposeId(KeyPurposeId.id_kp_clientAuth))
                .isTrue();
    }

    @Test
    void kumactlErrors() {
        assertThat(Cli.run("generate", "tls-certificate", "--type=server"))
                .isEqualTo(new Cli.Result(1, "", "Error: required flag(s) \"hostname\" not set\n"));
        assertThat(Cli.run("generate", "tls-certificate"))
                .isEqualTo(new Cli.Result(1, "", "Error: required flag(s) \"hostname\", \"type\" not set\n"));
        assertThat(Cli.run("generate", "tls-certificate", "--type=peer", "--hostname=a"))
                .isEqualTo(new Cli.Result(1, "", "Error: invalid certificate type \"peer\"\n"));
        assertThat(Cli.run("generate", "tls-certificate", "--type=server", "--hostname=a", "--key-type=phoney"))
                .isEqualTo(new Cli.Result(1, "", "Error: invalid key type \"phoney\"\n"));
        assertThat(Cli.run("generate", "tls-certificate", "--type=server", "--hostname="))
                .isEqualTo(new Cli.Result(1, "", "Error: at least one hostname must be given\n"));
    }

    @Test
    void unwritableTargetIsAOneLineUserError() {
        var r = Cli.run(
                "generate",
                "tls-certificate",
                "--type=server",
                "--hostname=a",
                "--key-type=ecdsa",
                "--key-file",
                dir.resolve("no/such/dir/key.pem").toString(),
                "--cert-file",
                "-");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).startsWith("Error: could not write the key file ").endsWith("\n");
        assertThat(r.err().lines()).hasSize(1);
    }
}

package io.meshtrust.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.stream.Stream;
import org.bouncycastle.asn1.pkcs.RSAPrivateKey;
import org.bouncycastle.asn1.pkcs.RSAPublicKey;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code generate signing-key} and {@code generate public-key} (docs/kuma-tokens.md §15, §17.10 #63-64). */
class KeysCommandsTest {

    @TempDir
    Path dir;

    @Test
    void signingKeyIsBase64OfAPkcs1PemWithoutNewline() throws Exception {
        var r = Cli.run("generate", "signing-key");
        assertThat(r.exitCode()).isZero();
        assertThat(r.err()).isEmpty();
        assertThat(r.out()).doesNotContain("\n").matches("[A-Za-z0-9+/]+=*");
        String pem = new String(Base64.getDecoder().decode(r.out()), StandardCharsets.US_ASCII);
        assertRsa2048Pkcs1(pem);
    }

    @Test
    void signingKeyAsPem() throws Exception {
        var r = Cli.run("generate", "signing-key", "--format=pem");
        assertThat(r.exitCode()).isZero();
        assertRsa2048Pkcs1(r.out());
        assertThat(r.out()).endsWith("-----END RSA PRIVATE KEY-----\n");
        assertThat(r.out().lines().filter(l -> !l.startsWith("-----"))).allMatch(l -> l.length() <= 64);
    }

    @Test
    void unknownFormatIsRefused() {
        var r = Cli.run("generate", "signing-key", "--format", "der");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("Error: invalid format\n");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void publicKeyOfKumasSampleKeyEqualsKumasPublicKeyFile() throws Exception {
        Path key = dir.resolve("samplekey.pem");
        Files.writeString(key, Cli.resource("samplekey.pem"));
        var r = Cli.run("generate", "public-key", "--signing-key-path", key.toString());
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).isEqualTo(Cli.resource("publickey.pem"));
    }

    @Test
    void publicKeyOfAGeneratedKeyMatchesIt() throws Exception {
        Path key = dir.resolve("k.pem");
        Files.writeString(
                key, Cli.run("generate", "signing-key", "--format=pem").out());
        var r = Cli.run("generate", "public-key", "--signing-key-path=" + key);
        assertThat(r.exitCode()).isZero();
        PemObject pub = new PemReader(new StringReader(r.out())).readPemObject();
        assertThat(pub.getType()).isEqualTo("RSA PUBLIC KEY");
        var rsaPub = RSAPublicKey.getInstance(pub.getContent());
        var priv = RSAPrivateKey.getInstance(new PemReader(new StringReader(Files.readString(key)))
                .readPemObject()
                .getContent());
        assertThat(rsaPub.getModulus()).isEqualTo(priv.getModulus());
        assertThat(rsaPub.getPublicExponent()).isEqualTo(priv.getPublicExponent());
    }

    @Test
    void missingKeyFileIsOneLineUserError() {
        var r = Cli.run(
                "generate",
                "public-key",
                "--signing-key-path",
                dir.resolve("nope.pem").toString());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err())
                .startsWith("Error: could not read a signing key file: ")
                .endsWith("\n")
                .contains("no such file or directory");
        assertThat(r.err().lines()).hasSize(1);
    }

    @Test
    void nonPemAndNonRsaPemKeyFilesAreRefused() throws Exception {
        Path garbage = dir.resolve("garbage");
        Files.writeString(garbage, "this is not a key");
        Path pkcs8 = dir.resolve("pkcs8.pem");
        Files.writeString(pkcs8, "-----BEGIN PRIVATE KEY-----\nMAA=\n-----END PRIVATE KEY-----\n");
        Path broken = dir.resolve("broken.pem");
        Files.writeString(broken, "-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----\n");
        for (Path p : new Path[] {garbage, pkcs8, broken}) {
            var r = Cli.run("generate", "public-key", "--signing-key-path", p.toString());
            assertThat(r.exitCode()).as(p.toString()).isEqualTo(1);
            assertThat(r.err()).as(p.toString()).isEqualTo("Error: provided file is not a PEM-encoded signing key\n");
        }
    }

    @Test
    void missingRequiredFlagUsesCobrasWording() {
        var r = Cli.run("generate", "public-key");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("Error: required flag(s) \"signing-key-path\" not set\n");
    }

    @Test
    void unknownFlagsAndCommandsUseCobrasWording() {
        assertThat(Cli.run("generate", "signing-key", "--foo=bar"))
                .isEqualTo(new Cli.Result(1, "", "Error: unknown flag: --foo\n"));
        assertThat(Cli.run("generate", "signing-key", "-x"))
                .isEqualTo(new Cli.Result(1, "", "Error: unknown shorthand flag: 'x' in -x\n"));
        assertThat(Cli.run("generate", "nothing"))
                .isEqualTo(new Cli.Result(1, "", "Error: unknown command \"nothing\" for \"meshtrust generate\"\n"));
        assertThat(Cli.run("generate", "user-token", "--foo", "--name", "x"))
                .isEqualTo(new Cli.Result(1, "", "Error: unknown flag: --foo\n"));
        assertThat(Cli.run("generate", "dataplane-token", "-m", "demo", "--valid-for", "-1h", "-z"))
                .isEqualTo(new Cli.Result(1, "", "Error: unknown shorthand flag: 'z' in -z\n"));
        assertThat(Cli.run("generate", "public-key", "--signing-key-path"))
                .isEqualTo(new Cli.Result(1, "", "Error: flag needs an argument: --signing-key-path\n"));
    }

    @Test
    void everyCommandHasHelp() {
        for (String[] command : new String[][] {
            {},
            {"generate"},
            {"generate", "signing-key"},
            {"generate", "public-key"},
            {"generate", "user-token"},
            {"generate", "dataplane-token"},
            {"generate", "zone-token"},
            {"generate", "tls-certificate"}
        }) {
            String[] args =
                    Stream.concat(Arrays.stream(command), Stream.of("--help")).toArray(String[]::new);
            var r = Cli.run(args);
            assertThat(r.exitCode()).as(String.join(" ", args)).isZero();
            assertThat(r.out()).as(String.join(" ", args)).contains("Usage:").contains("--help");
        }
    }

    private static void assertRsa2048Pkcs1(String pem) throws Exception {
        assertThat(pem).startsWith("-----BEGIN RSA PRIVATE KEY-----\n").endsWith("-----END RSA PRIVATE KEY-----\n");
        PemObject block = new PemReader(new StringReader(pem)).readPemObject();
        var key = RSAPrivateKey.getInstance(block.getContent());
        assertThat(key.getModulus().bitLength()).isEqualTo(2048);
    }
}

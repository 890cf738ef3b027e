package io.meshtrust.cli;

import io.meshtrust.crypto.CertType;
import io.meshtrust.crypto.KeyType;
import io.meshtrust.crypto.SelfSignedCertificates;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code generate tls-certificate}: Kuma's self-signed profile (docs/kuma-ca-insights.md §8, the same code as the API
 * server's work-dir certificate); key file mode 0400, certificate 0600; {@code -} writes to stdout.
 */
@Command(name = "tls-certificate", mixinStandardHelpOptions = true, description = "Generate a TLS certificate.")
final class TlsCertificateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--type", required = true, description = "type of the certificate: one of client|server")
    String type;

    @Option(
            names = "--hostname",
            required = true,
            split = ",",
            description = "DNS hostname(s) or IP address(es) to issue the certificate for (repeatable)")
    List<String> hostnames = new ArrayList<>();

    @Option(
            names = "--key-type",
            defaultValue = "rsa",
            description = "type of the private key: one of rsa|ecdsa (default: rsa)")
    String keyType;

    @Option(
            names = "--key-file",
            defaultValue = "key.pem",
            description = "path to a file with a generated private key ('-' for stdout)")
    String keyFile;

    @Option(
            names = "--cert-file",
            defaultValue = "cert.pem",
            description = "path to a file with a generated TLS certificate ('-' for stdout)")
    String certFile;

    @Override
    public Integer call() {
        CertType certType;
        KeyType key;
        try {
            certType = CertType.parse(type);
            key = KeyType.parse(keyType);
        } catch (IllegalArgumentException e) {
            throw new CliException(e.getMessage());
        }
        var hosts = hostnames.stream().filter(h -> !h.isEmpty()).toList();
        if (hosts.isEmpty()) {
            throw new CliException("at least one hostname must be given");
        }
        var generated = SelfSignedCertificates.generate(
                key, certType, hosts, RootCommand.context(spec).clock().instant());
        var out = spec.commandLine().getOut();
        write(keyFile, generated.privateKeyPem(), "r--------", "could not write the key file");
        write(certFile, generated.certificatePem(), "rw-------", "could not write the certificate file");
        if (keyFile.equals("-") || certFile.equals("-")) {
            // the PEM already went to stdout
        } else {
            out.println("Private key saved in " + keyFile);
            out.println("Certificate saved in " + certFile);
        }
        out.flush();
        return 0;
    }

    private void write(String file, String pem, String mode, String what) {
        if (file.equals("-")) {
            var out = spec.commandLine().getOut();
            out.print(pem);
            out.flush();
            return;
        }
        Path path = Path.of(file);
        var permissions = PosixFilePermissions.fromString(mode);
        try {
            if (Files.exists(path)) {
                // os.WriteFile truncates an existing file; a read-only key from an earlier run is replaced instead
                Files.delete(path);
            }
            try (var channel = Files.newByteChannel(
                    path,
                    Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                    PosixFilePermissions.asFileAttribute(permissions))) {
                channel.write(ByteBuffer.wrap(pem.getBytes(StandardCharsets.US_ASCII)));
            }
            Files.setPosixFilePermissions(path, permissions); // the umask may have narrowed nothing, but be exact
        } catch (IOException | UnsupportedOperationException e) {
            throw new CliException(what + " " + file + ": " + e.getMessage());
        }
    }
}

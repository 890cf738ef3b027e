package io.meshtrust.cli;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code generate signing-key}: an RSA-2048 PKCS#1 key, base64 of the PEM (Secret {@code data}) or the PEM itself. */
@Command(
        name = "signing-key",
        mixinStandardHelpOptions = true,
        description = "Generate signing key that can be used to sign tokens (RSA-2048, PKCS#1).")
final class SigningKeyCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(
            names = "--format",
            defaultValue = "pem-base64",
            description = "format of the key: pem-base64 (default, usable as Secret data) or pem")
    String format;

    @Override
    public Integer call() {
        if (!format.equals("pem") && !format.equals("pem-base64")) {
            throw new CliException("invalid format");
        }
        String pem = SigningKeys.generatePem();
        var out = spec.commandLine().getOut();
        out.print(
                format.equals("pem")
                        ? pem
                        : Base64.getEncoder().encodeToString(pem.getBytes(StandardCharsets.US_ASCII)));
        out.flush();
        return 0;
    }
}

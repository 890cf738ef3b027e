package io.meshtrust.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code generate public-key}: the PKCS#1 {@code RSA PUBLIC KEY} of a signing key file. */
@Command(
        name = "public-key",
        mixinStandardHelpOptions = true,
        description = "Generate public key out of a signing key (to configure static public keys on the server).")
final class PublicKeyCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(
            names = "--signing-key-path",
            required = true,
            description = "path to a file with a signing key (PEM RSA PRIVATE KEY)")
    String signingKeyPath;

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        out.print(SigningKeys.publicKeyPem(SigningKeys.read(signingKeyPath)));
        out.flush();
        return 0;
    }
}

package io.meshtrust.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code meshtrust generate}: keys, tokens and certificates (kumactl's {@code generate}). */
@Command(
        name = "generate",
        mixinStandardHelpOptions = true,
        description = "Generate resources, tokens, etc.",
        subcommands = {
            SigningKeyCommand.class,
            PublicKeyCommand.class,
            UserTokenCommand.class,
            DataplaneTokenCommand.class,
            ZoneTokenCommand.class,
            TlsCertificateCommand.class
        })
final class GenerateCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}

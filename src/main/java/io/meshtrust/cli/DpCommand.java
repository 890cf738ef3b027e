package io.meshtrust.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code meshtrust dp}: what runs next to a data plane (the certificate agent). */
@Command(
        name = "dp",
        mixinStandardHelpOptions = true,
        description = "Data-plane tools.",
        subcommands = {DpCertificateCommand.class})
final class DpCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}

package io.meshtrust.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code meshtrust inspect}: resources with their insights (kumactl's {@code inspect}). */
@Command(
        name = "inspect",
        mixinStandardHelpOptions = true,
        description = "Inspect resources.",
        subcommands = {InspectDataplanesCommand.class, InspectMeshesCommand.class})
final class InspectCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}

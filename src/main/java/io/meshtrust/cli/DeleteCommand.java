package io.meshtrust.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code delete mesh|dataplane|secret|global-secret NAME [--mesh]}: prints {@code deleted <Kind> "<name>"}. */
@Command(name = "delete", mixinStandardHelpOptions = true, description = "Delete a resource by its type and name.")
final class DeleteCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(
            paramLabel = "TYPE NAME",
            arity = "0..*",
            description = "type (one of mesh|dataplane|secret|global-secret) and name of the resource")
    List<String> args = new ArrayList<>();

    @Option(
            names = {"-m", "--mesh"},
            defaultValue = "default",
            paramLabel = "MESH",
            description = "mesh of a dataplane or secret (default: ${DEFAULT-VALUE})")
    String mesh = "default";

    @Override
    public Integer call() {
        var typeAndName = Resources.exactArgs(args, 2);
        String type = typeAndName.get(0);
        String name = typeAndName.get(1);
        Resources.Type resourceType = null;
        for (Resources.Type t : Resources.Type.values()) {
            if (t.cliName.equals(type)) {
                resourceType = t;
            }
        }
        if (resourceType == null) {
            throw new CliException(
                    "unknown TYPE: " + type + ". Allowed values: mesh, dataplane, secret, global-secret");
        }
        try {
            RootCommand.api(spec).delete(resourceType.item(mesh, name));
        } catch (CliException e) {
            throw e.wrap("failed to delete " + resourceType.kind + " \"" + name + "\": ");
        }
        var out = spec.commandLine().getOut();
        out.println("deleted " + resourceType.kind + " \"" + name + "\"");
        out.flush();
        return 0;
    }
}

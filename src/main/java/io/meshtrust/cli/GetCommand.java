package io.meshtrust.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code get meshes|mesh|dataplanes|dataplane|secrets|global-secrets}: kumactl's tables, or JSON/YAML. */
@Command(
        name = "get",
        mixinStandardHelpOptions = true,
        description = "Show resources.",
        subcommands = {
            GetCommand.Meshes.class,
            GetCommand.Mesh.class,
            GetCommand.Dataplanes.class,
            GetCommand.Dataplane.class,
            GetCommand.Secrets.class,
            GetCommand.GlobalSecrets.class
        })
final class GetCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** {@code -o, --output}. */
    static final class OutputOption {
        @Option(
                names = {"-o", "--output"},
                defaultValue = "table",
                paramLabel = "FORMAT",
                description = "output format: one of table|yaml|json (default: ${DEFAULT-VALUE})")
        Resources.Output output = Resources.Output.table;
    }

    /** {@code -m, --mesh}. */
    static final class MeshOption {
        @Option(
                names = {"-m", "--mesh"},
                defaultValue = "default",
                paramLabel = "MESH",
                description = "mesh to use (default: ${DEFAULT-VALUE})")
        String mesh = "default";
    }

    /** Lists one type, every page. */
    abstract static class ListCommand implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        OutputOption output;

        abstract Resources.Type type();

        String mesh() {
            return null;
        }

        @Override
        public Integer call() {
            var type = type();
            var items = Resources.list(RootCommand.api(spec), type.collection(mesh()));
            Resources.printList(
                    spec.commandLine().getOut(),
                    output.output,
                    type,
                    items,
                    RootCommand.context(spec).clock().instant());
            return 0;
        }
    }

    /** Shows one resource. */
    abstract static class OneCommand implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        OutputOption output;

        @Parameters(paramLabel = "NAME", arity = "0..*", description = "name of the resource")
        List<String> args = new ArrayList<>();

        abstract Resources.Type type();

        String mesh() {
            return null;
        }

        @Override
        public Integer call() {
            String name = Resources.exactArgs(args, 1).get(0);
            var type = type();
            String body;
            try {
                body = RootCommand.api(spec).get(type.item(mesh(), name));
            } catch (ApiClient.ErrorAnswer e) {
                if (e.status() == 404) { // kumactl's wording for a store's not-found
                    throw new CliException(
                            type.meshScoped ? "No resources found in " + mesh() + " mesh" : "No resources found");
                }
                throw e;
            }
            var item = Resources.parse(body);
            Resources.printOne(
                    spec.commandLine().getOut(),
                    output.output,
                    type,
                    item,
                    RootCommand.context(spec).clock().instant());
            return 0;
        }
    }

    @Command(name = "meshes", mixinStandardHelpOptions = true, description = "Show meshes.")
    static final class Meshes extends ListCommand {
        @Override
        Resources.Type type() {
            return Resources.Type.MESH;
        }
    }

    @Command(name = "mesh", mixinStandardHelpOptions = true, description = "Show a single mesh.")
    static final class Mesh extends OneCommand {
        @Override
        Resources.Type type() {
            return Resources.Type.MESH;
        }
    }

    @Command(name = "dataplanes", mixinStandardHelpOptions = true, description = "Show dataplanes of a mesh.")
    static final class Dataplanes extends ListCommand {
        @Mixin
        MeshOption mesh;

        @Override
        Resources.Type type() {
            return Resources.Type.DATAPLANE;
        }

        @Override
        String mesh() {
            return mesh.mesh;
        }
    }

    @Command(name = "dataplane", mixinStandardHelpOptions = true, description = "Show a single dataplane.")
    static final class Dataplane extends OneCommand {
        @Mixin
        MeshOption mesh;

        @Override
        Resources.Type type() {
            return Resources.Type.DATAPLANE;
        }

        @Override
        String mesh() {
            return mesh.mesh;
        }
    }

    @Command(name = "secrets", mixinStandardHelpOptions = true, description = "Show secrets of a mesh.")
    static final class Secrets extends ListCommand {
        @Mixin
        MeshOption mesh;

        @Override
        Resources.Type type() {
            return Resources.Type.SECRET;
        }

        @Override
        String mesh() {
            return mesh.mesh;
        }
    }

    @Command(name = "global-secrets", mixinStandardHelpOptions = true, description = "Show global secrets.")
    static final class GlobalSecrets extends ListCommand {
        @Override
        Resources.Type type() {
            return Resources.Type.GLOBAL_SECRET;
        }
    }
}

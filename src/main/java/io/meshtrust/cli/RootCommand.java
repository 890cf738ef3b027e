package io.meshtrust.cli;

import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code meshtrust}: prints its help when run without a command, like kumactl. */
@Command(
        name = "meshtrust",
        mixinStandardHelpOptions = true,
        versionProvider = RootCommand.Version.class,
        description = "Command line of the meshtrust control plane (a kumactl-compatible subset).",
        subcommands = {
            GenerateCommand.class,
            ConfigCommand.class,
            InspectCommand.class,
            GetCommand.class,
            ApplyCommand.class,
            DeleteCommand.class,
            DpCommand.class
        })
final class RootCommand implements Runnable {

    final Main.Context context;

    @Spec
    CommandSpec spec;

    @picocli.CommandLine.Option(
            names = "--config-file",
            scope = picocli.CommandLine.ScopeType.INHERIT,
            description = "path to the configuration file (default: $MESHTRUST_CONFIG or $HOME/.meshtrust/config)")
    Path configFile;

    RootCommand(Main.Context context) {
        this.context = context;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The context of the command line a subcommand belongs to. */
    static Main.Context context(CommandSpec spec) {
        return ((RootCommand) spec.root().userObject()).context;
    }

    /** The config file: {@code --config-file}, else the context's. */
    static Path configFile(CommandSpec spec) {
        var root = (RootCommand) spec.root().userObject();
        return root.configFile != null ? root.configFile : root.context.configFile();
    }

    /** A client for the control plane of the current context. */
    static ApiClient api(CommandSpec spec) {
        return new ApiClient(CliConfig.load(configFile(spec)).current().coordinates.apiServer);
    }

    static final class Version implements picocli.CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"meshtrust " + BuildInfo.version()};
        }
    }
}

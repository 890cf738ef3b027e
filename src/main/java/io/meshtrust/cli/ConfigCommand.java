package io.meshtrust.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code meshtrust config}: kumactl's control-plane configuration. */
@Command(
        name = "config",
        mixinStandardHelpOptions = true,
        description = "Manage meshtrust config.",
        subcommands = {ConfigCommand.View.class, ConfigCommand.ControlPlanes.class})
final class ConfigCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "view", mixinStandardHelpOptions = true, description = "Show the configuration file.")
    static final class View implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            var file = RootCommand.configFile(spec);
            var out = spec.commandLine().getOut();
            if (Files.exists(file)) {
                out.print(Files.readString(file));
            } else {
                out.println("# " + file + " does not exist: built-in defaults (control plane \"local\")");
            }
            out.flush();
            return 0;
        }
    }

    @Command(
            name = "control-planes",
            mixinStandardHelpOptions = true,
            description = "Manage known Control Planes.",
            subcommands = {Add.class, List.class, Switch.class, Remove.class})
    static final class ControlPlanes implements Runnable {
        @Spec
        CommandSpec spec;

        @Override
        public void run() {
            spec.commandLine().usage(spec.commandLine().getOut());
        }
    }

    @Command(
            name = "add",
            mixinStandardHelpOptions = true,
            description = "Add a Control Plane and make it the current one (its API server must answer).")
    static final class Add implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--name", required = true, description = "reference name for the Control Plane")
        String name;

        @Option(names = "--address", required = true, description = "URL of the Control Plane API Server")
        String address;

        @Option(names = "--overwrite", description = "overwrite an existing Control Plane with the same name")
        boolean overwrite;

        @Option(names = "--auth-type", description = "authentication type: tokens")
        String authType;

        @Option(names = "--auth-conf", description = "authentication config, e.g. token=YOUR_TOKEN (repeatable)")
        Map<String, String> authConf = new LinkedHashMap<>();

        @Option(
                names = "--ca-cert-file",
                description = "CA certificate(s) (PEM) verifying the API server's HTTPS certificate")
        String caCertFile;

        @Option(names = "--skip-verify", description = "do not verify the API server's HTTPS certificate")
        boolean skipVerify;

        @Option(
                names = "--client-cert-file",
                description = "certificate (PEM) of a client authorized to use the "
                        + "Admin operations of the Control Plane (only a reference to the file is stored)")
        String clientCertFile;

        @Option(
                names = "--client-key-file",
                description =
                        "private key (PEM) of that client certificate (only a " + "reference to the file is stored)")
        String clientKeyFile;

        @Option(
                names = "--headers",
                split = ",",
                description =
                        "add these headers to every request to the Control " + "Plane, format key=value (repeatable)")
        Map<String, String> headers = new LinkedHashMap<>();

        @Override
        public Integer call() {
            if (caCertFile != null && skipVerify) {
                throw new CliException("--ca-cert-file and --skip-verify cannot be used together");
            }
            if (!address.startsWith("http://") && !address.startsWith("https://")) {
                throw new CliException(
                        "API Server URL is invalid: \"" + address + "\" must start with http:// or https://");
            }
            if (isEmpty(clientCertFile) != isEmpty(clientKeyFile)) {
                throw new CliException("Both --client-cert-file and --client-key-file needs to be specified");
            }
            Auth.validate(authType, authConf);
            var file = RootCommand.configFile(spec);
            var config = CliConfig.load(file);
            if (config.controlPlane(name).isPresent() && !overwrite) {
                throw new CliException("Control Plane with name \"" + name
                        + "\" already exists. Use --overwrite to replace an existing one.");
            }
            var cp = new CliConfig.ControlPlane();
            cp.name = name;
            var api = cp.coordinates.apiServer;
            api.url = address;
            api.caCertFile = absolute(caCertFile);
            api.skipVerify = skipVerify;
            api.clientCertFile = absolute(clientCertFile);
            api.clientKeyFile = absolute(clientKeyFile);
            // sorted, as kumactl stores them
            new TreeMap<>(headers).forEach((k, v) -> api.addHeaders.add(new CliConfig.Header(k, v)));
            api.authType = authType;
            api.authConf = new LinkedHashMap<>(authConf);
            var client = new ApiClient(api); // local problems (files, headers) without the prefix below
            try {
                client.get("/");
            } catch (CliException e) {
                throw e.wrap("could not connect to the Control Plane API Server: ");
            }
            config.controlPlanes.removeIf(c -> name.equals(c.name));
            config.controlPlanes.add(cp);
            config.contexts.removeIf(c -> name.equals(c.name));
            var context = new CliConfig.ContextEntry();
            context.name = name;
            context.controlPlane = name;
            config.contexts.add(context);
            config.currentContext = name;
            config.save(file);
            var out = spec.commandLine().getOut();
            out.println("added Control Plane \"" + name + "\"");
            out.println("switched active Control Plane to \"" + name + "\"");
            out.flush();
            return 0;
        }
    }

    private static boolean isEmpty(String s) {
        return s == null || s.isEmpty();
    }

    private static String absolute(String file) {
        return isEmpty(file) ? null : Path.of(file).toAbsolutePath().toString();
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List Control Planes.")
    static final class List implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            var config = CliConfig.load(RootCommand.configFile(spec));
            String current = config.contexts.stream()
                    .filter(c -> config.currentContext.equals(c.name))
                    .map(c -> c.controlPlane)
                    .findFirst()
                    .orElse("");
            var rows = new ArrayList<String[]>();
            rows.add(new String[] {"ACTIVE", "NAME", "ADDRESS"});
            for (var cp : config.controlPlanes) {
                rows.add(new String[] {cp.name.equals(current) ? "*" : "", cp.name, cp.coordinates.apiServer.url});
            }
            int w0 = rows.stream().mapToInt(r -> r[0].length()).max().orElse(0) + 3;
            int w1 = rows.stream().mapToInt(r -> r[1].length()).max().orElse(0) + 3;
            var out = spec.commandLine().getOut();
            for (String[] r : rows) {
                out.println((pad(r[0], w0) + pad(r[1], w1) + r[2]).stripTrailing());
            }
            out.flush();
            return 0;
        }

        private static String pad(String s, int width) {
            return s + " ".repeat(Math.max(0, width - s.length()));
        }
    }

    @Command(name = "switch", mixinStandardHelpOptions = true, description = "Switch the active Control Plane.")
    static final class Switch implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--name", required = true, description = "name of the Control Plane to use")
        String name;

        @Override
        public Integer call() {
            var file = RootCommand.configFile(spec);
            var config = CliConfig.load(file);
            var context = config.contexts.stream()
                    .filter(c -> name.equals(c.controlPlane))
                    .findFirst()
                    .orElseThrow(() -> new CliException("there is no Control Plane with name \"" + name + "\""));
            config.currentContext = context.name;
            config.save(file);
            spec.commandLine().getOut().println("switched active Control Plane to \"" + name + "\"");
            spec.commandLine().getOut().flush();
            return 0;
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true, description = "Remove a Control Plane.")
    static final class Remove implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--name", required = true, description = "name of the Control Plane to remove")
        String name;

        @Override
        public Integer call() {
            var file = RootCommand.configFile(spec);
            var config = CliConfig.load(file);
            if (config.controlPlane(name).isEmpty()) {
                throw new CliException("there is no Control Plane with name \"" + name + "\"");
            }
            config.controlPlanes.removeIf(c -> name.equals(c.name));
            config.contexts.removeIf(c -> name.equals(c.controlPlane));
            var out = spec.commandLine().getOut();
            out.println("removed Control Plane \"" + name + "\"");
            if (config.contexts.stream().noneMatch(c -> config.currentContext.equals(c.name))) {
                config.currentContext = config.contexts.isEmpty() ? "" : config.contexts.get(0).name;
                if (!config.currentContext.isEmpty()) {
                    out.println("switched active Control Plane to \"" + config.currentContext + "\"");
                }
            }
            config.save(file);
            out.flush();
            return 0;
        }
    }
}

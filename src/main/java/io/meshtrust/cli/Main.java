package io.meshtrust.cli;

import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.InstantSource;
import java.time.ZoneId;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;

/**
 * The {@code meshtrust} command line, a kumactl-compatible subset (docs/product.md §2, docs/kuma-tokens.md §15). Plain picocli: it
 * never touches Quarkus or CDI, so running it never starts the server or binds a port.
 *
 * <p>Errors are one line {@code Error: <message>} on stderr with cobra's wording for flag problems; exit codes are
 * 0 (ok), 1 (user error, see {@link CliException#USER}), 2 (server or network error).
 */
public final class Main {

    private Main() {}

    public static void main(String[] args) {
        int code = run(args, System.out, System.err);
        System.exit(code);
    }

    /** Runs one command line with the given streams and the system environment; returns the exit code. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        return run(args, out, err, Context.fromEnvironment(System.getenv()));
    }

    /** Runs one command line; {@code context} carries what tests replace (clock, control-plane address). */
    public static int run(String[] args, PrintStream out, PrintStream err, Context context) {
        var outWriter = new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), true);
        var errWriter = new PrintWriter(new OutputStreamWriter(err, StandardCharsets.UTF_8), true);
        var root = new RootCommand(context);
        var cli = new CommandLine(root)
                .setOut(outWriter)
                .setErr(errWriter)
                .setOverwrittenOptionsAllowed(true) // pflag: the last value wins
                .setCaseInsensitiveEnumValuesAllowed(false)
                .setParameterExceptionHandler((e, a) -> {
                    errWriter.println("Error: " + cobraMessage(e, a));
                    errWriter.flush();
                    return CliException.USER;
                })
                .setExecutionExceptionHandler((e, commandLine, parseResult) -> {
                    errWriter.println("Error: " + message(e));
                    errWriter.flush();
                    return e instanceof CliException c ? c.exitCode() : CliException.USER;
                });
        try {
            return cli.execute(args);
        } finally {
            outWriter.flush();
            errWriter.flush();
        }
    }

    private static String message(Exception e) {
        String m = e.getMessage();
        return m == null || m.isBlank()
                ? e.getClass().getSimpleName()
                : m.lines().findFirst().orElse(m);
    }

    /** Picocli's parse errors in cobra/pflag wording, as kumactl prints them. */
    static String cobraMessage(ParameterException e, String[] args) {
        if (e instanceof CommandLine.MissingParameterException) {
            // pflag rejects an unknown flag while parsing, before cobra checks required flags; picocli does it after
            String unknown = firstUnknownFlag(e.getCommandLine(), args);
            if (unknown != null) {
                return unknownFlag(unknown);
            }
        }
        if (e instanceof CommandLine.UnmatchedArgumentException u
                && !u.getUnmatched().isEmpty()) {
            String arg = u.getUnmatched().get(0);
            if (arg.startsWith("-") && arg.length() > 1) {
                return unknownFlag(arg);
            }
            return "unknown command \"" + arg + "\" for \"" + commandPath(e.getCommandLine()) + "\"";
        }
        if (e instanceof CommandLine.MissingParameterException m) {
            List<ArgSpec> missing = m.getMissing();
            if (e.getMessage().startsWith("Missing required parameter")
                    && missing.size() == 1
                    && missing.get(0) instanceof OptionSpec option) {
                return "flag needs an argument: " + option.longestName();
            }
            var names = missing.stream()
                    .filter(OptionSpec.class::isInstance)
                    .map(a -> "\"" + ((OptionSpec) a).longestName().replaceFirst("^-+", "") + "\"")
                    .sorted()
                    .toList();
            if (!names.isEmpty()) {
                return "required flag(s) " + String.join(", ", names) + " not set";
            }
        }
        String m = e.getMessage();
        return m == null ? "invalid arguments" : m.lines().findFirst().orElse(m).toLowerCase(Locale.ROOT);
    }

    private static String unknownFlag(String arg) {
        if (arg.startsWith("--")) {
            int eq = arg.indexOf('=');
            return "unknown flag: " + (eq < 0 ? arg : arg.substring(0, eq));
        }
        return "unknown shorthand flag: '" + arg.charAt(1) + "' in " + arg;
    }

    /** The first argument after the command's name that looks like a flag the command does not have, else null. */
    private static String firstUnknownFlag(CommandLine command, String[] args) {
        var path = new ArrayDeque<String>();
        for (CommandLine c = command; c.getParent() != null; c = c.getParent()) {
            path.push(c.getCommandName());
        }
        int i = 0;
        for (String name : path) { // skip to the command itself
            while (i < args.length && !args[i].equals(name)) {
                i++;
            }
            i++;
        }
        for (; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--")) {
                return null;
            }
            if (!arg.startsWith("-") || arg.equals("-")) {
                continue;
            }
            int eq = arg.indexOf('=');
            OptionSpec option = command.getCommandSpec().findOption(eq < 0 ? arg : arg.substring(0, eq));
            if (option == null) {
                return arg;
            }
            if (eq < 0 && option.arity().max() > 0) {
                i++; // its value, whatever it looks like (pflag takes the next argument)
            }
        }
        return null;
    }

    private static String commandPath(CommandLine commandLine) {
        var names = new ArrayDeque<String>();
        for (CommandLine c = commandLine; c != null; c = c.getParent()) {
            names.push(c.getCommandName());
        }
        return String.join(" ", names);
    }

    /**
     * What the commands read from outside the command line.
     *
     * @param clock the time tokens and certificates are issued at
     * @param configFile the kumactl-style config file with the control planes ({@code --config-file} overrides it)
     * @param zone the time zone times are printed in (Go's {@code time.Local})
     */
    public record Context(InstantSource clock, Path configFile, ZoneId zone) {

        /** A context in the system's time zone. */
        public Context(InstantSource clock, Path configFile) {
            this(clock, configFile, ZoneId.systemDefault());
        }

        /** {@code $MESHTRUST_CONFIG}, else {@code .meshtrust/config} in the home directory ({@link #home}). */
        public static Context fromEnvironment(Map<String, String> env) {
            return fromEnvironment(env, System.getProperty("user.home"));
        }

        /** As {@link #fromEnvironment(Map)}, with the JVM's {@code user.home} given (for tests). */
        static Context fromEnvironment(Map<String, String> env, String userHome) {
            String file = env.getOrDefault("MESHTRUST_CONFIG", "");
            return new Context(
                    InstantSource.system(),
                    file.isBlank() ? home(env, userHome).resolve(".meshtrust").resolve("config") : Path.of(file));
        }

        /**
         * The home directory: {@code $HOME}, as kumactl reads it ({@code app/kumactl/pkg/config/io.go},
         * {@code DefaultConfigFile}), else the JVM's {@code user.home} (the passwd entry); when neither is known
         * (the JDK says {@code ?} for a user without a passwd entry) the current directory, where kumactl's
         * {@code filepath.Join("", ".kumactl", "config")} puts its file too. The server's work directory follows the
         * same order ({@code tls/ApiServerTls.workDir}).
         */
        static Path home(Map<String, String> env, String userHome) {
            String home = env.getOrDefault("HOME", "");
            if (!home.isBlank()) {
                return Path.of(home);
            }
            if (userHome != null && !userHome.isBlank() && !"?".equals(userHome)) {
                return Path.of(userHome);
            }
            return Path.of("");
        }
    }
}

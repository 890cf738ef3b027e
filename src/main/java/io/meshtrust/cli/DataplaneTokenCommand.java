package io.meshtrust.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code generate dataplane-token}: claims {@code Name, Mesh, Tags, Type, Workload} (docs/kuma-tokens.md §11); offline with
 * {@code --signing-key-path --kid}, otherwise {@code POST /tokens/dataplane}.
 */
@Command(name = "dataplane-token", mixinStandardHelpOptions = true, description = "Generate a dataplane token.")
final class DataplaneTokenCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--name", defaultValue = "", description = "name of the dataplane")
    String name;

    @Option(
            names = {"-m", "--mesh"},
            defaultValue = "default",
            description = "mesh of the dataplane (default: default)")
    String mesh;

    @Option(names = "--proxy-type", defaultValue = "", description = "type of the proxy: dataplane")
    String proxyType;

    @Option(names = "--tag", description = "required tag values for the dataplane, k=v1,v2 (repeatable)")
    List<String> tagFlags = new ArrayList<>();

    @Option(names = "--workload", defaultValue = "", description = "workload the token is bound to")
    String workload;

    @Option(names = "--valid-for", required = true, description = "how long the token is valid (Go duration, e.g. 24h)")
    String validFor;

    @Option(
            names = "--signing-key-path",
            description = "path to a signing key (PEM RSA PRIVATE KEY) to issue the token offline")
    String signingKeyPath;

    @Option(
            names = "--kid",
            description = "ID of the key used to issue the token offline (required with --signing-key-path)")
    String kid;

    @Override
    public Integer call() {
        if (!proxyType.isEmpty() && !proxyType.equals("dataplane")) {
            throw new CliException(proxyType + " is not a valid proxy type");
        }
        Map<String, List<String>> tags = tags(tagFlags);
        Tokens.checkKid(signingKeyPath, kid);
        var validity = Tokens.validFor(validFor);
        String token;
        if (Tokens.offline(signingKeyPath)) {
            var claims = new LinkedHashMap<String, Object>();
            claims.put("Name", name);
            claims.put("Mesh", mesh);
            claims.put("Tags", tags);
            claims.put("Type", proxyType);
            claims.put("Workload", workload);
            token = Tokens.signOffline(
                    signingKeyPath,
                    kid,
                    claims,
                    validity,
                    RootCommand.context(spec).clock());
        } else {
            if (validity.isZero()) {
                throw new CliException("failed to generate a dataplane token: You must set a token validFor value");
            }
            var body = new LinkedHashMap<String, Object>();
            body.put("name", name);
            body.put("mesh", mesh);
            body.put("tags", tags);
            body.put("type", proxyType);
            body.put("workload", workload);
            body.put("validFor", validFor);
            token = Tokens.requestOnline(spec, "/tokens/dataplane", body, "dataplane");
        }
        return Tokens.print(spec, token);
    }

    /**
     * pflag's string-to-string flag then Kuma's split: {@code k=v1,v2} is one tag with two values; with several
     * {@code =} the value is a comma-separated list of pairs. Keys and values sorted, as the server stores them.
     */
    static Map<String, List<String>> tags(List<String> flags) {
        var byKey = new TreeMap<String, TreeSet<String>>();
        for (String flag : flags) {
            long equals = flag.chars().filter(c -> c == '=').count();
            if (equals == 0) {
                throw new CliException("invalid argument \"" + flag + "\" for \"--tag\" flag: " + flag
                        + " must be formatted as key=value");
            }
            List<String> pairs = equals == 1 ? List.of(flag) : List.of(flag.split(","));
            for (String pair : pairs) {
                int eq = pair.indexOf('=');
                if (eq < 0) {
                    throw new CliException("invalid argument \"" + flag + "\" for \"--tag\" flag: " + pair
                            + " must be formatted as key=value");
                }
                var values = byKey.computeIfAbsent(pair.substring(0, eq), k -> new TreeSet<>());
                for (String v : pair.substring(eq + 1).split(",")) {
                    if (!v.isEmpty()) {
                        values.add(v);
                    }
                }
            }
        }
        var tags = new TreeMap<String, List<String>>();
        byKey.forEach((k, v) -> tags.put(k, List.copyOf(v)));
        return tags;
    }
}

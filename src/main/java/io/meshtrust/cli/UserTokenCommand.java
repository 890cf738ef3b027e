package io.meshtrust.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code generate user-token}: offline with {@code --signing-key-path --kid} (no name or validity checks, as
 * kumactl), otherwise {@code POST /tokens/user}. Prints the raw token without a newline.
 */
@Command(name = "user-token", mixinStandardHelpOptions = true, description = "Generate a user token.")
final class UserTokenCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--name", required = true, description = "name of the user")
    String name;

    @Option(names = "--group", split = ",", description = "group of the user (repeatable or comma-separated)")
    List<String> groups = new ArrayList<>();

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
        Tokens.checkKid(signingKeyPath, kid);
        var validity = Tokens.validFor(validFor);
        String token;
        if (Tokens.offline(signingKeyPath)) {
            var claims = new LinkedHashMap<String, Object>();
            claims.put("Name", name);
            claims.put("Groups", List.copyOf(groups));
            token = Tokens.signOffline(
                    signingKeyPath,
                    kid,
                    claims,
                    validity,
                    RootCommand.context(spec).clock());
        } else {
            var body = new LinkedHashMap<String, Object>();
            body.put("name", name);
            body.put("groups", List.copyOf(groups));
            body.put("validFor", validFor);
            token = Tokens.requestOnline(spec, "/tokens/user", body, "user");
        }
        return Tokens.print(spec, token);
    }
}

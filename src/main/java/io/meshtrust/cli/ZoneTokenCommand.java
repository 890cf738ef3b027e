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
 * {@code generate zone-token}: claims {@code Zone, Scope} (docs/kuma-tokens.md §12); OSS Kuma's full scope is empty, so any
 * {@code --scope} value is refused as kumactl does.
 */
@Command(name = "zone-token", mixinStandardHelpOptions = true, description = "Generate a zone token.")
final class ZoneTokenCommand implements Callable<Integer> {

    /** {@code zone.FullScope} in OSS Kuma. */
    static final List<String> FULL_SCOPE = List.of();

    @Spec
    CommandSpec spec;

    @Option(names = "--zone", required = true, description = "name of the zone")
    String zone;

    @Option(names = "--scope", split = ",", description = "scope of the token (supported: none in this distribution)")
    List<String> scope = new ArrayList<>(FULL_SCOPE);

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
        var unsupported = scope.stream().filter(s -> !FULL_SCOPE.contains(s)).toList();
        if (!unsupported.isEmpty()) {
            throw new CliException("invalid --scope values: [" + String.join(" ", unsupported)
                    + "] (supported scopes: [" + String.join(" ", FULL_SCOPE) + "])");
        }
        Tokens.checkKid(signingKeyPath, kid);
        var validity = Tokens.validFor(validFor);
        String token;
        if (Tokens.offline(signingKeyPath)) {
            var claims = new LinkedHashMap<String, Object>();
            claims.put("Zone", zone);
            claims.put("Scope", List.copyOf(scope));
            token = Tokens.signOffline(
                    signingKeyPath,
                    kid,
                    claims,
                    validity,
                    RootCommand.context(spec).clock());
        } else {
            var body = new LinkedHashMap<String, Object>();
            body.put("zone", zone);
            body.put("scope", List.copyOf(scope));
            body.put("validFor", validFor);
            token = Tokens.requestOnline(spec, "/tokens/zone", body, "zone");
        }
        return Tokens.print(spec, token);
    }
}

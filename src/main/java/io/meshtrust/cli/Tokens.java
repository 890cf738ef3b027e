package io.meshtrust.cli;

import io.meshtrust.tokens.Jwt;
import io.meshtrust.values.GoDuration;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Map;

/** What the three token commands share: kumactl's {@code --kid} rules, Go durations, offline signing. */
final class Tokens {

    private Tokens() {}

    /** kumactl's checks, wording included ({@code --kid cannot be used…} is inverted in kumactl too). */
    static void checkKid(String signingKeyPath, String kid) {
        boolean hasPath = signingKeyPath != null && !signingKeyPath.isEmpty();
        boolean hasKid = kid != null && !kid.isEmpty();
        if (hasPath && !hasKid) {
            throw new CliException("--kid is required when --signing-key-path is used");
        }
        if (!hasPath && hasKid) {
            throw new CliException("--kid cannot be used when --signing-key-path is used");
        }
    }

    static boolean offline(String signingKeyPath) {
        return signingKeyPath != null && !signingKeyPath.isEmpty();
    }

    /** A Go duration flag ({@code 24h}, {@code 30m}, {@code 1h30m}); pflag's wording for a bad value. */
    static Duration validFor(String text) {
        try {
            return GoDuration.parse(text);
        } catch (GoDuration.InvalidDurationException e) {
            throw new CliException("invalid argument \"" + text + "\" for \"--valid-for\" flag: " + e.getMessage());
        }
    }

    /**
     * Signs the claims offline exactly as the server's {@code TokenIssuer} does (RS256, {@code nbf = iat = now - 5 s},
     * random {@code jti}, the given {@code kid}).
     */
    static String signOffline(
            String signingKeyPath, String kid, Map<String, Object> claims, Duration validFor, InstantSource clock) {
        var key = SigningKeys.read(signingKeyPath);
        var registered = Jwt.registeredClaims(clock.millis(), validFor);
        return Jwt.sign(Jwt.signingInput(kid, claims, registered), key);
    }

    /** Online issuing: {@code POST path} on the current control plane; a failure reads "failed to generate a KIND token: …". */
    static String requestOnline(
            picocli.CommandLine.Model.CommandSpec spec, String path, Map<String, Object> body, String kind) {
        try {
            return RootCommand.api(spec).postJson(path, body);
        } catch (CliException e) {
            throw e.wrap("failed to generate a " + kind + " token: ");
        }
    }

    /** Prints the token as kumactl does (no newline) and answers the exit code. */
    static int print(picocli.CommandLine.Model.CommandSpec spec, String token) {
        var out = spec.commandLine().getOut();
        out.print(token);
        out.flush();
        return 0;
    }
}

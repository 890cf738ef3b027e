import io.meshtrust.tokens.Jwt;
import io.meshtrust.tokens.TokenVerifier;
import io.meshtrust.tokens.VerifiedToken;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;

/**
 * Cold token validation (never-seen tokens: full parse, header checks, RS256 signature through SmallRye JWT, time
 * checks) against raw JCA RS256 verification of the same tokens, measured side by side on one thread.
 * Run by bench/tokens.sh; prints validations/s, verifications/s and their ratio.
 */
public class TokenValidationBench {

    public static void main(String[] args) throws Exception {
        int tokens = Integer.parseInt(args.length > 0 ? args[0] : "20000");
        double seconds = Double.parseDouble(args.length > 1 ? args[1] : "5");
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        KeyPair keys = g.generateKeyPair();
        PublicKey pub = keys.getPublic();
        String[] issued = new String[tokens];
        long now = System.currentTimeMillis() / 1000;
        for (int i = 0; i < tokens; i++) {
            var claims = new LinkedHashMap<String, Object>();
            claims.put("Name", "user-" + i);
            claims.put("Groups", List.of("team-a"));
            issued[i] = Jwt.sign(
                    Jwt.signingInput("1", claims, new Jwt.RegisteredClaims(now + 3600, now - 5, now - 5, "jti-" + i)),
                    keys.getPrivate());
        }
        TokenVerifier verifier = new TokenVerifier(true);
        // warm both paths
        run(
                issued,
                seconds / 2,
                t -> verifier.verify(t, kid -> Optional.of(pub)).checkTimes(System.currentTimeMillis()));
        run(issued, seconds / 2, t -> rawVerify(t, pub));
        double ours = run(issued, seconds, t -> {
            VerifiedToken v = verifier.verify(t, kid -> Optional.of(pub));
            v.checkTimes(System.currentTimeMillis());
        });
        double raw = run(issued, seconds, t -> rawVerify(t, pub));
        System.out.printf("cold validations (SmallRye JWT path) %10.0f /s%n", ours);
        System.out.printf("raw JCA RS256 verifications          %10.0f /s%n", raw);
        System.out.printf("ratio                                %10.2f   (target >= 0.7)%n", ours / raw);
    }

    interface Check {
        void apply(String token) throws Exception;
    }

    static double run(String[] tokens, double seconds, Check check) throws Exception {
        long end = System.nanoTime() + (long) (seconds * 1e9);
        long start = System.nanoTime();
        long n = 0;
        while (System.nanoTime() < end) {
            check.apply(tokens[(int) (n % tokens.length)]);
            n++;
        }
        return n / ((System.nanoTime() - start) / 1e9);
    }

    static void rawVerify(String token, PublicKey key) throws Exception {
        int dot = token.lastIndexOf('.');
        Signature s = Signature.getInstance("SHA256withRSA");
        s.initVerify(key);
        s.update(token.substring(0, dot).getBytes(StandardCharsets.US_ASCII));
        if (!s.verify(Base64.getUrlDecoder().decode(token.substring(dot + 1)))) {
            throw new IllegalStateException("bad signature");
        }
    }
}

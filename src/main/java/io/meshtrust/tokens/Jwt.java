package io.meshtrust.tokens;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Kuma's JWT wire format (docs/kuma-tokens.md §5), byte for byte: header {@code {"alg":"RS256","kid":…,"typ":"JWT"}},
 * payload = custom claims in declaration order then {@code exp, nbf, iat, jti}, compact JSON with Go's HTML
 * escaping, base64url without padding, RS256 signature.
 */
public final class Jwt {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    static {
        JSON.getFactory().setCharacterEscapes(new GoEscapes());
    }

    private Jwt() {}

    /** The unsigned part: {@code b64url(header) + "." + b64url(payload)}. */
    public static String signingInput(String kid, Map<String, Object> customClaims, RegisteredClaims registered) {
        var header = new LinkedHashMap<String, Object>();
        header.put("alg", "RS256");
        header.put("kid", kid);
        header.put("typ", "JWT");
        var payload = new LinkedHashMap<String, Object>(customClaims);
        payload.put("exp", registered.exp());
        payload.put("nbf", registered.nbf());
        payload.put("iat", registered.iat());
        payload.put("jti", registered.jti());
        return B64.encodeToString(json(header)) + "." + B64.encodeToString(json(payload));
    }

    /**
     * Signs with RSASSA-PKCS1-v1_5/SHA-256. This is private-key work: call it through the crypto worker, never on an
     * event loop.
     */
    public static String sign(String signingInput, PrivateKey key) {
        try {
            Signature rs256 = Signature.getInstance("SHA256withRSA");
            rs256.initSign(key);
            rs256.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + B64.encodeToString(rs256.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("could not sign a token: " + e.getMessage(), e);
        }
    }

    private static byte[] json(Object value) {
        try {
            return JSON.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("claims are not serialisable", e);
        }
    }

    /** Kuma's hard-coded allowance for clocks of other machines being behind. */
    public static final Duration CLOCK_SKEW = Duration.ofSeconds(5);

    /**
     * Kuma's registered claims for a token issued at {@code nowMillis}: {@code nbf = iat = now - 5 s},
     * {@code exp = now + validFor}, a random {@code jti}. Shared by the server and the CLI's offline issuing.
     */
    public static RegisteredClaims registeredClaims(long nowMillis, Duration validFor) {
        long start = Math.floorDiv(nowMillis - CLOCK_SKEW.toMillis(), 1000);
        long exp = Math.floorDiv(nowMillis + validFor.toMillis(), 1000);
        return new RegisteredClaims(exp, start, start, UUID.randomUUID().toString());
    }

    /** {@code exp}, {@code nbf}, {@code iat} in epoch seconds and the {@code jti}. */
    public record RegisteredClaims(long exp, long nbf, long iat, String jti) {}

    /** Go's encoding/json escapes {@code < > &} and U+2028/U+2029; matching it keeps tokens byte-identical. */
    private static final class GoEscapes extends CharacterEscapes {
        private final int[] table;

        GoEscapes() {
            table = standardAsciiEscapesForJSON();
            table['<'] = ESCAPE_CUSTOM;
            table['>'] = ESCAPE_CUSTOM;
            table['&'] = ESCAPE_CUSTOM;
        }

        @Override
        public int[] getEscapeCodesForAscii() {
            return table;
        }

        @Override
        public SerializableString getEscapeSequence(int ch) {
            if (ch == '<' || ch == '>' || ch == '&' || ch == 0x2028 || ch == 0x2029) {
                return new SerializedString(String.format("\\u%04x", ch));
            }
            return null;
        }
    }
}

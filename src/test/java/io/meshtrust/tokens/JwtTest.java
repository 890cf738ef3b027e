package io.meshtrust.tokens;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.junit.jupiter.api.Test;

/** Kuma's wire format, checked against the deterministic token of docs/kuma-tokens.md §5.4 (made with openssl). */
class JwtTest {

    static final String KUMA_TOKEN =
            "eyJhbGciOiJSUzI1NiIsImtpZCI6IjEiLCJ0eXAiOiJKV1QifQ.eyJOYW1lIjoiam9obiIsIkdyb3VwcyI6WyJ0ZWFtLWEiLCJ0ZWFtLWIiXSwiZXhwIjoxNzAwMDAzNjA1LCJuYmYiOjE3MDAwMDAwMDAsImlhdCI6MTcwMDAwMDAwMCwianRpIjoiMGI3YzNmNGUtMWQyYS00YzViLTllOGYtMTIzNDU2Nzg5YWJjIn0.T_qZKPw5nhtBuh6gzexbXHgXGjv-82hLlVP8fIKE76PQoDkkDdqSxR9P6Q9s3dfyPvPivxbk4gPMmmaqu967a4VhQCuev_V8CcHcxYRQcIhVPjMNWIyCGQdTbqrPxmcHsKbGy5JZaBBQ53gwKJx6VSZcvgyjET0Wj7c_yS73PbEbcOibDo3LDEfUsd68zbmb6K7DrsTAfvhNjD01B5xtSGZYCL0CtSFqeOROilN3nZcZt-mSig019NollLsdUu4g9NT2K-psogVZnI1kIV5DdyZFnboUfYDc6dM6a9nHqKpMAwWM-PGFGxwfcicCKBzbhxb_hEOTa7BkljgkGw-s1Q";

    @Test
    void reproducesKumasDeterministicTokenByteForByte() throws Exception {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("Name", "john");
        claims.put("Groups", List.of("team-a", "team-b"));
        var registered =
                new Jwt.RegisteredClaims(1700003605L, 1700000000L, 1700000000L, "0b7c3f4e-1d2a-4c5b-9e8f-123456789abc");

        String token = Jwt.sign(Jwt.signingInput("1", claims, registered), sampleKey());

        assertThat(token).isEqualTo(KUMA_TOKEN);
    }

    @Test
    void escapesHtmlCharactersAsGoDoes() {
        var input = Jwt.signingInput("k", Map.of("Name", "<a&b>"), new Jwt.RegisteredClaims(2, 1, 1, "j"));
        String payload = new String(Base64.getUrlDecoder().decode(input.split("\\.")[1]), StandardCharsets.UTF_8);
        assertThat(payload)
                .isEqualTo("{\"Name\":\"\\u003ca\\u0026b\\u003e\",\"exp\":2,\"nbf\":1,\"iat\":1,\"jti\":\"j\"}");
    }

    @Test
    void nullGroupsAreWrittenAsNull() {
        var claims = new LinkedHashMap<String, Object>();
        claims.put("Name", "n");
        claims.put("Groups", null);
        var input = Jwt.signingInput("1", claims, new Jwt.RegisteredClaims(2, 1, 1, "j"));
        String payload = new String(Base64.getUrlDecoder().decode(input.split("\\.")[1]), StandardCharsets.UTF_8);
        assertThat(payload).startsWith("{\"Name\":\"n\",\"Groups\":null,");
        String header = new String(Base64.getUrlDecoder().decode(input.split("\\.")[0]), StandardCharsets.UTF_8);
        assertThat(header).isEqualTo("{\"alg\":\"RS256\",\"kid\":\"1\",\"typ\":\"JWT\"}");
    }

    static PrivateKey sampleKey() throws Exception {
        try (var reader = new PEMParser(new InputStreamReader(
                JwtTest.class.getResourceAsStream("/kuma/keys/samplekey.pem"), StandardCharsets.US_ASCII))) {
            Object pem = reader.readObject();
            assertThat(pem).isInstanceOf(PEMKeyPair.class);
            return new JcaPEMKeyConverter().getKeyPair((PEMKeyPair) pem).getPrivate();
        }
    }
}

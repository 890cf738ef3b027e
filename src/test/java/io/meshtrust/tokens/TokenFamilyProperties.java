package io.meshtrust.tokens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshtrust.signingkeys.SigningKeyFamily;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The family rule of {@link PresentedToken}: the claims each of Kuma's issuers writes name its family whatever their
 * spelling case and whatever registered or unknown claims come with them, so a token is handed to exactly one family's
 * validator; {@link PresentedToken#requireFamily} refuses any other family before a key is looked up.
 */
class TokenFamilyProperties {

    static final List<String> REGISTERED = List.of("exp", "nbf", "iat", "jti", "iss", "sub", "aud", "Name", "extra");

    /** {@code name} in a random mix of upper and lower case, as Go's decoder still matches it. */
    static Arbitrary<String> anyCase(String name) {
        return Arbitraries.randomValue(random -> {
            var out = new StringBuilder();
            for (char c : name.toCharArray()) {
                out.append(random.nextBoolean() ? Character.toUpperCase(c) : Character.toLowerCase(c));
            }
            return out.toString();
        });
    }

    /** At least {@code atLeast} of the family's own claims, any case, among registered and unknown claims. */
    static Arbitrary<Map<String, Object>> claims(Set<String> family, int atLeast) {
        Arbitrary<List<String>> own = family.isEmpty()
                ? Arbitraries.just(List.of())
                : Arbitraries.of(family)
                        .flatMap(TokenFamilyProperties::anyCase)
                        .list()
                        .ofMinSize(atLeast)
                        .ofMaxSize(family.size())
                        .uniqueElements(n -> n.toLowerCase(Locale.ROOT));
        Arbitrary<Set<String>> others = Arbitraries.of(REGISTERED).set();
        return own.flatMap(names -> others.map(extra -> {
            Map<String, Object> m = new LinkedHashMap<>();
            extra.forEach(e -> m.put(e, "x"));
            names.forEach(n -> m.put(n, "v"));
            return m;
        }));
    }

    @Provide
    Arbitrary<Map<String, Object>> userClaims() {
        return claims(PresentedToken.USER_CLAIMS, 1);
    }

    @Provide
    Arbitrary<Map<String, Object>> dataplaneClaims() {
        return claims(PresentedToken.DATAPLANE_CLAIMS, 1);
    }

    @Provide
    Arbitrary<Map<String, Object>> zoneClaims() {
        return claims(PresentedToken.ZONE_CLAIMS, 1);
    }

    @Provide
    Arbitrary<Map<String, Object>> noFamilyClaims() {
        return claims(Set.of(), 0);
    }

    @Property
    void groupsMakeAUserTokenWhateverElseItCarries(
            @ForAll("userClaims") Map<String, Object> user, @ForAll("dataplaneClaims") Map<String, Object> dataplane)
            throws Exception {
        assertThat(family(user)).isEqualTo(SigningKeyFamily.USER);
        var both = new LinkedHashMap<>(dataplane);
        both.putAll(user);
        assertThat(family(both)).isEqualTo(SigningKeyFamily.USER);
    }

    @Property
    void dataplaneClaimsMakeADataplaneTokenNeverTriedAsAUserToken(@ForAll("dataplaneClaims") Map<String, Object> claims)
            throws Exception {
        PresentedToken token = PresentedToken.read(token(claims));
        assertThat(token.family()).isEqualTo(SigningKeyFamily.DATAPLANE);
        assertThatThrownBy(() -> token.requireFamily(SigningKeyFamily.USER))
                .isInstanceOf(InvalidTokenException.class)
                .hasMessage("a dataplane token is not a user token");
    }

    @Property
    void zoneClaimsMakeAZoneToken(@ForAll("zoneClaims") Map<String, Object> claims) throws Exception {
        assertThat(family(claims)).isEqualTo(SigningKeyFamily.ZONE);
    }

    @Property
    void aTokenWithoutAFamilysOwnClaimIsReadAsKumasApiServerReadsIt(
            @ForAll("noFamilyClaims") Map<String, Object> claims) throws Exception {
        PresentedToken token = PresentedToken.read(token(claims));
        assertThat(token.family()).isEqualTo(SigningKeyFamily.USER);
        assertThatThrownBy(() -> token.requireFamily(SigningKeyFamily.DATAPLANE))
                .hasMessage("a user token is not a dataplane token");
    }

    @Example
    void theClaimsOfKumasIssuersNameTheirFamilies() throws Exception {
        assertThat(family(Map.of("Name", "john", "Groups", List.of("team-a")))).isEqualTo(SigningKeyFamily.USER);
        assertThat(family(Map.of("Name", "web-1", "Mesh", "default", "Tags", Map.of(), "Type", "", "Workload", "")))
                .isEqualTo(SigningKeyFamily.DATAPLANE);
        assertThat(family(Map.of("Zone", "zone-1", "Scope", List.of("ingress"))))
                .isEqualTo(SigningKeyFamily.ZONE);
        // what JwtTest pins as Kuma's own user token
        assertThat(PresentedToken.read(JwtTest.KUMA_TOKEN).family()).isEqualTo(SigningKeyFamily.USER);
        assertThat(PresentedToken.read(JwtTest.KUMA_TOKEN).toString())
                .doesNotContain(JwtTest.KUMA_TOKEN.substring(0, 20));
    }

    static SigningKeyFamily family(Map<String, Object> claims) throws Exception {
        return PresentedToken.read(token(claims)).family();
    }

    static String token(Map<String, Object> claims) {
        String json = claims.entrySet().stream()
                .map(e -> "\"" + e.getKey() + "\":" + (e.getValue() instanceof String s ? "\"" + s + "\"" : "null"))
                .collect(Collectors.joining(",", "{", "}"));
        return b64("{\"alg\":\"RS256\",\"kid\":\"1\"}") + "." + b64(json) + "." + b64("sig");
    }

    static String b64(String s) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }
}

package io.meshtrust.authn;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 13, point 2: the {@code Authorization} scheme is case-insensitive (RFC 7235 §2.1), so every spelling of
 * {@code Bearer} yields the token for validation; anything else is not a bearer credential (and is refused by
 * {@link Authenticator}, over HTTP in {@code AuthorizationOverRawHttpTest}).
 */
class BearerSchemeTest {

    @ParameterizedTest(name = "[{0}] -> [{1}]")
    @CsvSource(
            delimiter = '|',
            value = {
                "Bearer abc.def.ghi|abc.def.ghi",
                "bearer abc|abc",
                "BEARER abc|abc",
                "BeArEr abc|abc",
                "Bearer    abc|abc",
                "'Bearer \t abc'|abc",
                "'Bearer\tabc'|abc",
                "' Bearer abc '|abc",
                "Bearer|''",
                "'Bearer   '|''",
                "'bearer\t'|''",
            })
    void anySpellingOfBearerIsAPresentedToken(String header, String token) {
        assertThat(Authenticator.bearerToken(header)).contains(token);
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(
            strings = {
                "",
                " ",
                "Basic YWRtaW46YWRtaW4=",
                "Bearerabc",
                "Bearer-abc",
                "Bear abc",
                "Token abc",
                "abc.def.ghi",
                "Digest username=\"a\"",
                "Bearer\u00a0abc",
                "Negotiate",
                "\u0000Bearer abc"
            })
    void anotherSchemeIsNotABearerToken(String header) {
        assertThat(Authenticator.bearerToken(header)).isEmpty();
    }

    @Property
    void everyCasingAndSpacingOfBearerYieldsTheToken(
            @ForAll("bearerSpellings") String scheme,
            @ForAll("separators") String separator,
            @ForAll("tokens") String token) {
        assertThat(Authenticator.bearerToken(scheme + separator + token)).isEqualTo(Optional.of(token));
    }

    @Provide
    Arbitrary<String> bearerSpellings() {
        return LocalhostAdminPropertiesTest.cased(Arbitraries.just("Bearer"));
    }

    @Provide
    Arbitrary<String> separators() {
        return Arbitraries.of(' ', '\t')
                .list()
                .ofMinSize(1)
                .ofMaxSize(4)
                .map(cs -> cs.stream().map(String::valueOf).reduce("", String::concat));
    }

    /** RFC 7235 token68 characters, as a JWT uses them. */
    @Provide
    Arbitrary<String> tokens() {
        return Arbitraries.strings()
                .withCharRange('a', 'z')
                .withCharRange('A', 'Z')
                .withCharRange('0', '9')
                .withChars('-', '.', '_', '~', '+', '/', '=')
                .ofMinLength(1)
                .ofMaxLength(40);
    }
}

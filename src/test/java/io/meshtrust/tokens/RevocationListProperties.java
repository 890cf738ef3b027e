package io.meshtrust.tokens;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Role validation of revocation lists agrees with how they are read (docs/kuma-tokens.md §8): every list it accepts revokes
 * exactly its entries, and an entry with whitespace in it (which Kuma would never match) is refused.
 */
class RevocationListProperties {

    @Provide
    Arbitrary<List<String>> ids() {
        return Arbitraries.strings()
                .withCharRange('!', '~')
                .excludeChars(',')
                .ofMinLength(1)
                .ofMaxLength(40)
                .list()
                .ofMinSize(1)
                .ofMaxSize(30);
    }

    @Property
    void anAcceptedListRevokesExactlyItsEntries(@ForAll("ids") List<String> ids, @ForAll boolean trailingNewline) {
        byte[] data = (String.join(",", ids) + (trailingNewline ? "\n" : "")).getBytes(StandardCharsets.US_ASCII);
        assertThat(Revocations.problem(data)).isEmpty();
        assertThat(Revocations.parse(data)).isEqualTo(new HashSet<>(ids));
    }

    @Example
    void aListNamingATokenTwiceStillRevokesIt() {
        byte[] data = "jti-1,jti-2,jti-1\n".getBytes(StandardCharsets.US_ASCII);
        assertThat(Revocations.problem(data)).isEmpty();
        assertThat(Revocations.parse(data)).containsExactlyInAnyOrder("jti-1", "jti-2");
    }

    @Property
    void anEntryWithWhitespaceIsRefused(@ForAll("ids") List<String> ids, @ForAll("blank") String blank) {
        byte[] data = (String.join("," + blank, ids) + blank + "x").getBytes(StandardCharsets.ISO_8859_1);
        assertThat(Revocations.problem(data))
                .hasValueSatisfying(p -> assertThat(p).contains("whitespace"));
    }

    @Provide
    Arbitrary<String> blank() {
        return Arbitraries.of(" ", "\t", "\r", "\r\n", " \n");
    }
}

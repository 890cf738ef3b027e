package io.meshtrust.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshtrust.api.ApiException;
import io.meshtrust.resources.Kri;
import io.meshtrust.resources.KumaTypes;
import io.meshtrust.resources.ListRequest;
import io.meshtrust.store.ListQuery;
import io.meshtrust.store.ResourceType;
import jakarta.ws.rs.core.MultivaluedHashMap;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * Kuma's list parameters ({@link ListRequest}: {@code size}, {@code offset}, {@code name}, {@code filter[...]}) and
 * KRIs ({@link Kri}) on any input: a query or one of the declared 400s, never another exception. The insight-only
 * parameters are package-private and are fuzzed through HTTP ({@code HttpFuzzTest}).
 */
class ParamsPropertiesTest {

    @Provide
    Arbitrary<String> number() {
        return Arbitraries.oneOf(
                Arbitraries.integers().map(String::valueOf),
                Arbitraries.longs().map(String::valueOf),
                Arbitraries.bigIntegers().map(String::valueOf),
                Mutations.hostileString());
    }

    @Provide
    Arbitrary<String> filterKey() {
        return Arbitraries.oneOf(
                Mutations.hostileString().map(k -> "filter[labels." + k + "]"),
                Mutations.hostileString().map(k -> "filter[" + k),
                Mutations.hostileString());
    }

    @Property
    void listParametersGiveAQueryOrA400(
            @ForAll("number") String size,
            @ForAll("number") String offset,
            @ForAll("filterKey") String key,
            @ForAll("number") String value) {
        var params = new MultivaluedHashMap<String, String>();
        params.add("size", size);
        params.add("offset", offset);
        params.add(key, value);
        params.add("name", value);
        try {
            ListQuery query =
                    ListRequest.parse(ResourceType.SECRET, Optional.of("m"), params, "/meshes/{mesh}/secrets");
            assertThat(query.size()).isBetween(1, ListQuery.MAX_PAGE_SIZE);
            assertThat(query.offset()).isNotNegative();
        } catch (ApiException.InvalidPageSize | ApiException.InvalidArgument | ApiException.Invalid e) {
            assertThat(e.getMessage()).isNotBlank();
        }
    }

    @Property
    void validPagingIsTakenAsGiven(
            @ForAll @IntRange(min = 1, max = 1000) int size, @ForAll @IntRange(min = 0, max = 1_000_000) int offset) {
        var params = new MultivaluedHashMap<String, String>();
        params.add("size", String.valueOf(size));
        params.add("offset", String.valueOf(offset));
        ListQuery query = ListRequest.parse(ResourceType.MESH, Optional.empty(), params, "/meshes");
        assertThat(query.size()).isEqualTo(size);
        assertThat(query.offset()).isEqualTo(offset);
    }

    @Provide
    Arbitrary<String> kriLike() {
        Arbitrary<String> part = Arbitraries.oneOf(
                Arbitraries.strings().alpha().numeric().withChars('-', '.').ofMaxLength(12), Mutations.hostileString());
        Arbitrary<String> structured = part.list().ofMinSize(0).ofMaxSize(9).map(parts -> String.join("_", parts));
        return Arbitraries.oneOf(
                structured,
                structured.map(s -> "kri_" + s),
                structured.map(s -> "kri_dp_" + s),
                structured.map(s -> "kri_m_" + s),
                Mutations.hostileString());
    }

    @Property
    void kriParsesOrIsABadRequest(@ForAll("kriLike") String text) {
        try {
            Kri kri = Kri.parse(text);
            assertThat(text).startsWith("kri_" + kri.type().shortName() + "_");
        } catch (ApiException.BadRequest e) {
            assertThat(e.getMessage()).isNotBlank();
        }
    }

    @Property
    void kriRoundTripsItsParts(
            @ForAll("kriPart") String mesh,
            @ForAll("kriPart") String zone,
            @ForAll("kriPart") String namespace,
            @ForAll("kriPart") String name,
            @ForAll("kriPart") String section) {
        Kri kri = Kri.parse(String.join("_", "kri", "dp", mesh, zone, namespace, name, section));
        assertThat(kri).isEqualTo(new Kri(KumaTypes.of(ResourceType.DATAPLANE), mesh, zone, namespace, name, section));
    }

    @Provide
    Arbitrary<String> kriPart() {
        return Arbitraries.strings().all().excludeChars('_').ofMaxLength(20);
    }
}

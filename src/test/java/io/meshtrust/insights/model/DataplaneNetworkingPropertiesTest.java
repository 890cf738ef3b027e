package io.meshtrust.insights.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshtrust.insights.model.InsightQueries.DataplaneKind;
import io.meshtrust.insights.model.OverviewQuery.Gateway;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * {@link DataplaneNetworking} on generated Dataplane specs: the kind MeshInsight counts agrees with Kuma's
 * {@code gateway} list filter, and Kuma's fuzzy tag match finds a Dataplane by any substrings of one of its own tag
 * sets and never by a key that none of its tag sets has. The SQL twin is held to the same answers by
 * {@code store/InsightQueriesTest} on PostgreSQL.
 */
class DataplaneNetworkingPropertiesTest {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final List<String> KEYS = List.of("kuma.io/service", "version", "a", "k\"ey", "région");

    /** A spec: its inbounds' tag maps and, when present, the gateway's type ("" for none given) and tags. */
    record Spec(List<Map<String, String>> inbounds, Optional<String> gatewayType, Map<String, String> gatewayTags) {

        ObjectNode json() {
            ObjectNode spec = JSON.objectNode();
            ObjectNode networking = spec.putObject("networking");
            var inbound = networking.putArray("inbound");
            for (var tags : inbounds) {
                ObjectNode item = inbound.addObject().put("port", 1);
                tags.forEach(item.putObject("tags")::put);
            }
            gatewayType.ifPresent(type -> {
                ObjectNode gateway = networking.putObject("gateway");
                gatewayTags.forEach(gateway.putObject("tags")::put);
                if (!type.isEmpty()) {
                    gateway.put("type", type);
                }
            });
            return spec;
        }

        List<Map<String, String>> tagSets() {
            List<Map<String, String>> sets = new ArrayList<>(inbounds);
            gatewayType.ifPresent(type -> sets.add(gatewayTags));
            return sets;
        }
    }

    private static Arbitrary<Map<String, String>> tags() {
        return Arbitraries.maps(
                        Arbitraries.of(KEYS),
                        Arbitraries.strings().ofMinLength(1).ofMaxLength(8))
                .ofMaxSize(3);
    }

    @Provide
    Arbitrary<Spec> specs() {
        return Combinators.combine(
                        tags().list().ofMaxSize(3),
                        Arbitraries.of("", "BUILTIN", "DELEGATED").optional(),
                        tags())
                .as(Spec::new);
    }

    @Property
    void kindAgreesWithTheGatewayFilter(@ForAll("specs") Spec spec) {
        var json = spec.json();
        DataplaneKind kind = DataplaneNetworking.kind(json);
        assertThat(kind == DataplaneKind.STANDARD).isEqualTo(DataplaneNetworking.matches(json, Gateway.ABSENT));
        assertThat(kind != DataplaneKind.STANDARD).isEqualTo(DataplaneNetworking.matches(json, Gateway.PRESENT));
        assertThat(kind == DataplaneKind.GATEWAY_BUILTIN).isEqualTo(DataplaneNetworking.matches(json, Gateway.BUILTIN));
        assertThat(kind == DataplaneKind.GATEWAY_DELEGATED)
                .isEqualTo(DataplaneNetworking.matches(json, Gateway.DELEGATED));
        assertThat(DataplaneNetworking.matches(json, Gateway.ANY)).isTrue();
    }

    @Property
    void aDataplaneIsFoundBySubstringsOfOneOfItsTagSets(
            @ForAll("specs") Spec spec, @ForAll("cuts") List<Integer> cuts) {
        var sets = spec.tagSets();
        if (sets.isEmpty()) {
            assertThat(DataplaneNetworking.matchesTagsFuzzy(spec.json(), Map.of("a", DataplaneNetworking.TAG_ANY)))
                    .isFalse();
            return;
        }
        var set = sets.get(Math.floorMod(cuts.get(0), sets.size()));
        Map<String, String> selector = new LinkedHashMap<>();
        int i = 1;
        for (var tag : set.entrySet()) {
            String value = tag.getValue();
            int from = Math.floorMod(cuts.get(i % cuts.size()), value.length());
            int to = from + Math.floorMod(cuts.get((i + 1) % cuts.size()), value.length() - from + 1);
            selector.put(tag.getKey(), i % 3 == 0 ? DataplaneNetworking.TAG_ANY : value.substring(from, to));
            i += 2;
        }
        assertThat(DataplaneNetworking.matchesTagsFuzzy(spec.json(), selector))
                .as("selector %s", selector)
                .isTrue();
    }

    @Property
    void aKeyNoTagSetHasNeverMatches(@ForAll("specs") Spec spec) {
        var selector = Map.of("not-a-tag-key", DataplaneNetworking.TAG_ANY);
        assertThat(DataplaneNetworking.matchesTagsFuzzy(spec.json(), selector)).isFalse();
        assertThat(DataplaneNetworking.matchesTagsFuzzy(spec.json(), Map.of())).isTrue();
    }

    @Provide
    Arbitrary<List<Integer>> cuts() {
        return Arbitraries.integers().list().ofMinSize(1).ofMaxSize(8);
    }
}

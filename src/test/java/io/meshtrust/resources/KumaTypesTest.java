package io.meshtrust.resources;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshtrust.resources.KumaTypes.Answer;
import io.meshtrust.resources.KumaTypes.KumaType;
import io.meshtrust.store.ResourceType;
import io.meshtrust.testsupport.Golden;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The catalogue against Kuma's golden {@code pkg/api-server/testdata/base_endpoints/_resources.golden.json}, and the
 * route patterns of the unstored types against the catalogue.
 */
class KumaTypesTest {

    static final JsonNode GOLDEN = Golden.parse(Golden.text("api/_resources.golden.json"));

    @Test
    void everyTypeOfKumasGoldenIsInTheCatalogueWithKumasValues() {
        List<String> golden = new ArrayList<>();
        for (JsonNode kuma : GOLDEN.get("resources")) {
            String name = kuma.get("name").asText();
            golden.add(name);
            KumaType type = KumaTypes.ALL.stream()
                    .filter(t -> t.name().equals(name))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no catalogue row for " + name));
            // What meshtrust renders, with Kuma's own read-only flag and without meshtrust's "stored".
            ObjectNode ours = ResourceTypesResource.description(type, false);
            ours.remove("stored");
            ours.put("readOnly", type.readOnly());
            assertThat(ours).as(name).isEqualTo(kuma);
        }
        List<String> ours = KumaTypes.ALL.stream()
                .filter(t -> !t.legacy())
                .map(KumaType::name)
                .toList();
        assertThat(ours).isEqualTo(golden);
    }

    @Test
    void shortNamesAreUniqueAndEveryStoredTypeHasARow() {
        List<String> shortNames = KumaTypes.ALL.stream()
                .map(KumaType::shortName)
                .filter(s -> !s.isEmpty())
                .toList();
        assertThat(shortNames).doesNotHaveDuplicates();
        for (ResourceType stored : ResourceType.values()) {
            assertThat(KumaTypes.of(stored).answer()).isEqualTo(Answer.STORED);
            assertThat(KumaTypes.of(stored).name()).isEqualTo(stored.kumaName());
        }
        assertThat(KumaTypes.byShortName("dp").orElseThrow().stored()).contains(ResourceType.DATAPLANE);
        assertThat(KumaTypes.byShortName("mtp").orElseThrow().name()).isEqualTo("MeshTrafficPermission");
        assertThat(KumaTypes.byShortName("")).isEmpty();
        assertThat(KumaTypes.byShortName("zz")).isEmpty();
    }

    @Test
    void theRoutesOfUnstoredTypesAreExactlyTheCatalogues() {
        Set<String> meshPaths = KumaTypes.ALL.stream()
                .filter(t -> t.answer() == Answer.EMPTY && !t.global())
                .flatMap(t -> t.paths().stream())
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(split(UnstoredMeshTypesResource.PATHS)).isEqualTo(meshPaths);
        Set<String> globalPaths = KumaTypes.ALL.stream()
                .filter(t -> t.answer() == Answer.EMPTY && t.global())
                .flatMap(t -> Stream.concat(t.paths().stream(), t.overviewPaths().stream()))
                .collect(Collectors.toCollection(TreeSet::new));
        globalPaths.addAll(meshPaths);
        assertThat(split(UnstoredTypesResource.PATHS)).isEqualTo(globalPaths);
    }

    /** The router takes the first alternative matching a prefix: none may be a prefix of a later one. */
    @Test
    void noRouteAlternativeHidesALaterOne() {
        for (String pattern : List.of(UnstoredTypesResource.PATHS, UnstoredMeshTypesResource.PATHS)) {
            List<String> alternatives = Arrays.stream(pattern.split("\\|"))
                    .map(p -> p.replace("[+]", "+"))
                    .toList();
            for (int i = 0; i < alternatives.size(); i++) {
                for (int j = i + 1; j < alternatives.size(); j++) {
                    assertThat(alternatives.get(j)).doesNotStartWith(alternatives.get(i));
                }
            }
        }
    }

    private static Set<String> split(String pattern) {
        return Arrays.stream(pattern.split("\\|"))
                .map(p -> p.replace("[+]", "+"))
                .collect(Collectors.toCollection(TreeSet::new));
    }
}

package io.meshtrust.resources;

import io.meshtrust.api.ApiException;
import io.meshtrust.store.ResourceType;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Kuma's resource identifier, {@code kri_<shortName>_<mesh>_<zone>_<namespace>_<name>_<sectionName>}
 * ({@code pkg/core/kri/kri.go}): split at every {@code _}, at least seven parts, the first {@code kri}; everything
 * after the name is the section name. A Mesh has an empty mesh part ({@code kri_m____default_}).
 */
public record Kri(ResourceType type, String mesh, String zone, String namespace, String name, String sectionName) {

    /**
     * Parses a KRI the way Kuma's {@code kri.FromString} does.
     *
     * @throws ApiException.BadRequest for a malformed KRI or a type meshtrust does not serve
     */
    public static Kri parse(String s) {
        String[] parts = s.split("_", -1);
        if (parts.length < 7) {
            throw new ApiException.BadRequest("invalid identifier string: \"" + s + "\"");
        }
        if (!parts[0].equals("kri")) {
            throw new ApiException.BadRequest("identifier must start with 'kri': \"" + s + "\"");
        }
        Optional<ResourceType> type = Arrays.stream(ResourceType.values())
                .filter(t -> t.shortName().filter(parts[1]::equals).isPresent())
                .findFirst();
        if (type.isEmpty()) {
            // Kuma's message for a short name it does not know, extended: meshtrust serves only some of Kuma's types.
            throw new ApiException.BadRequest(
                    "unknown short name of resource type: \"" + parts[1] + "\"; meshtrust serves " + supported());
        }
        return new Kri(
                type.get(),
                parts[2],
                parts[3],
                parts[4],
                parts[5],
                String.join("", List.of(parts).subList(6, parts.length)));
    }

    private static String supported() {
        return String.join(
                ", ",
                Arrays.stream(ResourceType.values())
                        .filter(t -> t.shortName().isPresent())
                        .map(t -> "\"" + t.shortName().get() + "\" (" + t.kumaName() + ")")
                        .toList());
    }
}

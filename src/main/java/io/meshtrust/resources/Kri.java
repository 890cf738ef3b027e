package io.meshtrust.resources;

import io.meshtrust.api.ApiException;
import io.meshtrust.resources.KumaTypes.KumaType;
import java.util.List;

/**
 * Kuma's resource identifier, {@code kri_<shortName>_<mesh>_<zone>_<namespace>_<name>_<sectionName>}
 * ({@code pkg/core/kri/kri.go}): split at every {@code _}, at least seven parts, the first {@code kri}; everything
 * after the name is the section name. A Mesh has an empty mesh part ({@code kri_m____default_}). The short names are
 * the catalogue's ({@link KumaTypes}), so a KRI of a Kuma type meshtrust does not store parses (and names nothing).
 */
public record Kri(KumaType type, String mesh, String zone, String namespace, String name, String sectionName) {

    /**
     * Parses a KRI the way Kuma's {@code kri.FromString} does, with its messages.
     *
     * @throws ApiException.BadRequest for a malformed KRI or a short name Kuma does not define
     */
    public static Kri parse(String s) {
        String[] parts = s.split("_", -1);
        if (parts.length < 7) {
            throw new ApiException.BadRequest("invalid identifier string: \"" + s + "\"");
        }
        if (!parts[0].equals("kri")) {
            throw new ApiException.BadRequest("identifier must start with 'kri': \"" + s + "\"");
        }
        KumaType type = KumaTypes.byShortName(parts[1])
                .orElseThrow(
                        () -> new ApiException.BadRequest("unknown short name of resource type: \"" + parts[1] + "\""));
        return new Kri(
                type,
                parts[2],
                parts[3],
                parts[4],
                parts[5],
                String.join("", List.of(parts).subList(6, parts.length)));
    }
}

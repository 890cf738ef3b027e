package io.meshtrust.resources;

import io.meshtrust.api.Violation;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Kuma's name rules for every resource and for the mesh of mesh-scoped ones (docs/kuma-ca-insights.md §7.7, §1.4). */
public final class NameRules {

    private static final Pattern RFC1123_SUBDOMAIN =
            Pattern.compile("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$");
    private static final Pattern LEGACY_MESH = Pattern.compile("^[0-9a-z-_.]*$");
    private static final Pattern RFC1035_LABEL = Pattern.compile("^[a-z]([-a-z0-9]*[a-z0-9])?$");
    private static final int MAX_NAME = 253;
    private static final int MAX_MESH_NAME = 63;

    private NameRules() {}

    public static List<Violation> name(String name) {
        List<Violation> v = new ArrayList<>();
        if (name == null || name.isEmpty()) {
            v.add(new Violation("name", "cannot be empty"));
        } else if (name.length() > MAX_NAME) {
            v.add(new Violation("name", "value length must less or equal " + MAX_NAME));
        } else if (!RFC1123_SUBDOMAIN.matcher(name).matches()) {
            v.add(new Violation(
                    "name",
                    "invalid characters. A lowercase RFC 1123 subdomain must consist of lower case alphanumeric "
                            + "characters, '-' or '.', and must start and end with an alphanumeric character"));
        }
        return v;
    }

    public static List<Violation> meshOfResource(String mesh) {
        if (mesh == null || mesh.isEmpty()) {
            return List.of(new Violation("mesh", "cannot be empty"));
        }
        if (!LEGACY_MESH.matcher(mesh).matches()) {
            return List.of(
                    new Violation(
                            "mesh",
                            "invalid characters. Valid characters are numbers, lowercase latin letters and '-', '_', '.' symbols."));
        }
        return List.of();
    }

    /** Mesh creation adds a length limit, since the mesh name goes into DNS names and secret names. */
    public static List<Violation> newMeshName(String name) {
        return name.length() > MAX_MESH_NAME
                ? List.of(new Violation("name", "cannot be longer than " + MAX_MESH_NAME + " characters"))
                : List.of();
    }

    /** Kuma's deprecation warning for Mesh names that are not RFC 1035 labels (e.g. {@code aa.a}). */
    public static List<String> meshNameWarnings(String name) {
        if (RFC1035_LABEL.matcher(name).matches()) {
            return List.of();
        }
        return List.of("Invalid Mesh resource name: '" + name + "'. It does not conform to the DNS format (RFC 1035)."
                + " This is deprecated. Errors: a DNS-1035 label must consist of lower case alphanumeric characters"
                + " or '-', start with an alphabetic character, and end with an alphanumeric character (e.g."
                + " 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')");
    }
}

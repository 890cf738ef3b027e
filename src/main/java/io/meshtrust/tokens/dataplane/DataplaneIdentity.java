package io.meshtrust.tokens.dataplane;

import java.util.List;
import java.util.Map;

/** The claims of a valid dataplane token (kuma-tokens §11.2); empty strings mean "not bound". */
public record DataplaneIdentity(
        String name, String mesh, Map<String, List<String>> tags, String type, String workload) {

    public DataplaneIdentity {
        tags = Map.copyOf(tags);
    }
}

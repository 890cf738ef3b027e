package io.meshtrust.certificates;

import io.meshtrust.dataplanes.Dataplane;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The tag set a data plane's certificate is issued for (docs/kuma-ca-insights.md §4.1): the union of every inbound's tags and
 * the gateway's, multi-valued; without a {@code kuma.io/service} value, the {@code kuma.io/workload} label stands in as
 * the service.
 *
 * @param tags tag → sorted values
 */
public record IdentityTags(SortedMap<String, SortedSet<String>> tags) {

    public static final String SERVICE = "kuma.io/service";
    public static final String WORKLOAD_LABEL = "kuma.io/workload";

    public IdentityTags {
        SortedMap<String, SortedSet<String>> copy = new TreeMap<>();
        tags.forEach((k, v) -> copy.put(k, Collections.unmodifiableSortedSet(new TreeSet<>(v))));
        tags = Collections.unmodifiableSortedMap(copy);
    }

    /**
     * @throws NoIdentityException when neither a service tag nor the workload label exists
     */
    public static IdentityTags of(String name, Dataplane dataplane, Map<String, String> labels) {
        SortedMap<String, SortedSet<String>> tags = new TreeMap<>();
        var networking = dataplane.networking();
        if (networking != null) {
            networking.inbound().forEach(inbound -> add(tags, inbound.tags()));
            if (networking.gateway() != null) {
                add(tags, networking.gateway().tags());
            }
        }
        if (tags.containsKey(SERVICE)) {
            return new IdentityTags(tags);
        }
        String workload = labels.get(WORKLOAD_LABEL);
        if (workload == null || workload.isEmpty()) {
            throw new NoIdentityException("dataplane \"" + name + "\" has no kuma.io/service tag and no "
                    + "kuma.io/workload label, cannot derive mTLS identity");
        }
        // Kuma's fallback: the workload alone is the identity.
        return new IdentityTags(new TreeMap<>(Map.of(SERVICE, new TreeSet<>(List.of(workload)))));
    }

    private static void add(SortedMap<String, SortedSet<String>> into, Map<String, String> tags) {
        tags.forEach((k, v) -> into.computeIfAbsent(k, x -> new TreeSet<>()).add(v));
    }

    /** Kuma's tag-set string: keys sorted, {@code key=v1,v2}, joined by a space. */
    @Override
    public String toString() {
        return tags.entrySet().stream()
                .map(e -> e.getKey() + "=" + String.join(",", e.getValue()))
                .collect(Collectors.joining(" "));
    }

    /** The dataplane's tags and labels give no identity. */
    public static final class NoIdentityException extends RuntimeException {
        public NoIdentityException(String message) {
            super(message, null, false, false);
        }
    }
}

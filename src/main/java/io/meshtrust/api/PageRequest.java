package io.meshtrust.api;

import jakarta.ws.rs.core.MultivaluedMap;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Kuma's list query parameters, read with Kuma's exact error messages: {@code size}, {@code offset}, {@code name}
 * and {@code filter[labels.<key>]=<value>} (Kuma's {@code pkg/api-server/resource_endpoints.go},
 * {@code listResources}, and {@code pkg/core/resources/store/pagination_store.go}). It knows no resource type or store:
 * {@code resources/ListRequest} turns it into a store query.
 *
 * @param nameContains Kuma's {@code name} filter, a case-sensitive substring; empty matches all
 * @param labels       the {@code filter[labels.k]=v} pairs, all of which must match
 * @param offset       index into the filtered, sorted list
 * @param size         page size, 1..{@value #MAX_PAGE_SIZE}
 */
public record PageRequest(String nameContains, Map<String, String> labels, int offset, int size) {

    /** Kuma's page size when {@code size} is absent. */
    public static final int DEFAULT_PAGE_SIZE = 100;
    /** Kuma's largest page. */
    public static final int MAX_PAGE_SIZE = 1000;

    private static final String LABEL_FILTER_PREFIX = "filter[labels.";
    /** The largest offset kept: with the largest page it still fits an {@code int} when the next offset is computed. */
    static final int MAX_OFFSET = Integer.MAX_VALUE - MAX_PAGE_SIZE;

    public PageRequest {
        labels = Map.copyOf(labels);
    }

    /**
     * @param routePath the route template, used in filter violations (e.g. {@code /meshes/{mesh}/dataplanes})
     * @throws ApiException.InvalidPageSize   for a bad {@code size}
     * @throws ApiException.InvalidArgument   for a bad {@code offset}
     * @throws ApiException.Invalid           for unsupported filters
     */
    public static PageRequest parse(MultivaluedMap<String, String> params, String routePath) {
        int size = parseSize(params.getFirst("size"));
        int offset = parseOffset(params.getFirst("offset"));
        String name = Optional.ofNullable(params.getFirst("name")).orElse("");
        return new PageRequest(name, labelFilters(params, routePath), offset, size);
    }

    /** Kuma reads {@code size} with Go's {@code strconv.Atoi} ({@link GoAtoi}), then checks 1..1000. */
    static int parseSize(String raw) {
        if (raw == null || raw.isEmpty()) {
            return DEFAULT_PAGE_SIZE;
        }
        long size;
        try {
            size = GoAtoi.parse(raw);
        } catch (GoAtoi.AtoiException e) {
            throw new ApiException.InvalidPageSize("invalid format");
        }
        if (size <= 0) {
            throw new ApiException.InvalidPageSize("must be greater than 0");
        }
        if (size > MAX_PAGE_SIZE) {
            throw new ApiException.InvalidPageSize(
                    "invalid page size of " + size + ". Maximum page size is " + MAX_PAGE_SIZE);
        }
        return (int) size;
    }

    /**
     * Kuma reads {@code offset} with Go's {@code strconv.Atoi} and echoes its error. An offset past {@code int} is past
     * every list, so it is clamped to the largest page start that still gives an empty page.
     */
    static int parseOffset(String raw) {
        if (raw == null || raw.isEmpty()) {
            return 0;
        }
        long offset;
        try {
            offset = GoAtoi.parse(raw);
        } catch (GoAtoi.AtoiException e) {
            // Kuma's text comes from Go's strconv.Atoi; clients match on it.
            throw new ApiException.InvalidArgument("invalid offset: " + e.getMessage());
        }
        if (offset < 0) {
            throw new ApiException.InvalidArgument("invalid offset: must be non-negative");
        }
        return (int) Math.min(offset, MAX_OFFSET);
    }

    static Map<String, String> labelFilters(MultivaluedMap<String, String> params, String routePath) {
        Map<String, String> labels = new LinkedHashMap<>();
        List<Violation> violations = new ArrayList<>();
        params.keySet().stream().sorted().forEach(key -> {
            if (!key.startsWith("filter[")) {
                return;
            }
            String field = routePath + "." + key;
            if (!key.startsWith(LABEL_FILTER_PREFIX)) {
                violations.add(new Violation(field, "filters are only supported on labels"));
            } else if (!key.endsWith("]") || key.indexOf('[', LABEL_FILTER_PREFIX.length()) >= 0) {
                violations.add(new Violation(field, "advanced filters are not supported"));
            } else {
                labels.put(key.substring(LABEL_FILTER_PREFIX.length(), key.length() - 1), params.getFirst(key));
            }
        });
        if (!violations.isEmpty()) {
            throw new ApiException.Invalid(violations);
        }
        return labels;
    }
}

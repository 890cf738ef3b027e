package io.meshtrust.api;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Kuma's {@code next} link: {@code <scheme>://<Host header><path>?<query with offset replaced, keys sorted>}
 * (base path settings are not applied, as in Kuma).
 */
public final class NextPageLink {

    private NextPageLink() {}

    public static String of(String scheme, String host, String path, Map<String, List<String>> query, int nextOffset) {
        var sorted = new TreeMap<String, List<String>>(query);
        sorted.put("offset", List.of(Integer.toString(nextOffset)));
        String encoded = sorted.entrySet().stream()
                .flatMap(e -> e.getValue().stream().map(v -> encode(e.getKey()) + "=" + encode(v)))
                .collect(Collectors.joining("&"));
        return scheme + "://" + host + path + "?" + encoded;
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}

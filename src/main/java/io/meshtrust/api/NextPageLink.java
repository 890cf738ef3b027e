package io.meshtrust.api;

import io.vertx.core.http.HttpServerRequest;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Kuma's {@code next} link: {@code <scheme>://<Host header><path>?<query with offset replaced, keys sorted>}
 * ({@code pkg/api-server/pagination.go}). The path is the one the request arrived with, so under
 * {@code KUMA_API_SERVER_BASE_PATH} it carries the base path; {@code KUMA_API_SERVER_ROOT_URL} is not applied, as in
 * Kuma.
 */
public final class NextPageLink {

    private NextPageLink() {}

    /**
     * The link for a request: its scheme, its {@code Host} header (else its authority), the path it arrived with.
     *
     * @param request the list request
     * @param query its decoded query parameters
     * @param nextOffset the offset of the next page
     */
    public static String of(HttpServerRequest request, Map<String, List<String>> query, int nextOffset) {
        String host = request.getHeader("Host");
        if (host == null) {
            host = request.authority() == null
                    ? "localhost"
                    : request.authority().toString();
        }
        return of(request.isSSL() ? "https" : "http", host, BasePath.arrivedPath(request), query, nextOffset);
    }

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

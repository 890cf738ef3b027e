package io.meshtrust.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.meshtrust.crypto.EmptyNameCertificates;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLException;

/**
 * Calls the control plane's API (kumactl's clients). A non-2xx answer becomes one readable line built from Kuma's
 * error body ({@code (400): Invalid request: detail (field: reason; …)}); 4xx exit 1, 5xx and network failures exit 2.
 */
final class ApiClient {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String base;
    private final HttpClient http;
    private final String authorization;
    private final List<CliConfig.Header> headers;
    private final String caCertFile;
    private final String userAgent;

    /** A client of the CLI's commands ({@code User-Agent: meshtrust/<version> …}). */
    ApiClient(CliConfig.ApiServer apiServer) {
        this(apiServer, BuildInfo.userAgent(BuildInfo.CLI));
    }

    /**
     * @param apiServer the control plane's coordinates: URL, CA file or skip-verify and client certificate for HTTPS,
     *     token auth, headers added to every request
     * @param userAgent the {@code User-Agent} of every request, unless the configured headers set one
     * @throws CliException when a TLS file cannot be read or the auth configuration is incomplete
     */
    ApiClient(CliConfig.ApiServer apiServer, String userAgent) {
        String url = apiServer.url == null ? "" : apiServer.url;
        this.base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        var builder = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10));
        if (!base.startsWith("https:")) {
            // Plain HTTP/1.1, as kumactl (Go's net/http) speaks it: the JDK client's default, HTTP/2, offers an h2c
            // upgrade on the first request of each cleartext connection, and one such request under test waited for
            // an answer until the server's idle timeout (120 s) closed the connection. Over HTTPS, ALPN decides.
            builder.version(HttpClient.Version.HTTP_1_1);
        }
        if (base.startsWith("https:")) {
            // Kuma's self-signed API server certificate has an empty subject and issuer, which the JDK cannot parse
            EmptyNameCertificates.preferForHandshakes();
        }
        var tls = TlsTrust.forApiServer(apiServer);
        if (tls != null) {
            builder.sslContext(tls);
        }
        this.http = builder.build();
        this.authorization = Auth.header(apiServer.authType, apiServer.authConf);
        this.headers = apiServer.addHeaders == null
                ? List.of()
                : apiServer.addHeaders.stream()
                        .filter(h -> h != null && h.key != null)
                        .toList();
        this.caCertFile = apiServer.skipVerify ? null : apiServer.caCertFile;
        this.userAgent = headers.stream().anyMatch(h -> h.key.equalsIgnoreCase("User-Agent")) ? null : userAgent;
    }

    /** GETs a path and returns the body of a 2xx answer. */
    String get(String path) {
        return send(request(path).GET().build());
    }

    /**
     * Follows a list's {@code next} link: its path and query against this client's address (the server may see
     * itself under another host name).
     */
    String getNext(String next) {
        return get(nextPath(next));
    }

    /** The path and query of a {@code next} link relative to this client's address (see {@link #nextPath(String, String)}). */
    String nextPath(String next) {
        return nextPath(base, next);
    }

    /**
     * The path and query of a {@code next} link, to be requested against {@code base}: the server builds the link
     * from its {@code Host} header, which may not be ours, and from the path the request arrived with, which holds the
     * server's base path ({@code KUMA_API_SERVER_BASE_PATH}); when the configured address carries that path
     * ({@code http://cp:5681/kuma}), it is taken off, since every request adds it again.
     *
     * @param base the control plane's address without a trailing {@code /}
     * @param next the absolute link from a list's {@code next}
     * @throws CliException when the link is not a URI
     */
    static String nextPath(String base, String next) {
        URI uri;
        try {
            uri = URI.create(next);
        } catch (IllegalArgumentException e) {
            throw new CliException("invalid next link \"" + next + "\" from the control plane", CliException.SERVER);
        }
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        String prefix;
        try {
            prefix = URI.create(base).getRawPath();
        } catch (IllegalArgumentException e) {
            prefix = null;
        }
        if (prefix != null && !prefix.isEmpty() && !prefix.equals("/")) {
            if (path.equals(prefix)) {
                path = "/";
            } else if (path.startsWith(prefix + "/")) {
                path = path.substring(prefix.length());
            }
        }
        return uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
    }

    /** PUTs a JSON body (already serialized) and returns the body of a 2xx answer. */
    String putJson(String path, byte[] json) {
        return send(request(path)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(json))
                .build());
    }

    /** DELETEs a path and returns the body of a 2xx answer. */
    String delete(String path) {
        return send(request(path).DELETE().build());
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder builder;
        try {
            builder = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
        } catch (IllegalArgumentException e) {
            throw new CliException("invalid control plane address \"" + base + "\": " + e.getMessage());
        }
        for (var header : headers) {
            try {
                builder.header(header.key, header.value == null ? "" : header.value);
            } catch (IllegalArgumentException e) {
                throw new CliException("cannot add the header \"" + header.key + "\" to requests: " + e.getMessage());
            }
        }
        if (authorization != null) {
            builder.header("Authorization", authorization);
        }
        if (userAgent != null) {
            builder.header("User-Agent", userAgent);
        }
        return builder;
    }

    /** POSTs JSON and returns the body of a 2xx answer as text (the token endpoints answer {@code text/plain}). */
    String postJson(String path, Object body) {
        byte[] json;
        try {
            json = JSON.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
        return send(request(path)
                .header("Content-Type", "application/json")
                .header("Accept", "text/plain, application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(json))
                .build());
    }

    private String send(HttpRequest request) {
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (SSLException e) {
            throw new CliException("could not connect to API " + base + ": TLS: " + tlsProblem(e), CliException.SERVER);
        } catch (IOException e) {
            String why = e.getMessage() != null
                    ? e.getMessage()
                    : e instanceof ConnectException
                            ? "connection refused"
                            : e.getClass().getSimpleName();
            throw new CliException("could not connect to API " + base + ": " + why, CliException.SERVER);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException("interrupted", CliException.SERVER);
        }
        int status = response.statusCode();
        if (status / 100 == 2) {
            return response.body();
        }
        throw new ErrorAnswer(
                status,
                describe(status, response.body()),
                retryAfter(response.headers().firstValue("Retry-After").orElse(null)));
    }

    /**
     * The JDK reports a server certificate that the CA file does not vouch for as a PKIX path failure, and for
     * Kuma's empty-name certificates even as a parsing error: say what it means first.
     */
    private String tlsProblem(SSLException e) {
        String message = String.valueOf(e.getMessage());
        if (caCertFile != null && !caCertFile.isEmpty() && message.contains("PKIX path")) {
            return "the server's certificate is not signed by a certificate in " + caCertFile + " (" + message + ")";
        }
        return message;
    }

    /** {@code Retry-After} in its seconds form (meshtrust's and Kuma's); an HTTP date or garbage is ignored. */
    static Optional<Duration> retryAfter(String header) {
        if (header == null || !header.trim().matches("\\d{1,9}")) {
            return Optional.empty();
        }
        return Optional.of(Duration.ofSeconds(Long.parseLong(header.trim())));
    }

    /** A non-2xx answer, with its status for callers that word some of them themselves (e.g. 404). */
    static final class ErrorAnswer extends CliException {
        private final int status;
        private final Optional<Duration> retryAfter;

        ErrorAnswer(int status, String message) {
            this(status, message, Optional.empty());
        }

        ErrorAnswer(int status, String message, Optional<Duration> retryAfter) {
            super(message, status >= 500 ? CliException.SERVER : CliException.USER);
            this.status = status;
            this.retryAfter = retryAfter;
        }

        int status() {
            return status;
        }

        /** How long the server asked to wait before trying again (a backing-off CA answers 503 with it). */
        Optional<Duration> retryAfter() {
            return retryAfter;
        }
    }

    /**
     * One line from an error answer: {@code (status): title: detail (field: reason; …)} for Kuma's
     * {@code /std-errors} body, else {@code (status): <body or reason>} like kumactl.
     */
    static String describe(int status, String body) {
        String text = body == null ? "" : body.strip();
        JsonNode json = null;
        if (text.startsWith("{")) {
            try {
                json = JSON.readTree(text);
            } catch (IOException ignored) {
                // not JSON after all: shown as text
            }
        }
        if (json == null || !json.isObject() || (!json.hasNonNull("title") && !json.hasNonNull("detail"))) {
            String oneLine = text.isEmpty()
                    ? reason(status)
                    : String.join(" ", text.lines().map(String::strip).toList());
            return "(" + status + "): " + oneLine;
        }
        var line = new StringBuilder("(").append(status).append("): ");
        String title = json.path("title").asText("");
        String detail = json.path("detail").asText(json.path("details").asText(""));
        line.append(title.isEmpty() ? reason(status) : title);
        if (!detail.isEmpty() && !detail.equals(title)) {
            line.append(": ").append(detail);
        }
        var violations = new ArrayList<String>();
        JsonNode params = json.path("invalid_parameters");
        if (!params.isArray() || params.isEmpty()) {
            params = json.path("causes");
        }
        for (JsonNode v : params) {
            String field = v.path("field").asText("");
            String reason = v.path("reason").asText(v.path("message").asText(""));
            violations.add(field.isEmpty() ? reason : field + ": " + reason);
        }
        if (!violations.isEmpty()) {
            line.append(" (").append(String.join("; ", violations)).append(')');
        }
        return line.toString();
    }

    private static String reason(int status) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 409 -> "Conflict";
            case 500 -> "Internal Server Error";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            default -> "HTTP " + status;
        };
    }
}

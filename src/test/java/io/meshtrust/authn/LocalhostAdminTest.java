package io.meshtrust.authn;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Kuma's {@code pkg/api-server/authn/localhost_test.go} table (docs/kuma-tokens.md §17.7, cases 19-52). */
class LocalhostAdminTest {

    static Stream<Arguments> admin() {
        return Stream.of(
                c(19, "127.0.0.1", "localhost:5681", Map.of()),
                c(20, "::1", "localhost:5681", Map.of()),
                c(21, "::1", "[::1]", Map.of()),
                c(22, "127.0.0.1", "localhost:5681", Map.of("Origin", "http://localhost:5681")),
                c(23, "127.0.0.1", "127.0.0.1:5681", Map.of("Origin", "http://127.0.0.1:5681")),
                c(24, "127.0.0.1", "LOCALHOST:5681", Map.of("Origin", "http://localhost:5681")),
                c(25, "127.0.0.1", "localhost:80", Map.of("Origin", "http://localhost")),
                c(26, "127.0.0.1", "localhost:443", Map.of("Origin", "https://localhost")),
                c(27, "127.0.0.1", "localhost", Map.of("Origin", "http://localhost:80")),
                c(28, "::1", "[::1]:80", Map.of("Origin", "http://[::1]")),
                c(29, "::1", "[::1]", Map.of("Origin", "http://[::1]:80")),
                c(30, "127.0.0.1", "localhost:5681", Map.of("Sec-Fetch-Site", "same-origin")),
                c(31, "127.0.0.1", "localhost:5681", Map.of("Sec-Fetch-Site", "none")),
                c(0, "127.0.0.5", "localhost:5681", Map.of()),
                c(0, "0:0:0:0:0:ffff:7f00:1", "localhost:5681", Map.of()));
    }

    static Stream<Arguments> notAdmin() {
        return Stream.of(
                c(32, "127.0.0.1", "localhost:5681", Map.of("Origin", "https://evil.com")),
                c(33, "127.0.0.1", "localhost:5681", Map.of("Sec-Fetch-Site", "cross-site")),
                c(34, "127.0.0.1", "localhost:5681", Map.of("Sec-Fetch-Site", "same-site")),
                c(35, "127.0.0.1", "localhost:5681", Map.of("Origin", "http://127.0.0.1:3000")),
                c(36, "127.0.0.1", "localhost:5681", Map.of("Origin", "http://localhost")),
                c(37, "127.0.0.1", "localhost:5682", Map.of("Origin", "https://localhost")),
                c(38, "127.0.0.1", "localhost", Map.of("Origin", "http://localhost:5681")),
                c(39, "127.0.0.1", "localhost:5681", Map.of("X-Forwarded-For", "1.2.3.4")),
                c(40, "127.0.0.1", "localhost:5681", Map.of("Forwarded", "for=1.2.3.4")),
                c(41, "127.0.0.1", "localhost:5681", Map.of("X-Real-IP", "1.2.3.4")),
                c(42, "127.0.0.1", "api.example.com", Map.of()),
                c(43, "::1", "[::1", Map.of()),
                c(44, "127.0.0.1", "localhost:bad", Map.of()),
                c(45, "127.0.0.1", "localhost:", Map.of()),
                c(46, "127.0.0.1", "localhost:5681", Map.of("Origin", "null")),
                c(47, "127.0.0.1", "localhost:5681", Map.of("Origin", "not-a-url")),
                c(48, "127.0.0.1", "localhost:5681", Map.of("Origin", "http://localhost:bad")),
                c(49, "127.0.0.1", "localhost:5681", Map.of("Origin", "http://localhost:5681/path")),
                c(50, "127.0.0.1", "localhost:5681", Map.of("Origin", "http://localhost:5681?x=1")),
                c(51, "127.0.0.1", "localhost:5681", Map.of("Origin", "http://user@localhost:5681")),
                c(52, "203.0.113.1", "localhost:5681", Map.of()),
                c(0, "127.0.0.1", null, Map.of()),
                c(0, "127.0.0.1", "localhost:5681", Map.of("Origin", "http://localhost:5681/")),
                c(0, "127.0.0.1", "localhost:5681", Map.of("Origin", "ftp://localhost:5681")),
                c(0, "127.0.0.1", "127.1.1", Map.of()),
                c(0, "127.0.0.1", "localhost:99999", Map.of()),
                c(0, "10.0.0.1", "localhost:5681", Map.of()));
    }

    @ParameterizedTest(name = "case {0}: peer {1}, Host {2}, headers {3}")
    @MethodSource("admin")
    void grantsAdminToDirectLoopbackRequests(int kumaCase, String peer, String host, Map<String, String> headers) {
        assertThat(LocalhostAdmin.isDirectLoopbackRequest(peer, lines(host, headers)))
                .isTrue();
    }

    @ParameterizedTest(name = "case {0}: peer {1}, Host {2}, headers {3}")
    @MethodSource("notAdmin")
    void refusesAdminToProxiedCrossSiteOrRemoteRequests(
            int kumaCase, String peer, String host, Map<String, String> headers) {
        assertThat(LocalhostAdmin.isDirectLoopbackRequest(peer, lines(host, headers)))
                .isFalse();
    }

    /** Issue 13, point 1: header lines Kuma's single-value lookups cannot see. */
    static Stream<Arguments> ambiguousOrProxied() {
        return Stream.of(
                l(
                        "empty X-Forwarded-For before the proxy's",
                        "Host",
                        "localhost:5681",
                        "X-Forwarded-For",
                        "",
                        "X-Forwarded-For",
                        "203.0.113.7"),
                l(
                        "empty Forwarded before the proxy's",
                        "Host",
                        "localhost:5681",
                        "Forwarded",
                        "",
                        "Forwarded",
                        "for=203.0.113.7"),
                l(
                        "empty X-Real-IP before the proxy's",
                        "Host",
                        "localhost:5681",
                        "X-Real-IP",
                        "",
                        "X-Real-IP",
                        "203.0.113.7"),
                l("a blank X-Forwarded-For alone", "Host", "localhost:5681", "X-Forwarded-For", " \t "),
                l("an empty Via", "Host", "localhost:5681", "via", ""),
                l("an X-Envoy header", "Host", "localhost:5681", "x-envoy-internal", "true"),
                l("an X-Forwarded-Uri", "Host", "localhost:5681", "X-FORWARDED-URI", "/"),
                l("an Authorization line", "Host", "localhost:5681", "Authorization", "Basic YTpi"),
                l("an empty Authorization line", "Host", "localhost:5681", "authorization", ""),
                l("two equal Host lines", "Host", "localhost:5681", "Host", "localhost:5681"),
                l("two Host lines", "Host", "localhost:5681", "host", "api.example.com"),
                l(
                        "two Origin lines",
                        "Host",
                        "localhost:5681",
                        "Origin",
                        "http://localhost:5681",
                        "Origin",
                        "http://localhost:5681"),
                l("an empty then a real Origin", "Host", "localhost:5681", "Origin", "", "Origin", "https://evil.com"),
                l(
                        "two Sec-Fetch-Site lines",
                        "Host",
                        "localhost:5681",
                        "Sec-Fetch-Site",
                        "same-origin",
                        "Sec-Fetch-Site",
                        "cross-site"),
                l(
                        "an empty then a real Sec-Fetch-Site",
                        "Host",
                        "localhost:5681",
                        "Sec-Fetch-Site",
                        "",
                        "Sec-Fetch-Site",
                        "cross-site"),
                l(":authority and another Host", ":authority", "localhost:5681", "Host", "api.example.com"),
                l("two :authority", ":authority", "localhost:5681", ":authority", "localhost:5681"),
                l("a Host list", "Host", "localhost:5681, api.example.com"),
                l("a Host list without port", "Host", "localhost,api.example.com"),
                l("a Host with userinfo", "Host", "admin@localhost:5681"),
                l("a Host with a control character", "Host", "localhost\u0000:5681"),
                l("a Host with DEL", "Host", "localhost\u007f"),
                l("a Host with a non-ASCII letter", "Host", "localhost\u0131"),
                l("an Origin list", "Host", "localhost:5681", "Origin", "http://localhost:5681, https://evil.com"),
                l("a Sec-Fetch-Site list", "Host", "localhost:5681", "Sec-Fetch-Site", "same-origin, cross-site"));
    }

    static Stream<Arguments> directOverHttp2OrWithSpaces() {
        return Stream.of(
                l("HTTP/2 authority without Host", ":authority", "localhost:5681"),
                l("HTTP/2 authority and the same Host", ":authority", "localhost:5681", "host", "LOCALHOST:5681"),
                l("spaces around the Host value", "Host", " localhost:5681\t"),
                l(
                        "an empty Origin and Sec-Fetch-Site (Kuma: absent)",
                        "Host",
                        "localhost:5681",
                        "Origin",
                        "",
                        "Sec-Fetch-Site",
                        ""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ambiguousOrProxied")
    void refusesAdminToAnyForwardingHintCredentialOrRepetition(String what, List<LocalhostAdmin.HeaderLine> lines) {
        assertThat(LocalhostAdmin.isDirectLoopbackRequest("127.0.0.1", lines)).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("directOverHttp2OrWithSpaces")
    void grantsAdminToAuthorityOnlyAndToUnambiguousLines(String what, List<LocalhostAdmin.HeaderLine> lines) {
        assertThat(LocalhostAdmin.isDirectLoopbackRequest("::1", lines)).isTrue();
    }

    private static Arguments l(String what, String... nameValues) {
        var lines = new ArrayList<LocalhostAdmin.HeaderLine>();
        for (int i = 0; i < nameValues.length; i += 2) {
            lines.add(new LocalhostAdmin.HeaderLine(nameValues[i], nameValues[i + 1]));
        }
        return Arguments.of(what, lines);
    }

    private static Arguments c(int kumaCase, String peer, String host, Map<String, String> headers) {
        return Arguments.of(kumaCase, peer, host, headers);
    }

    /** The Host line (when there is one) and the other headers, in a stable order. */
    static List<LocalhostAdmin.HeaderLine> lines(String host, Map<String, String> headers) {
        var lines = new ArrayList<LocalhostAdmin.HeaderLine>();
        if (host != null) {
            lines.add(new LocalhostAdmin.HeaderLine("Host", host));
        }
        new TreeMap<>(headers).forEach((name, value) -> lines.add(new LocalhostAdmin.HeaderLine(name, value)));
        return lines;
    }
}

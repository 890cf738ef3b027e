package io.meshtrust.authn;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshtrust.authn.LocalhostAdmin.HeaderLine;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Issue 13, point 1, as properties of the pure rule: whatever the casing, position, repetition and value (empty,
 * blank, odd), a request that carries a forwarding hint, an {@code Authorization} line or a repeated {@code Host},
 * {@code :authority}, {@code Origin} or {@code Sec-Fetch-Site} is never localhost admin; and a clean direct request
 * with the same innocuous noise is admin, so that the properties can fail both ways.
 */
class LocalhostAdminPropertiesTest {

    /**
     * Written out here rather than read from {@link LocalhostAdmin}, so that removing a name there fails: the
     * issue's list, a few members of the prefixed families, and the credential header.
     */
    static final List<String> HINTS = List.of(
            "Forwarded",
            "X-Forwarded-For",
            "X-Forwarded-Host",
            "X-Forwarded-Proto",
            "X-Forwarded-Port",
            "X-Forwarded-Server",
            "X-Forwarded-Prefix",
            "X-Real-IP",
            "X-Client-IP",
            "True-Client-IP",
            "CF-Connecting-IP",
            "X-Cluster-Client-IP",
            "Fastly-Client-IP",
            "Via",
            "X-Original-Forwarded-For",
            "X-ProxyUser-Ip",
            "Client-IP",
            "X-Forwarded-Uri",
            "X-Forwarded-Tls-Client-Cert",
            "X-Envoy-Internal",
            "X-Envoy-External-Address",
            "X-Forwarded-Client-Cert",
            "CDN-Loop",
            "Authorization");

    static final List<String> SINGLE = List.of("Host", ":authority", "Origin", "Sec-Fetch-Site");

    static final List<String> INNOCUOUS = List.of(
            "Accept",
            "User-Agent",
            "Accept-Encoding",
            "Content-Type",
            "Cookie",
            "Connection",
            "X-Request-Id",
            "Cache-Control",
            "Sec-Fetch-Mode",
            "Sec-Fetch-Dest",
            "Referer",
            "X-Forwardedness",
            "Forwarding",
            "Via-Point",
            "Authorization-Hint");

    /** A loopback Host (or authority) and an Origin for the same host and port. */
    record Target(String host, String origin) {}

    static final List<Target> TARGETS = List.of(
            new Target("localhost:5681", "http://localhost:5681"),
            new Target("127.0.0.1:5681", "http://127.0.0.1:5681"),
            new Target("[::1]:5681", "http://[::1]:5681"),
            new Target("LocalHost:5681", "http://localhost:5681"),
            new Target("localhost", "http://localhost"),
            new Target("localhost:443", "https://localhost"));

    static final List<String> LOOPBACK_PEERS = List.of("127.0.0.1", "::1", "0:0:0:0:0:0:0:1", "127.0.0.5");

    @Property
    void aForwardingHintOrACredentialAnywhereIsNeverAdmin(
            @ForAll("loopbackPeers") String peer,
            @ForAll("cleanRequests") List<HeaderLine> clean,
            @ForAll("hintLines") List<HeaderLine> hints,
            @ForAll("positions") List<Integer> positions) {
        List<HeaderLine> lines = insert(clean, hints, positions);
        assertThat(LocalhostAdmin.isDirectLoopbackRequest(peer, lines))
                .as("%s from %s", lines, peer)
                .isFalse();
    }

    @Property
    void aRepeatedHostAuthorityOriginOrFetchSiteIsNeverAdmin(
            @ForAll("loopbackPeers") String peer,
            @ForAll("cleanRequests") List<HeaderLine> clean,
            @ForAll("repeatedLines") List<HeaderLine> repeated,
            @ForAll("positions") List<Integer> positions) {
        List<HeaderLine> lines = insert(clean, repeated, positions);
        assertThat(LocalhostAdmin.isDirectLoopbackRequest(peer, lines))
                .as("%s from %s", lines, peer)
                .isFalse();
    }

    @Property
    void aCleanDirectRequestIsAdmin(
            @ForAll("loopbackPeers") String peer, @ForAll("cleanRequests") List<HeaderLine> clean) {
        assertThat(LocalhostAdmin.isDirectLoopbackRequest(peer, clean))
                .as("%s from %s", clean, peer)
                .isTrue();
    }

    @Property
    void aRemotePeerIsNeverAdmin(@ForAll("remotePeers") String peer, @ForAll("cleanRequests") List<HeaderLine> clean) {
        assertThat(LocalhostAdmin.isDirectLoopbackRequest(peer, clean))
                .as("%s from %s", clean, peer)
                .isFalse();
    }

    /** Anything at all from every pool: whenever the request has a hint or a repetition, it is not admin. */
    @Property
    void anyMixWithAHintOrARepetitionIsNeverAdmin(
            @ForAll("loopbackPeers") String peer, @ForAll("anyLines") List<HeaderLine> lines) {
        Set<String> hints = lowerCase(HINTS);
        boolean hint = lines.stream().anyMatch(l -> hints.contains(l.name().toLowerCase(Locale.ROOT)));
        boolean repeated = SINGLE.stream()
                .anyMatch(name -> lines.stream()
                                .filter(l -> l.name().equalsIgnoreCase(name))
                                .count()
                        > 1);
        if (hint || repeated) {
            assertThat(LocalhostAdmin.isDirectLoopbackRequest(peer, lines))
                    .as("%s from %s", lines, peer)
                    .isFalse();
        }
    }

    @Provide
    Arbitrary<String> loopbackPeers() {
        return Arbitraries.of(LOOPBACK_PEERS);
    }

    @Provide
    Arbitrary<String> remotePeers() {
        return Arbitraries.of("203.0.113.7", "10.0.0.1", "::2", "fe80::1", "0.0.0.0", "128.0.0.1", "::ffff:10.0.0.1");
    }

    /** A loopback target, with an optional same Origin and optional benign Sec-Fetch-Site, amid innocuous lines. */
    @Provide
    Arbitrary<List<HeaderLine>> cleanRequests() {
        Arbitrary<Target> target = Arbitraries.of(TARGETS);
        return Combinators.combine(
                        target,
                        cased(Arbitraries.of("Host", ":authority")),
                        Arbitraries.integers().between(0, 3),
                        cased(Arbitraries.just("Origin")),
                        Arbitraries.of("same-origin", "none", ""),
                        innocuousLines(),
                        Arbitraries.integers().between(0, 1000))
                .as((t, hostName, extras, originName, fetchSite, noise, seed) -> {
                    var lines = new ArrayList<>(noise);
                    var own = new ArrayList<HeaderLine>();
                    own.add(new HeaderLine(hostName, t.host()));
                    if ((extras & 1) != 0) {
                        own.add(new HeaderLine(originName, t.origin()));
                    }
                    if ((extras & 2) != 0) {
                        own.add(new HeaderLine("sec-fetch-site", fetchSite));
                    }
                    for (int i = 0; i < own.size(); i++) {
                        lines.add((seed + 7 * i) % (lines.size() + 1), own.get(i));
                    }
                    return List.copyOf(lines);
                });
    }

    @Provide
    Arbitrary<List<HeaderLine>> hintLines() {
        return line(cased(Arbitraries.of(HINTS)), oddValues())
                .list()
                .ofMinSize(1)
                .ofMaxSize(3);
    }

    /** Two or three lines of one single-valued header, with clean, equal or odd values. */
    @Provide
    Arbitrary<List<HeaderLine>> repeatedLines() {
        Arbitrary<String> values = Arbitraries.oneOf(
                Arbitraries.of(TARGETS).map(Target::host),
                        Arbitraries.of(TARGETS).map(Target::origin),
                Arbitraries.of("same-origin", "none"), oddValues());
        return Arbitraries.of(SINGLE)
                .flatMap(name -> line(cased(Arbitraries.just(name)), values)
                        .list()
                        .ofMinSize(2)
                        .ofMaxSize(3));
    }

    @Provide
    Arbitrary<List<Integer>> positions() {
        return Arbitraries.integers().between(0, 100).list().ofSize(3);
    }

    @Provide
    Arbitrary<List<HeaderLine>> anyLines() {
        Arbitrary<String> names =
                cased(Arbitraries.oneOf(Arbitraries.of(HINTS), Arbitraries.of(SINGLE), Arbitraries.of(INNOCUOUS)));
        Arbitrary<String> values = Arbitraries.oneOf(
                oddValues(),
                Arbitraries.of(TARGETS).map(Target::host),
                Arbitraries.of(TARGETS).map(Target::origin));
        return line(names, values).list().ofMaxSize(8);
    }

    private static Arbitrary<List<HeaderLine>> innocuousLines() {
        return line(cased(Arbitraries.of(INNOCUOUS)), oddValues()).list().ofMaxSize(4);
    }

    /** Empty, blank, whitespace, list-like, address-like, control and non-ASCII values, and arbitrary strings. */
    static Arbitrary<String> oddValues() {
        return Arbitraries.oneOf(
                Arbitraries.of(
                        "",
                        " ",
                        "\t",
                        " \t ",
                        ",",
                        ", ,",
                        "203.0.113.7",
                        "127.0.0.1",
                        "::1",
                        "unknown",
                        "for=127.0.0.1",
                        "for=\"[::1]\"",
                        "localhost",
                        "1.1 proxy",
                        "\u0000",
                        "\u007f",
                        "\r",
                        "é",
                        "127.0.0.1, 203.0.113.7",
                        "null"),
                Arbitraries.strings().ofMaxLength(12));
    }

    private static Arbitrary<HeaderLine> line(Arbitrary<String> names, Arbitrary<String> values) {
        return Combinators.combine(names, values).as(HeaderLine::new);
    }

    /** The name in random letter case: header names are case-insensitive. */
    static Arbitrary<String> cased(Arbitrary<String> names) {
        return names.flatMap(name -> Arbitraries.of(true, false)
                .list()
                .ofSize(name.length())
                .map(upper -> {
                    var sb = new StringBuilder(name.length());
                    for (int i = 0; i < name.length(); i++) {
                        char c = name.charAt(i);
                        sb.append(upper.get(i) ? Character.toUpperCase(c) : Character.toLowerCase(c));
                    }
                    return sb.toString();
                }));
    }

    private static List<HeaderLine> insert(List<HeaderLine> base, List<HeaderLine> extra, List<Integer> positions) {
        var lines = new ArrayList<>(base);
        for (int i = 0; i < extra.size(); i++) {
            lines.add(positions.get(i % positions.size()) % (lines.size() + 1), extra.get(i));
        }
        return lines;
    }

    private static Set<String> lowerCase(List<String> names) {
        return Set.copyOf(names.stream().map(n -> n.toLowerCase(Locale.ROOT)).toList());
    }
}

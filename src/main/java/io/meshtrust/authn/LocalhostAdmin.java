package io.meshtrust.authn;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Kuma's hardened "localhost is admin" rule ({@code isDirectLoopbackRequest} in
 * {@code pkg/api-server/authn/localhost.go}, docs/kuma-tokens.md §4.2), made stricter: a request is admin only when it comes
 * straight from a loopback peer to a loopback Host, carries no hint of a proxy and no credential, is not ambiguous,
 * and has no cross-site browser context. Nothing here resolves names: only {@code localhost} and IP literals are
 * loopback.
 *
 * <p>The rule reads every header line in arrival order, not one value per name. Kuma (and this class before issue
 * 13) looked up the first value of {@code X-Forwarded-For}: a client sending an empty {@code X-Forwarded-For:} line
 * in front of the one its local reverse proxy appends hid the proxy and became admin. Here the mere presence of a
 * forwarding header, whatever its value (empty included), rules admin out; so does any {@code Authorization} line
 * (a presented credential is validated, never overridden by the peer address, see {@link Authenticator}) and any
 * repetition of {@code Host}, {@code :authority}, {@code Origin} or {@code Sec-Fetch-Site} (which line would count?
 * RFC 9112 §3.2 makes two {@code Host} lines a 400, and {@link AuthenticationFilter} answers so).
 */
public final class LocalhostAdmin {

    private static final Pattern IPV4 = Pattern.compile("^\\d{1,3}(\\.\\d{1,3}){3}$");
    private static final Pattern ORIGIN =
            Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]*)://([^/?#]*)(.*)$", Pattern.DOTALL);

    /**
     * Header names (lower case) that a proxy, load balancer or CDN adds and a client talking straight to the control
     * plane (curl, kumactl, a browser on this host) never sends. Kuma checks the first three; the others are what
     * common proxies send: RFC 7239 and the de-facto {@code X-Forwarded-*} family (nginx, HAProxy, Apache
     * {@code mod_proxy}, Traefik, Caddy, Envoy, AWS/GCP load balancers, Spring's and Quarkus' forwarded-header
     * support), {@code Via} (RFC 9110 §7.6.3: Squid, Varnish, Apache, Google's load balancers), nginx's
     * {@code X-Real-IP}, ingress-nginx's {@code X-Original-Forwarded-For}, CDN client-address headers (Cloudflare
     * {@code CF-Connecting-IP}, Akamai/Cloudflare {@code True-Client-IP}, Fastly {@code Fastly-Client-IP}, Azure
     * {@code X-Azure-ClientIP}/{@code X-Azure-SocketIP}), {@code CDN-Loop} (RFC 8586), Envoy's
     * {@code X-Forwarded-Client-Cert}, Google's {@code X-ProxyUser-Ip}, WebLogic's {@code WL-Proxy-Client-IP} and the
     * generic client-address spellings that IP-based access checks are known to trust. A list can never be complete
     * (a plain TCP forwarder adds nothing at all): the README says to turn {@code localhostIsAdmin} off behind a proxy.
     */
    static final Set<String> FORWARDING_HEADERS = Set.of(
            "forwarded",
            "x-forwarded-for",
            "x-forwarded-host",
            "x-forwarded-proto",
            "x-forwarded-port",
            "x-forwarded-server",
            "x-forwarded-prefix",
            "x-forwarded-ssl",
            "x-forwarded-scheme",
            "x-forwarded",
            "forwarded-for",
            "x-real-ip",
            "x-client-ip",
            "client-ip",
            "true-client-ip",
            "cf-connecting-ip",
            "cf-connecting-ipv6",
            "x-cluster-client-ip",
            "fastly-client-ip",
            "via",
            "x-original-forwarded-for",
            "x-proxyuser-ip",
            "x-originating-ip",
            "x-remote-ip",
            "x-remote-addr",
            "x-host",
            "x-original-host",
            "x-forwarded-client-cert",
            "x-azure-clientip",
            "x-azure-socketip",
            "wl-proxy-client-ip",
            "proxy-client-ip",
            "cdn-loop",
            "x-scheme",
            "front-end-https",
            "x-url-scheme");

    /** Name prefixes (lower case) of header families only proxies add: {@code X-Forwarded-Uri}, {@code X-Envoy-*}. */
    static final List<String> FORWARDING_PREFIXES = List.of("x-forwarded-", "x-envoy-");

    /** Headers of which a second line makes the request ambiguous: which one would the rule look at? */
    static final Set<String> SINGLE_HEADERS = Set.of("host", ":authority", "origin", "sec-fetch-site");

    private LocalhostAdmin() {}

    /** One request header line as it arrived (HTTP/2 pseudo-headers such as {@code :authority} included). */
    public record HeaderLine(String name, String value) {}

    /**
     * @param remoteHost the TCP peer's address (no port)
     * @param lines      every request header line in arrival order (names in any case); on HTTP/2 the
     *                   {@code :authority} pseudo-header is one of them
     * @return whether the request is a direct loopback request, i.e. localhost admin
     */
    public static boolean isDirectLoopbackRequest(String remoteHost, List<HeaderLine> lines) {
        if (remoteHost == null || !isLoopbackHost(remoteHost) || lines == null) {
            return false;
        }
        Map<String, String> single = new HashMap<>();
        for (HeaderLine line : lines) {
            if (line == null || line.name() == null) {
                return false;
            }
            String name = line.name().toLowerCase(Locale.ROOT);
            if (isForwardingHint(name) || name.equals("authorization")) {
                return false;
            }
            if (SINGLE_HEADERS.contains(name)
                    && single.put(name, line.value() == null ? "" : trimOws(line.value())) != null) {
                return false;
            }
        }
        String host = single.get("host");
        String authority = single.get(":authority");
        if (host != null && authority != null && !host.equalsIgnoreCase(authority)) {
            return false; // RFC 9113 §8.3.1: a Host that names another entity than :authority is malformed
        }
        String target = authority != null ? authority : host;
        Optional<Authority> hostAuthority = Authority.parse("http", target);
        if (hostAuthority.isEmpty() || !isLoopbackHost(hostAuthority.get().host())) {
            return false;
        }
        String fetchSite = single.get("sec-fetch-site");
        if (notEmpty(fetchSite) && !fetchSite.equals("same-origin") && !fetchSite.equals("none")) {
            return false;
        }
        String origin = single.get("origin");
        return !notEmpty(origin) || originMatchesHost(origin, target);
    }

    /** Whether a header name (lower case) is one that only a proxy adds, whatever its value. */
    static boolean isForwardingHint(String lowerCaseName) {
        if (FORWARDING_HEADERS.contains(lowerCaseName)) {
            return true;
        }
        for (String prefix : FORWARDING_PREFIXES) {
            if (lowerCaseName.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    /** RFC 9110 §5.5: leading and trailing spaces and tabs are not part of a field value. */
    static String trimOws(String value) {
        int from = 0;
        int to = value.length();
        while (from < to && (value.charAt(from) == ' ' || value.charAt(from) == '\t')) {
            from++;
        }
        while (to > from && (value.charAt(to - 1) == ' ' || value.charAt(to - 1) == '\t')) {
            to--;
        }
        return value.substring(from, to);
    }

    private static boolean originMatchesHost(String origin, String host) {
        var m = ORIGIN.matcher(origin);
        if (!m.matches() || !m.group(3).isEmpty()) {
            return false; // no scheme://authority, or a path, query or fragment (even "/")
        }
        String scheme = m.group(1).toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            return false;
        }
        Optional<Authority> o = Authority.parse(scheme, m.group(2));
        if (o.isEmpty() || !isLoopbackHost(o.get().host())) {
            return false;
        }
        // The Host header's default port follows the Origin's scheme.
        Optional<Authority> h = Authority.parse(scheme, host);
        return h.isPresent() && h.get().equals(o.get());
    }

    static boolean isLoopbackHost(String rawHost) {
        String host = canonicalName(rawHost);
        if (host.equals("localhost")) {
            return true;
        }
        return ipLiteral(host).map(InetAddress::isLoopbackAddress).orElse(false);
    }

    private static String canonicalName(String raw) {
        String h = raw.toLowerCase(Locale.ROOT);
        if (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1);
        }
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        return h;
    }

    /** An IP literal, parsed without any name lookup. */
    static Optional<InetAddress> ipLiteral(String host) {
        boolean v4 = IPV4.matcher(host).matches();
        boolean v6 = host.indexOf(':') >= 0
                && host.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == ':' || c == '.');
        if (!v4 && !v6) {
            return Optional.empty();
        }
        if (v4) {
            for (String part : host.split("\\.")) {
                if (Integer.parseInt(part) > 255 || part.length() > 1 && part.charAt(0) == '0') {
                    return Optional.empty();
                }
            }
        }
        try {
            return Optional.of(InetAddress.getByName(host));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    private static boolean notEmpty(String s) {
        return s != null && !s.isEmpty();
    }

    /** A canonical (host, port) pair of an HTTP authority. */
    record Authority(String host, int port) {

        /** Parses {@code host[:port]} the way Go's URL parser and Kuma's {@code parseAuthority} accept it. */
        static Optional<Authority> parse(String scheme, String authority) {
            if (authority == null || authority.isEmpty() || authority.endsWith(":")) {
                return Optional.empty();
            }
            // No path, query, fragment, userinfo, list (a comma), space, control or non-ASCII character.
            if (authority
                    .chars()
                    .anyMatch(c -> c == '/' || c == '?' || c == '#' || c == '@' || c == ',' || c <= ' ' || c >= 0x7f)) {
                return Optional.empty();
            }
            String host;
            String port = "";
            if (authority.startsWith("[")) {
                int close = authority.indexOf(']');
                if (close < 0) {
                    return Optional.empty();
                }
                host = authority.substring(1, close);
                String rest = authority.substring(close + 1);
                if (!rest.isEmpty()) {
                    if (!rest.startsWith(":")) {
                        return Optional.empty();
                    }
                    port = rest.substring(1);
                }
                if (ipLiteral(host).isEmpty()) {
                    return Optional.empty();
                }
            } else {
                int colon = authority.indexOf(':');
                if (colon >= 0 && authority.indexOf(':', colon + 1) >= 0) {
                    return Optional.empty();
                }
                host = colon < 0 ? authority : authority.substring(0, colon);
                port = colon < 0 ? "" : authority.substring(colon + 1);
            }
            if (host.isEmpty()) {
                return Optional.empty();
            }
            int p;
            if (port.isEmpty()) {
                p = scheme.equals("https") ? 443 : 80;
            } else {
                if (!port.chars().allMatch(Character::isDigit) || port.length() > 5) {
                    return Optional.empty();
                }
                p = Integer.parseInt(port);
                if (p < 1 || p > 65535) {
                    return Optional.empty();
                }
            }
            return Optional.of(new Authority(canonicalHost(host), p));
        }

        private static String canonicalHost(String host) {
            String h = canonicalName(host);
            return ipLiteral(h).map(InetAddress::getHostAddress).orElse(h);
        }
    }
}

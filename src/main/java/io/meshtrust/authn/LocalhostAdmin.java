package io.meshtrust.authn;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * Kuma's hardened "localhost is admin" rule ({@code isDirectLoopbackRequest}, kuma-tokens §4.2): a request is
 * admin only when it comes straight from a loopback peer to a loopback Host, without proxy headers, and without a
 * cross-site browser context. Nothing here resolves names: only {@code localhost} and IP literals are loopback.
 */
public final class LocalhostAdmin {

    private static final Pattern IPV4 = Pattern.compile("^\\d{1,3}(\\.\\d{1,3}){3}$");
    private static final Pattern ORIGIN = Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]*)://([^/?#]*)(.*)$", Pattern.DOTALL);

    private LocalhostAdmin() {}

    /**
     * @param remoteHost the TCP peer's address (no port)
     * @param header     request header lookup (case-insensitive), {@code null} when absent
     * @param host       the Host header (or HTTP/2 authority)
     */
    public static boolean isDirectLoopbackRequest(String remoteHost, String host, UnaryOperator<String> header) {
        if (remoteHost == null || !isLoopbackHost(remoteHost)) {
            return false;
        }
        for (String proxyHeader : new String[] {"Forwarded", "X-Forwarded-For", "X-Real-IP"}) {
            if (notEmpty(header.apply(proxyHeader))) {
                return false;
            }
        }
        Optional<Authority> hostAuthority = Authority.parse("http", host);
        if (hostAuthority.isEmpty() || !isLoopbackHost(hostAuthority.get().host())) {
            return false;
        }
        String fetchSite = header.apply("Sec-Fetch-Site");
        if (notEmpty(fetchSite) && !fetchSite.equals("same-origin") && !fetchSite.equals("none")) {
            return false;
        }
        String origin = header.apply("Origin");
        return !notEmpty(origin) || originMatchesHost(origin, host);
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
        boolean v6 = host.indexOf(':') >= 0 && host.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == ':' || c == '.');
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
            if (authority.chars().anyMatch(c -> c == '/' || c == '?' || c == '#' || c == '@' || c <= ' ')) {
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

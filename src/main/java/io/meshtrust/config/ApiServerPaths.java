package io.meshtrust.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Where the API and the dashboard are served and where browsers reach them: {@code KUMA_API_SERVER_BASE_PATH},
 * {@code KUMA_API_SERVER_ROOT_URL}, {@code KUMA_API_SERVER_GUI_BASE_PATH} and {@code KUMA_API_SERVER_GUI_ROOT_URL},
 * normalised as Kuma's {@code pkg/api-server/server.go} does, and checked at start.
 *
 * <p>Kuma's semantics: every API route (the resources, the index, {@code /tokens}, {@code /who-am-i}) is served under
 * the base path; its GUI is served at its own path (the GUI base path, default {@code /gui}, registered on the
 * server's mux beside the API, so the API's base path does not move it) and is given {@code apiUrl} = the root URL
 * when set, else the base path. The index's {@code gui} field is the GUI root URL when set, else the GUI base path as
 * configured. The root URLs change nothing else: {@code next} links are built from the request (scheme, {@code Host},
 * the path as it arrived), and the dashboard is served at its base path whatever its root URL says.
 *
 * <p>Kuma's own check is only that the four parse as URLs ({@code pkg/config/api-server/config.go}); meshtrust refuses
 * what would route badly or could not be matched literally (escapes, dot segments, empty segments, a query), a GUI base
 * path without its leading {@code /} (Go's mux would read it as a host name and never serve the GUI) or that is
 * {@code /} itself, and an API base path on or under the dashboard's path (Kuma panics on that duplicate
 * registration).
 */
public final class ApiServerPaths {

    /** Kuma's default {@code KUMA_API_SERVER_GUI_BASE_PATH}. */
    public static final String DEFAULT_DASHBOARD = "/gui";

    static final String BASE_PATH_KEY = "kuma.api-server.base-path";
    static final String ROOT_URL_KEY = "kuma.api-server.root-url";
    static final String GUI_BASE_PATH_KEY = "kuma.api-server.gui.base-path";
    static final String GUI_ROOT_URL_KEY = "kuma.api-server.gui.root-url";

    // RFC 3986 pchar without '%': unreserved, sub-delims, ':' and '@'.
    private static final String PATH_CHARACTERS =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~!$&'()*+,;=:@";

    private ApiServerPaths() {}

    /**
     * The base path routes are served under: {@code /}, or a path with a leading and no trailing {@code /}
     * ({@code kuma} and {@code /kuma/} are {@code /kuma}, as in Kuma).
     */
    public static String basePath(KumaConfig config) {
        return normalise(config.apiServer().basePath());
    }

    /**
     * The path the dashboard is served at: {@code KUMA_API_SERVER_GUI_BASE_PATH} without its trailing slashes
     * ({@code /gui/} is {@code /gui}: Kuma appends the slash it registers), so always a leading and no trailing
     * {@code /}. A value {@link #violations} refuses never gets this far.
     */
    public static String dashboardPath(KumaConfig config) {
        return normalise(config.apiServer().gui().basePath());
    }

    /**
     * The index's {@code gui} field, Kuma's {@code guiUrl} ({@code pkg/api-server/server.go}): the GUI root URL when
     * set, else the GUI base path as configured.
     */
    public static String guiUrl(KumaConfig config) {
        return guiRootUrl(config).orElse(config.apiServer().gui().basePath());
    }

    /**
     * The API's address for the dashboard's browser calls (Kuma's GUI {@code apiUrl}): the root URL when set, else the
     * base path; without a trailing {@code /}, so {@code ""} for the default (calls go to {@code /meshes}).
     */
    public static String dashboardApiUrl(KumaConfig config) {
        String url = rootUrl(config).orElse(basePath(config));
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    /**
     * The origin of an absolute root URL ({@code https://proxy.example:8443}), which the dashboard's page must be
     * allowed to call; empty when the root URL is unset or a path (the page's own origin).
     */
    public static Optional<String> dashboardApiOrigin(KumaConfig config) {
        Optional<String> root = rootUrl(config);
        if (root.isEmpty() || root.get().startsWith("/")) {
            return Optional.empty();
        }
        try {
            URI uri = new URI(root.get());
            if (uri.getScheme() == null || uri.getHost() == null) {
                return Optional.empty();
            }
            String origin = uri.getScheme().toLowerCase(Locale.ROOT) + "://"
                    + uri.getHost().toLowerCase(Locale.ROOT) + (uri.getPort() >= 0 ? ":" + uri.getPort() : "");
            return Optional.of(origin);
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
    }

    /** The root URL as set, empty when unset or blank (Kuma: {@code if RootUrl != ""}). */
    static Optional<String> rootUrl(KumaConfig config) {
        return config.apiServer().rootUrl().map(String::trim).filter(s -> !s.isEmpty());
    }

    /** The GUI root URL as set, empty when unset or blank (Kuma: {@code if GUI.RootUrl != ""}). */
    static Optional<String> guiRootUrl(KumaConfig config) {
        return config.apiServer().gui().rootUrl().map(String::trim).filter(s -> !s.isEmpty());
    }

    /** Kuma's normalisation: a leading {@code /} added when missing; trailing ones dropped here (not {@code /}). */
    static String normalise(String configured) {
        String path = configured == null ? "" : configured.trim();
        if (!path.startsWith("/")) {
            path = "/" + path;
        }
        int end = path.length();
        while (end > 1 && path.charAt(end - 1) == '/') {
            end--;
        }
        return path.substring(0, end);
    }

    /** The violated rules, each starting with the environment variable; empty when the four settings are usable. */
    static List<String> violations(KumaConfig config) {
        List<String> violations = new ArrayList<>();
        String rawGui = config.apiServer().gui().basePath();
        String guiProblem = guiPathProblem(rawGui);
        if (guiProblem != null) {
            violations.add(SettingNames.env(GUI_BASE_PATH_KEY) + ": \"" + printable(rawGui)
                    + "\" is not a usable GUI base path: " + guiProblem + " (use a path such as /gui, the default)");
        }
        String raw = config.apiServer().basePath();
        String basePath = normalise(raw);
        String problem = pathProblem(basePath);
        String dashboard = dashboardPath(config);
        if (problem == null
                && guiProblem == null
                && (basePath.equals(dashboard) || basePath.startsWith(dashboard + "/"))) {
            problem = "the dashboard is served at " + dashboard + " (" + SettingNames.env(GUI_BASE_PATH_KEY)
                    + "); choose a base path outside it";
        }
        if (problem != null) {
            violations.add(SettingNames.env(BASE_PATH_KEY) + ": \"" + printable(raw) + "\" is not a usable base path: "
                    + problem + " (use a path such as /kuma; the default is /)");
        }
        rootUrl(config).ifPresent(root -> rootUrlViolation(violations, ROOT_URL_KEY, root, "the API's", "/kuma"));
        guiRootUrl(config).ifPresent(root -> rootUrlViolation(violations, GUI_ROOT_URL_KEY, root, "the GUI's", "/gui"));
        return violations;
    }

    private static void rootUrlViolation(List<String> violations, String key, String root, String whose, String path) {
        String rootProblem = rootUrlProblem(root);
        if (rootProblem != null) {
            violations.add(SettingNames.env(key) + ": \"" + printable(root) + "\" is not a usable root URL: "
                    + rootProblem + " (use " + whose + " address as browsers reach it, such as https://mesh.example.com"
                    + path + " or " + path + ")");
        }
    }

    /**
     * What is wrong with a GUI base path as configured, or {@code null}: it starts with {@code /} (Kuma registers it
     * on Go's mux, where a pattern without the leading {@code /} names a host), is not {@code /} (the API's default
     * place) and follows {@link #pathProblem} once its trailing slashes are dropped.
     */
    static String guiPathProblem(String raw) {
        // An empty value never gets here: the configuration refuses it, naming the property.
        String value = raw == null ? "" : raw;
        if (!value.startsWith("/")) {
            return "it must start with / (Kuma would read it as a host name and never serve the GUI)";
        }
        String path = normalise(value);
        if (path.equals("/")) {
            return "the dashboard needs a path of its own, not /";
        }
        return pathProblem(path);
    }

    /**
     * What is wrong with a normalised path ({@code /} or {@code /a/b}), or {@code null}: every segment non-empty, not
     * a dot segment, and written with RFC 3986 path characters only, unescaped.
     */
    static String pathProblem(String path) {
        if (path.equals("/")) {
            return null;
        }
        for (String segment : path.substring(1).split("/", -1)) {
            if (segment.isEmpty()) {
                return "it has an empty segment (//)";
            }
            if (segment.equals(".") || segment.equals("..")) {
                return "it has a dot segment (" + segment + ")";
            }
            for (int i = 0; i < segment.length(); i++) {
                char c = segment.charAt(i);
                if (c == '?' || c == '#') {
                    return "a path cannot hold a query or fragment (" + c + ")";
                }
                if (c == '%') {
                    return "percent-escapes are not allowed, write the path as it is matched";
                }
                if (PATH_CHARACTERS.indexOf(c) < 0) {
                    return "the character " + describe(c) + " is not allowed in a path";
                }
            }
        }
        return null;
    }

    /** What is wrong with a root URL, or {@code null}: an absolute path, or an http(s) URL with a host. */
    static String rootUrlProblem(String url) {
        if (url.startsWith("/")) {
            return pathProblem(normalise(url));
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return "it is not a URL (" + e.getReason() + ")";
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            return "it must start with http://, https:// or /";
        }
        if (uri.getRawUserInfo() != null) {
            return "it must not carry credentials";
        }
        if (uri.getHost() == null) {
            return "it has no host";
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            return "it must not have a query or fragment";
        }
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : normalise(uri.getRawPath());
        return pathProblem(path);
    }

    private static String describe(char c) {
        return c < 0x20 || c == 0x7f || Character.isWhitespace(c)
                ? String.format("U+%04X", (int) c)
                : "'" + c + "' (U+" + String.format("%04X", (int) c) + ")";
    }

    // Control characters shown as escapes, so the message is one readable line.
    private static String printable(String s) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            out.append(c < 0x20 || c == 0x7f ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        }
        return out.toString();
    }
}

package io.meshtrust.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.http.impl.HttpUtils;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * The prefix rule of {@link BasePath}: which request paths reach the API, as what, and which are left to the dashboard
 * or answered 404; checked against a reference normaliser written from RFC 3986 (§2.3 unreserved escapes decoded,
 * §5.2.4 dot segments removed) plus the slash merging Vert.x' router does, over random paths mixing the base path,
 * dot segments (raw and escaped), escaped slashes, double slashes and invalid escapes.
 */
class BasePathRuleTest {

    static final List<String> OWN = List.of("/gui");

    @Test
    void examples() {
        BasePath kuma = new BasePath("/kuma", OWN);
        assertThat(kuma.decide("/kuma")).isEqualTo(new BasePath.Inside("/"));
        assertThat(kuma.decide("/kuma/")).isEqualTo(new BasePath.Inside("/"));
        assertThat(kuma.decide("/kuma/meshes/default")).isEqualTo(new BasePath.Inside("/meshes/default"));
        assertThat(kuma.decide("/kuma/dataplanes%2Binsights")).isEqualTo(new BasePath.Inside("/dataplanes%2Binsights"));
        assertThat(kuma.decide("/kuma/%6Deshes")).isEqualTo(new BasePath.Inside("/meshes"));
        assertThat(kuma.decide("/gui")).isEqualTo(new BasePath.Own());
        assertThat(kuma.decide("/gui/app.js")).isEqualTo(new BasePath.Own());
        for (String outside : List.of(
                "/",
                "/meshes",
                "/kumax",
                "/kum",
                "/KUMA/meshes",
                "/kuma%2Fmeshes",
                "/kuma/../meshes",
                "/kuma/%2e%2e/meshes",
                "/kuma/gui",
                "/kuma/gui/index.html",
                "/guix",
                "/kuma/%zz",
                "",
                "meshes",
                "*")) {
            assertThat(kuma.decide(outside)).as(outside).isEqualTo(new BasePath.Outside());
        }
        assertThat(kuma.decide(null)).isEqualTo(new BasePath.Outside());
    }

    @Test
    void theRootBasePathServesEveryPathAsItIs() {
        BasePath root = new BasePath("/", OWN);
        assertThat(root.decide("/meshes/../who-am-i")).isEqualTo(new BasePath.Inside("/who-am-i"));
        assertThat(root.decide("/gui/")).isEqualTo(new BasePath.Own());
    }

    @Test
    void onlyNormalisedBasePathsAreAccepted() {
        assertThatThrownBy(() -> new BasePath("kuma", OWN)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new BasePath("/kuma/", OWN)).isInstanceOf(IllegalArgumentException.class);
    }

    /** Nothing outside the base path reaches a route, everything inside does, as the path the router would match. */
    @Property(tries = 2000)
    void agreesWithTheReferenceNormaliser(@ForAll("bases") String base, @ForAll("paths") String path) {
        BasePath.Decision decision = new BasePath(base, OWN).decide(path);
        String clean = reference(path);
        if (clean == null) {
            assertThat(decision).as(path).isEqualTo(new BasePath.Outside());
            return;
        }
        if (own(clean)) {
            assertThat(decision).as(path).isEqualTo(new BasePath.Own());
            return;
        }
        boolean inside = clean.equals(base) || clean.startsWith(base + "/");
        String rest = inside ? (clean.equals(base) ? "/" : clean.substring(base.length())) : null;
        if (!inside || own(rest)) {
            assertThat(decision).as(path).isEqualTo(new BasePath.Outside());
        } else {
            assertThat(decision).as(path).isEqualTo(new BasePath.Inside(rest));
        }
    }

    /** The rerouted path is matched as it is: normalising it again (the router does, on the second pass) is a no-op. */
    @Property(tries = 2000)
    void theReroutedPathIsAlreadyWhatTheRouterMatches(@ForAll("bases") String base, @ForAll("paths") String path) {
        if (new BasePath(base, OWN).decide(path) instanceof BasePath.Inside inside) {
            assertThat(HttpUtils.normalizePath(inside.path())).as(path).isEqualTo(inside.path());
            assertThat(inside.path()).startsWith("/");
        }
    }

    /** Any path the API serves, written under the base path, is served as that path. */
    @Property(tries = 500)
    void everyCleanPathUnderTheBasePathIsServed(@ForAll("bases") String base, @ForAll("cleanPaths") String rest) {
        BasePath.Decision decision = new BasePath(base, OWN).decide(base + rest);
        if (own(rest)) {
            assertThat(decision).isEqualTo(new BasePath.Outside());
        } else {
            assertThat(decision).isEqualTo(new BasePath.Inside(rest));
        }
    }

    @Provide
    Arbitrary<String> bases() {
        return Arbitraries.of("/kuma", "/api/v1", "/k", "/mesh-api");
    }

    @Provide
    Arbitrary<String> paths() {
        Arbitrary<String> segment = Arbitraries.oneOf(
                Arbitraries.of(
                        "kuma",
                        "KUMA",
                        "kumax",
                        "api",
                        "v1",
                        "k",
                        "mesh-api",
                        "gui",
                        "guix",
                        "meshes",
                        "who-am-i",
                        "",
                        ".",
                        "..",
                        "%2e",
                        "%2E%2e",
                        ".%2e",
                        "%2e.",
                        "%2F",
                        "%2f",
                        "%6Buma",
                        "%6b",
                        "%67ui",
                        "%25",
                        "%252e%252e",
                        "%zz",
                        "%",
                        "%2",
                        "+",
                        "dataplanes%2Binsights",
                        "a;b",
                        "%00"),
                Arbitraries.strings().withChars("abk%2eE./").ofMaxLength(6));
        Arbitrary<String> joined = segment.list().ofMaxSize(6).map(s -> String.join("/", s));
        return Combinators.combine(Arbitraries.of("/", "//", "", "/./", "/../"), joined)
                .as((lead, rest) -> lead + rest);
    }

    @Provide
    Arbitrary<String> cleanPaths() {
        Arbitrary<String> segment = Arbitraries.strings()
                .withChars("abcdefghijklmnopqrstuvwxyz0123456789-_~+:@")
                .ofMinLength(1)
                .ofMaxLength(8)
                .filter(s -> !s.equals(".") && !s.equals(".."));
        Arbitrary<String> withGui = Arbitraries.oneOf(segment, Arbitraries.of("gui", "meshes", "_resources"));
        return withGui.list().ofMaxSize(4).map(s -> "/" + String.join("/", s));
    }

    private static boolean own(String path) {
        return path.equals("/gui") || path.startsWith("/gui/");
    }

    /**
     * The path a router matches, written independently of {@link BasePath}: unreserved escapes decoded (any invalid
     * escape makes the path unusable), dot segments removed (RFC 3986 §5.2.4), then runs of slashes merged.
     */
    static String reference(String path) {
        if (path == null || path.isEmpty() || path.charAt(0) != '/') {
            return null;
        }
        StringBuilder decoded = new StringBuilder();
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c != '%') {
                decoded.append(c);
                continue;
            }
            if (i + 2 >= path.length() || hex(path.charAt(i + 1)) < 0 || hex(path.charAt(i + 2)) < 0) {
                return null;
            }
            char d = (char) (hex(path.charAt(i + 1)) * 16 + hex(path.charAt(i + 2)));
            boolean unreserved = Character.isLetterOrDigit(d) && d < 0x80 || "-._~".indexOf(d) >= 0;
            decoded.append(unreserved ? String.valueOf(d) : path.substring(i, i + 3));
            i += 2;
        }
        return removeDotSegments(decoded.toString()).replaceAll("/{2,}", "/");
    }

    /** RFC 3986 §5.2.4, step by step on the input buffer (an empty segment is a segment, as {@code ..} sees it). */
    static String removeDotSegments(String path) {
        String in = path;
        StringBuilder out = new StringBuilder();
        while (!in.isEmpty()) {
            if (in.startsWith("../")) {
                in = in.substring(3);
            } else if (in.startsWith("./")) {
                in = in.substring(2);
            } else if (in.startsWith("/./")) {
                in = in.substring(2);
            } else if (in.equals("/.")) {
                in = "/";
            } else if (in.startsWith("/../")) {
                in = in.substring(3);
                dropLastSegment(out);
            } else if (in.equals("/..")) {
                in = "/";
                dropLastSegment(out);
            } else if (in.equals(".") || in.equals("..")) {
                in = "";
            } else {
                int next = in.indexOf('/', in.startsWith("/") ? 1 : 0);
                String first = next < 0 ? in : in.substring(0, next);
                out.append(first);
                in = next < 0 ? "" : in.substring(next);
            }
        }
        return out.toString();
    }

    private static void dropLastSegment(StringBuilder out) {
        int slash = out.lastIndexOf("/");
        out.setLength(Math.max(slash, 0));
    }

    private static int hex(char c) {
        return Character.digit(c, 16);
    }
}

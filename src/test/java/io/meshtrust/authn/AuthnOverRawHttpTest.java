package io.meshtrust.authn;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.meshtrust.signingkeys.SigningKeyFamily;
import io.meshtrust.signingkeys.SigningKeyManager;
import io.meshtrust.store.OnVertx;
import io.meshtrust.testsupport.Golden;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 13, points 1 and 2, through the real server with hand-written HTTP/1.1 bytes on a socket from 127.0.0.1
 * (so the TCP peer is loopback): empty and blank forwarding lines, repeated {@code Host}/{@code Origin}/
 * {@code Sec-Fetch-Site} lines and non-{@code Bearer} credentials, which REST Assured cannot send, never reach the
 * admin-only {@code GET /global-secrets/admin-user-token} or {@code GET /global-secrets}; every spelling of
 * {@code Bearer} is validated.
 */
@QuarkusTest
class AuthnOverRawHttpTest {

    /** Admin-only whatever the store holds (the admin token itself may have been removed by another test). */
    static final String ADMIN_ONLY = "/global-secrets";

    static final String ADMIN_TOKEN = "/global-secrets/admin-user-token";
    static final String BODY_401 = "{\"type\":\"/std-errors\",\"status\":401,\"title\":\"Invalid authentication data\","
            + "\"detail\":\"Unauthenticated\",\"details\":\"Unauthenticated\"}";

    static final String BODY_400_HOSTS = "{\"type\":\"/std-errors\",\"status\":400,\"title\":\"Bad Request\","
            + "\"detail\":\"more than one Host header\",\"details\":\"more than one Host header\"}";

    @TestHTTPResource("/")
    URL base;

    @TestHTTPResource(value = "", management = true)
    URL management;

    @Inject
    SigningKeyManager keys;

    @Inject
    Vertx vertx;

    record Reply(int status, String body) {}

    private String host() {
        return "localhost:" + base.getPort();
    }

    /** Sends {@code GET path} with exactly these header lines ({@code "Name: value"}) and reads the whole reply. */
    Reply get(String path, List<String> lines) throws IOException {
        var request = new StringBuilder("GET " + path + " HTTP/1.1\r\n");
        for (String line : lines) {
            request.append(line).append("\r\n");
        }
        request.append("Connection: close\r\n\r\n");
        try (Socket socket = new Socket("127.0.0.1", base.getPort())) {
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = socket.getInputStream();
            var buffer = new ByteArrayOutputStream();
            in.transferTo(buffer);
            String reply = buffer.toString(StandardCharsets.UTF_8);
            Matcher status = Pattern.compile("^HTTP/1\\.1 (\\d{3})").matcher(reply);
            assertThat(status.find()).as("a status line in %s", reply).isTrue();
            int split = reply.indexOf("\r\n\r\n");
            return new Reply(Integer.parseInt(status.group(1)), split < 0 ? "" : reply.substring(split + 4));
        }
    }

    private List<String> withHost(String... lines) {
        var all = new ArrayList<String>();
        all.add("Host: " + host());
        all.addAll(List.of(lines));
        return all;
    }

    @Test
    void aCleanDirectRequestIsAdminOverTheSameSocket() throws IOException {
        assertThat(get(ADMIN_ONLY, withHost()).status()).isEqualTo(200);
        assertThat(get(ADMIN_ONLY, withHost("Origin: http://" + host(), "Sec-Fetch-Site: same-origin"))
                        .status())
                .isEqualTo(200);
    }

    /** The attack: an empty line sent by the client, then the line a local reverse proxy appends. */
    @ParameterizedTest
    @ValueSource(strings = {"X-Forwarded-For: 203.0.113.7", "Forwarded: for=203.0.113.7", "X-Real-IP: 203.0.113.7"})
    void anEmptyLineDoesNotHideTheProxysLine(String proxyLine) throws IOException {
        String name = proxyLine.substring(0, proxyLine.indexOf(':'));
        for (String path : new String[] {ADMIN_TOKEN, ADMIN_ONLY}) {
            Reply reply = get(path, withHost(name + ":", proxyLine));
            assertThat(reply.status()).as(path).isEqualTo(403);
            assertThat(reply.body()).contains("Access Denied").doesNotContain("\"data\"");
            assertThat(get(path, withHost(name + ":   ", proxyLine)).status())
                    .as(path)
                    .isEqualTo(403);
        }
    }

    static List<String> forwardingHeaders() {
        return LocalhostAdminPropertiesTest.HINTS.stream()
                .filter(h -> !h.equals("Authorization"))
                .toList();
    }

    @ParameterizedTest
    @MethodSource("forwardingHeaders")
    void everyForwardingHeaderRulesOutAdminWhateverItsValue(String name) throws IOException {
        for (String value : new String[] {"", " ", "\t \t", "127.0.0.1", "for=127.0.0.1"}) {
            assertThat(get(ADMIN_ONLY, withHost(name + ":" + value)).status())
                    .as("%s: [%s]", name, value)
                    .isEqualTo(403);
        }
    }

    @Test
    void repeatedOriginOrFetchSiteIsNotAdmin() throws IOException {
        String origin = "Origin: http://" + host();
        assertThat(get(ADMIN_ONLY, withHost(origin, origin)).status()).isEqualTo(403);
        assertThat(get(ADMIN_ONLY, withHost("Origin:", "Origin: https://evil.com"))
                        .status())
                .isEqualTo(403);
        assertThat(get(ADMIN_ONLY, withHost("Sec-Fetch-Site: same-origin", "Sec-Fetch-Site: same-origin"))
                        .status())
                .isEqualTo(403);
        assertThat(get(ADMIN_ONLY, withHost("Sec-Fetch-Site:", "Sec-Fetch-Site: cross-site"))
                        .status())
                .isEqualTo(403);
    }

    /** RFC 9112 §3.2: two Host lines are a 400, here with Kuma's error body, before anyone is authenticated. */
    @Test
    void twoHostLinesAre400WithKumasBody() throws IOException {
        for (List<String> lines : List.of(
                withHost("Host: " + host()), withHost("host: api.example.com"), List.of("Host:", "Host: " + host()))) {
            Reply reply = get(ADMIN_ONLY, lines);
            assertThat(reply.status()).as("%s", lines).isEqualTo(400);
            assertThat(Golden.parse(reply.body())).isEqualTo(Golden.parse(BODY_400_HOSTS));
        }
    }

    /** Random hint names in random casing with empty, blank or odd printable values, amid innocuous lines. */
    @Test
    void sampledHintsAmidNoiseAreNeverAdmin() throws IOException {
        Arbitrary<String> value = Arbitraries.oneOf(
                Arbitraries.of("", " ", "\t", "203.0.113.7", ", ,", "unknown"),
                Arbitraries.strings()
                        .withCharRange('!', '~')
                        .withChars(' ', '\t')
                        .ofMaxLength(10));
        Arbitrary<String> hint = Combinators.combine(
                        LocalhostAdminPropertiesTest.cased(Arbitraries.of(LocalhostAdminPropertiesTest.HINTS)), value)
                .as((n, v) -> n + ":" + v);
        Arbitrary<String> noise =
                Arbitraries.of("Accept: */*", "User-Agent: curl/8.5.0", "Accept-Encoding: gzip", "X-Request-Id: 1");
        Arbitrary<List<String>> requests = Combinators.combine(
                        hint.list().ofMinSize(1).ofMaxSize(3),
                        noise.list().ofMaxSize(3),
                        Arbitraries.integers().between(0, 10))
                .as((hints, extra, at) -> {
                    var lines = withHost(extra.toArray(String[]::new));
                    for (String h : hints) {
                        lines.add(at % (lines.size() + 1), h);
                    }
                    return lines;
                });
        for (List<String> lines : requests.sampleStream()
                .limit(Integer.getInteger("fuzz.tries", 200))
                .toList()) {
            assertThat(get(ADMIN_ONLY, lines).status()).as("%s", lines).isIn(401, 403);
        }
    }

    /** Point 2: a lower-case or otherwise spelled scheme is a presented token, so garbage is 401, never admin. */
    @ParameterizedTest
    @ValueSource(
            strings = {
                "bearer garbage",
                "BEARER garbage",
                "BeArEr garbage",
                "Bearer\tgarbage",
                "Bearer",
                "Bearer   ",
                "Basic YWRtaW46YWRtaW4=",
                "garbage",
                "Bearergarbage",
                "Token abc",
                ""
            })
    void aCredentialThatIsNotAValidBearerTokenIs401FromLocalhostAndElsewhere(String authorization) throws IOException {
        for (String host : new String[] {host(), "api.example.com"}) {
            Reply reply = get(ADMIN_ONLY, List.of("Host: " + host, "Authorization: " + authorization));
            assertThat(reply.status()).as("[%s] via %s", authorization, host).isEqualTo(401);
            assertThat(Golden.parse(reply.body())).isEqualTo(Golden.parse(BODY_401));
        }
        // Kuma's skips read no credential
        assertThat(get("/", withHost("Authorization: " + authorization)).status())
                .isEqualTo(200);
    }

    /**
     * Kuma's skips ({@code GET /}, {@code /gui}) are decided on the path the router serves: a request line that only
     * starts like {@code /gui} but resolves to an API path has its token read (401 for garbage), and one that resolves
     * to the page still skips it.
     */
    @ParameterizedTest
    @ValueSource(
            strings = {
                "/gui/../meshes",
                "/gui/%2e%2e/meshes",
                "/gui/%2E%2E/meshes",
                "/guix/../meshes",
                "/gui/./../meshes",
                "/./meshes",
                "/gui/../global-secrets"
            })
    void aPathThatOnlyLooksLikeTheGuiStillHasItsTokenRead(String path) throws IOException {
        Reply reply = get(path, List.of("Host: api.example.com", "Authorization: Bearer garbage"));
        assertThat(reply.status()).as(path).isEqualTo(401);
        assertThat(Golden.parse(reply.body())).isEqualTo(Golden.parse(BODY_401));
    }

    @Test
    void theGuiItselfStillSkipsTheToken() throws IOException {
        for (String path : new String[] {"/gui/", "/gui/./", "/meshes/../gui/"}) {
            Reply reply = get(path, List.of("Host: api.example.com", "Authorization: Bearer garbage"));
            assertThat(reply.status()).as(path).isEqualTo(200);
        }
    }

    @Test
    void everySpellingOfBearerWithAValidTokenIsItsUser() throws IOException {
        String token = userToken("raw-http@example.com");
        for (String scheme : new String[] {"Bearer ", "bearer ", "BEARER  ", "BeArEr\t"}) {
            Reply reply = get("/who-am-i", List.of("Host: api.example.com", "Authorization: " + scheme + token));
            assertThat(reply.status()).as(scheme).isEqualTo(200);
            assertThat(reply.body()).contains("\"raw-http@example.com\"");
        }
        // a valid user token from localhost is that user, not admin
        Reply local = get(ADMIN_ONLY, withHost("Authorization: bearer " + token));
        assertThat(local.status()).isEqualTo(403);
    }

    @Test
    void twoAuthorizationLinesAre401EvenWhenBothAreValid() throws IOException {
        String token = userToken("twice@example.com");
        String line = "Authorization: Bearer " + token;
        for (String host : new String[] {host(), "api.example.com"}) {
            Reply reply = get("/who-am-i", List.of("Host: " + host, line, line));
            assertThat(reply.status()).as(host).isEqualTo(401);
            assertThat(Golden.parse(reply.body())).isEqualTo(Golden.parse(BODY_401));
        }
    }

    /**
     * The user-token rejection count moves for a bearer token that fails (an empty one included), not for a
     * credential of another scheme, which is no token.
     */
    @Test
    void onlyBearerTokensCountAsRejectedUserTokens() throws IOException {
        double before = rejectedUserTokens();
        get("/who-am-i", List.of("Host: api.example.com", "Authorization: bearer garbage"));
        get("/who-am-i", List.of("Host: api.example.com", "Authorization: Bearer"));
        get("/who-am-i", List.of("Host: api.example.com", "Authorization: Basic YTpi"));
        get("/who-am-i", List.of("Host: api.example.com", "Authorization: Bearer x", "Authorization: Bearer y"));
        assertThat(rejectedUserTokens() - before).isEqualTo(2);
    }

    private double rejectedUserTokens() {
        String scrape = given().port(management.getPort())
                .get("/q/metrics")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        Matcher m = Pattern.compile(
                        "^meshtrust_token_validations_total\\{kind=\"user\",result=\"rejected\",?\\} (\\S+)$",
                        Pattern.MULTILINE)
                .matcher(scrape);
        assertThat(m.find()).isTrue();
        return Double.parseDouble(m.group(1));
    }

    private String userToken(String name) {
        OnVertx.await(vertx, Duration.ofSeconds(30), "key", () -> keys.ensureDefault(SigningKeyFamily.USER, ""));
        return given().header("Content-Type", "application/json")
                .body("{\"name\":\"" + name + "\",\"groups\":[\"team-a\"],\"validFor\":\"1h\"}")
                .post("/tokens/user")
                .then()
                .statusCode(200)
                .extract()
                .asString();
    }
}

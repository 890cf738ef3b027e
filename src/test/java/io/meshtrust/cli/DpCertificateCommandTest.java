package io.meshtrust.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code meshtrust dp certificate} as a command line: flags, help, {@code --once}, refusals and their exit codes. */
class DpCertificateCommandTest {

    @TempDir
    Path tmp;

    FakeDataplaneCa ca;
    Main.Context context;
    Path dir;
    Path tokenFile;

    @BeforeEach
    void fakeControlPlane() throws Exception {
        ca = new FakeDataplaneCa(InstantSource.system());
        context = Cli.controlPlane(tmp.resolve("config"), InstantSource.system(), ca.url());
        dir = tmp.resolve("a/b/certs");
        tokenFile = tmp.resolve("dp-token");
        Files.writeString(tokenFile, "the.dataplane.token\n");
    }

    @AfterEach
    void close() {
        ca.close();
    }

    Cli.Result dp(String... flags) {
        var args = new ArrayList<>(
                List.of("dp", "certificate", "--mesh", "default", "--name", "web-1", "--dir", dir.toString()));
        args.addAll(List.of(flags));
        return Cli.run(context, args.toArray(String[]::new));
    }

    @Test
    void onceWritesCertKeyAndCaThenExitsZero() throws Exception {
        var r = dp("--token-file", tokenFile.toString(), "--once");

        assertThat(r.err()).isEmpty();
        assertThat(r.exitCode()).isZero();
        assertThat(r.out())
                .matches("certificate 1001 for dataplane \"web-1\" written to " + dir
                        + " \\(notAfter .*, renewAfter .*\\)\n");
        var files = PairReader.read(dir);
        assertThat(PairReader.problem(files)).isNull();
        assertThat(files.keyPem()).startsWith("-----BEGIN EC PRIVATE KEY-----");
        assertThat(Files.getPosixFilePermissions(dir.resolve("key.pem")))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Files.getPosixFilePermissions(dir)).isEqualTo(PosixFilePermissions.fromString("rwx------"));
        assertThat(ca.requests).singleElement().satisfies(req -> {
            assertThat(req.authorization()).isEqualTo("Bearer the.dataplane.token");
            assertThat(req.path()).isEqualTo("/meshes/default/dataplanes/web-1/certificate");
        });
    }

    @Test
    void rsa2048KeysOnRequest() throws Exception {
        var r = dp("--token-file", tokenFile.toString(), "--once", "--key-type", "rsa2048");
        assertThat(r.exitCode()).isZero();
        var files = PairReader.read(dir);
        assertThat(files.keyPem()).startsWith("-----BEGIN RSA PRIVATE KEY-----");
        assertThat(PairReader.problem(files)).isNull();
    }

    @Test
    void withoutATokenFileTheControlPlanesOwnAuthIsUsed() throws Exception {
        Files.writeString(tmp.resolve("config"), """
                contexts:
                - name: test
                  controlPlane: test
                controlPlanes:
                - name: test
                  coordinates:
                    apiServer:
                      url: %s
                      authType: tokens
                      authConf:
                        token: admin.token.value
                currentContext: test
                """.formatted(ca.url()));
        assertThat(dp("--once").exitCode()).isZero();
        assertThat(ca.requests)
                .singleElement()
                .satisfies(req -> assertThat(req.authorization()).isEqualTo("Bearer admin.token.value"));
    }

    @Test
    void unauthorizedExitsOneWithOneLineAndLeavesTheFilesAlone() throws Exception {
        assertThat(dp("--token-file", tokenFile.toString(), "--once").exitCode())
                .isZero();
        var before = PairReader.read(dir);
        ca.status = 401;

        var r = dp("--token-file", tokenFile.toString()); // the agent, not --once: it must not retry a 401

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err())
                .isEqualTo(
                        "Error: failed to issue a certificate for dataplane \"web-1\": (401): Refused: status 401\n");
        assertThat(r.err()).doesNotContain("the.dataplane.token");
        assertThat(ca.requests).hasSize(2);
        assertThat(PairReader.read(dir)).isEqualTo(before);
    }

    @Test
    void forbiddenNotFoundAndBadRequestAreNotRetriedEither() {
        for (int status : new int[] {403, 404, 400}) {
            ca.status = status;
            var r = dp("--token-file", tokenFile.toString());
            assertThat(r.exitCode()).isEqualTo(1);
            assertThat(r.err())
                    .startsWith("Error: failed to issue a certificate for dataplane \"web-1\": (" + status + "): ");
            assertThat(r.err().lines()).hasSize(1);
        }
        assertThat(ca.requests).hasSize(3);
        assertThat(dir.resolve("cert.pem")).doesNotExist();
    }

    @Test
    void unreadableTokenFileIsAUserError() {
        var r = dp("--token-file", tmp.resolve("missing").toString(), "--once");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err())
                .startsWith(
                        "Error: failed to issue a certificate for dataplane \"web-1\": could not read the token file ");
        assertThat(ca.requests).isEmpty();
    }

    @Test
    void anInterruptWhileRetryingStopsTheAgentCleanly() throws Exception {
        ca.status = 503;
        var result = new AtomicReference<Cli.Result>();
        Thread agent = new Thread(() -> result.set(dp("--token-file", tokenFile.toString())));
        agent.start();
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> !ca.requests.isEmpty());
        agent.interrupt();
        agent.join(30_000);

        assertThat(agent.isAlive()).isFalse();
        assertThat(result.get().exitCode()).isZero();
        assertThat(result.get().out()).isEqualTo("dp certificate: stopped\n");
        // the interrupt may land in a sleep or in a request: each failed attempt logged before it is one line
        assertThat(result.get().err().lines())
                .allMatch(l -> l.matches("dp certificate: attempt \\d+ failed: \\(503\\): Refused: status 503; "
                        + "retrying in \\d+\\.\\ds"));
        try (var entries = Files.list(dir)) {
            assertThat(entries).isEmpty(); // nothing half-written
        }
    }

    @Test
    void everyRequestStatesTheAgentsVersionAndTheHeartbeatCarriesItInKumasShape() throws Exception {
        var result = new AtomicReference<Cli.Result>();
        Thread agent =
                new Thread(() -> result.set(dp("--token-file", tokenFile.toString(), "--check-interval", "50ms")));
        agent.start();
        try {
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> ca.heartbeatBodies.size() >= 2);
        } finally {
            agent.interrupt();
            agent.join(30_000);
        }
        assertThat(agent.isAlive()).isFalse();
        assertThat(result.get().exitCode()).isZero();
        // kumactl's form (pkg/version/version.go, UserAgent): component/version (os; arch; product)
        String product = "meshtrust-dp/" + BuildInfo.version();
        assertThat(ca.userAgents)
                .hasSizeGreaterThanOrEqualTo(3) // the certificate, then heartbeat and status per check
                .allSatisfy(ua -> assertThat(ua).startsWith(product + " (").endsWith("; meshtrust)"));
        assertThat(ca.heartbeatBodies)
                .allSatisfy(body -> assertThat(new ObjectMapper().readTree(body))
                        .isEqualTo(new ObjectMapper()
                                .readTree("{\"version\":{\"kumaDp\":{\"version\":\"" + product + "\"}}}")));
    }

    @Test
    void aUserAgentFromTheConfiguredHeadersIsLeftAlone() {
        var configured = new CliConfig.ApiServer();
        configured.url = ca.url();
        var header = new CliConfig.Header();
        header.key = "user-agent";
        header.value = "corp-proxy-client/7";
        configured.addHeaders = List.of(header);
        var checks = DpCertificateCommand.checker(configured, tokenFile, "default", "web-1");
        checks.check();
        assertThat(ca.userAgents).containsExactly("corp-proxy-client/7", "corp-proxy-client/7");
    }

    @Test
    void flagsAreCheckedLikeTheOtherCommands() {
        var r = Cli.run(context, "dp", "certificate", "--name", "web-1");
        assertThat(r).isEqualTo(new Cli.Result(1, "", "Error: required flag(s) \"dir\", \"mesh\" not set\n"));
        r = dp("--key-type", "dsa");
        assertThat(r)
                .isEqualTo(
                        new Cli.Result(
                                1,
                                "",
                                "Error: invalid argument \"dsa\" for \"--key-type\" flag: must be one of ecdsa-p256|rsa2048\n"));
        r = dp("--check-interval", "30");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).startsWith("Error: invalid argument \"30\" for \"--check-interval\" flag: ");
        r = dp("--check-interval", "-1s");
        assertThat(r)
                .isEqualTo(new Cli.Result(
                        1,
                        "",
                        "Error: invalid argument \"-1s\" for \"--check-interval\" flag: must not be negative\n"));
        assertThat(ca.requests).isEmpty();
    }

    @Test
    void helpListsTheFlagsAndTheRootListsDp() {
        var r = Cli.run(context, "dp", "certificate", "--help");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out())
                .contains(
                        "--mesh",
                        "--name",
                        "--dir",
                        "--token-file",
                        "--key-type",
                        "--once",
                        "--on-renew",
                        "--check-interval");
        assertThat(Cli.run(context, "--help").out()).containsPattern("(?m)^  dp +Data-plane tools\\.$");
        assertThat(Cli.run(context, "dp").out()).containsPattern("(?m)^  certificate +Keep a dataplane certificate");
    }

    @Test
    void aTokenFileReplacesOnlyTheAuthenticationOfTheControlPlane() {
        var configured = new CliConfig.ApiServer();
        configured.url = "https://cp.example:5682";
        configured.caCertFile = "/etc/cp/ca.pem";
        configured.clientCertFile = "/etc/cp/client.pem";
        configured.clientKeyFile = "/etc/cp/client.key";
        configured.skipVerify = false;
        var header = new CliConfig.Header();
        header.key = "X-Tenant";
        header.value = "blue";
        configured.addHeaders = List.of(header);
        configured.authType = Auth.TOKENS;
        configured.authConf = Map.of("token", "admin-token");

        var server = DpCertificateCommand.withToken(configured, "dp-token");
        assertThat(server.url).isEqualTo(configured.url);
        assertThat(server.caCertFile).isEqualTo("/etc/cp/ca.pem");
        assertThat(server.clientCertFile).isEqualTo("/etc/cp/client.pem");
        assertThat(server.clientKeyFile).isEqualTo("/etc/cp/client.key");
        assertThat(server.addHeaders).extracting(h -> h.key + "=" + h.value).containsExactly("X-Tenant=blue");
        assertThat(server.authConf).containsExactly(Map.entry("token", "dp-token"));
    }
}

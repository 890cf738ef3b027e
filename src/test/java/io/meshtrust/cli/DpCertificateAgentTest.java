package io.meshtrust.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code dp certificate} loop against a fake control plane over HTTP, with a sleeper that records what it was
 * asked to wait and acts in between (makes the server fail, recover, or stops the agent): nothing sleeps for real.
 */
class DpCertificateAgentTest {

    static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
    static final String TOKEN = "dp.token.secret";

    @TempDir
    Path tmp;

    FakeDataplaneCa ca;
    Path dir;
    Path tokenFile;
    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();
    final List<Duration> sleeps = new ArrayList<>();

    @BeforeEach
    void fakeControlPlane() throws Exception {
        ca = new FakeDataplaneCa(InstantSource.fixed(NOW));
        dir = tmp.resolve("certs");
        tokenFile = tmp.resolve("token");
        Files.writeString(tokenFile, TOKEN + "\n");
    }

    @AfterEach
    void close() {
        ca.close();
    }

    /** A sleeper that records each wait, then runs the step for it; no step left: stops the agent. */
    interface Step {
        void run(int index) throws Exception;
    }

    DataplaneCertificateAgent agent(boolean once, RenewHook hook, Step... steps) {
        return agent(once, hook, Duration.ZERO, InstantSource.fixed(NOW), steps);
    }

    /** A clock the sleeper moves forward by each wait before it runs the step. */
    static final class StepClock implements InstantSource {
        volatile Instant now = NOW;

        @Override
        public Instant instant() {
            return now;
        }
    }

    DataplaneCertificateAgent agent(
            boolean once, RenewHook hook, Duration checkInterval, InstantSource clock, Step... steps) {
        var server = new CliConfig.ApiServer();
        server.url = ca.url();
        var requester = DpCertificateCommand.requester(server, tokenFile, "default", "web-1");
        var checker = DpCertificateCommand.checker(server, tokenFile, "default", "web-1");
        DataplaneCertificateAgent.Sleeper sleeper = d -> {
            sleeps.add(d);
            if (clock instanceof StepClock stepping) {
                stepping.now = stepping.now.plus(d);
            }
            int i = sleeps.size() - 1;
            if (i >= steps.length) {
                throw new InterruptedException("test over");
            }
            try {
                steps[i].run(i);
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        };
        return new DataplaneCertificateAgent(
                "web-1",
                DataplaneCsr.ECDSA_P256,
                requester,
                new CertificateDirectory(dir),
                hook,
                once,
                clock,
                sleeper,
                new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(1), 0.2, new Random(7)),
                checker,
                checkInterval,
                new PrintWriter(out, true),
                new PrintWriter(err, true));
    }

    static String status(boolean due, Instant renewAfter) {
        return "{\"renewalDue\":" + due + ",\"renewAfter\":\"" + renewAfter + "\",\"reasons\":["
                + (due ? "\"the mesh's mtls settings changed since issuance\"" : "") + "]}";
    }

    @Test
    void aCheckThatSaysDueRenewsAtOnceLongBeforeRenewAfter() throws Exception {
        var clock = new StepClock();
        var first = new PairReader.Snapshot[1];
        int code = agent(
                        false,
                        null,
                        Duration.ofSeconds(30),
                        clock,
                        i -> { // first check: not due
                            first[0] = PairReader.read(dir);
                            ca.checkBody = status(false, NOW.plus(Duration.ofMinutes(48)));
                        },
                        i -> ca.checkBody = status(true, NOW.plus(Duration.ofSeconds(45))))
                .run();

        assertThat(code).isZero();
        // 48 minutes to renewAfter, but the second check said due, renewAfter passed: renewed after 60 s, then waiting
        // again
        assertThat(sleeps).containsExactly(Duration.ofSeconds(30), Duration.ofSeconds(30), Duration.ofSeconds(30));
        assertThat(ca.requests).hasSize(2);
        assertThat(ca.requests.get(0).publicKey())
                .isNotEqualTo(ca.requests.get(1).publicKey());
        assertThat(PairReader.read(dir).certificatePem()).isNotEqualTo(first[0].certificatePem());
        assertThat(PairReader.problem(PairReader.read(dir))).isNull();
        // each check: the heartbeat (Online), then the status; the third wait ended the test before its check
        assertThat(ca.checks)
                .containsExactly(
                        "POST /meshes/default/dataplanes/web-1/heartbeat",
                        "GET /meshes/default/dataplanes/web-1/certificate",
                        "POST /meshes/default/dataplanes/web-1/heartbeat",
                        "GET /meshes/default/dataplanes/web-1/certificate");
        assertThat(out.toString())
                .contains("dp certificate: renewal due (the mesh's mtls settings changed since issuance)");
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void dueWithARenewAfterStillAheadIsTheSpreadAndIsSleptTo() throws Exception {
        var clock = new StepClock();
        int code = agent(
                        false,
                        null,
                        Duration.ofSeconds(30),
                        clock,
                        // the mesh's mTLS changed: due, at this dataplane's slot of the spread window
                        i -> ca.checkBody = status(true, NOW.plus(Duration.ofSeconds(40))),
                        i -> {})
                .run();

        assertThat(code).isZero();
        assertThat(sleeps).containsExactly(Duration.ofSeconds(30), Duration.ofSeconds(10), Duration.ofSeconds(30));
        assertThat(ca.requests).hasSize(2);
        assertThat(out.toString())
                .contains("dp certificate: renewAfter moved to " + NOW.plus(Duration.ofSeconds(40)))
                .doesNotContain("renewal due");
    }

    @Test
    void aRenewAfterBroughtForwardIsSleptToNotAtOnce() throws Exception {
        var clock = new StepClock();
        int code = agent(
                        false,
                        null,
                        Duration.ofSeconds(30),
                        clock,
                        i -> ca.checkBody = status(false, NOW.plus(Duration.ofSeconds(75))),
                        i -> {},
                        i -> {})
                .run();

        assertThat(code).isZero();
        // at 30 s renewAfter moved from 48 min to 75 s: another check at 60 s, then the last 15 s, the renewal, and
        // the wait for the next certificate's renewAfter
        assertThat(sleeps)
                .containsExactly(
                        Duration.ofSeconds(30), Duration.ofSeconds(30), Duration.ofSeconds(15), Duration.ofSeconds(30));
        assertThat(ca.requests).hasSize(2);
        assertThat(out.toString()).contains("dp certificate: renewAfter moved to " + NOW.plus(Duration.ofSeconds(75)));
    }

    @Test
    void aLaterRenewAfterInACheckDoesNotPostponeTheRenewal() throws Exception {
        var clock = new StepClock();
        ca.renewIn = Duration.ofSeconds(50);
        agent(
                        false,
                        null,
                        Duration.ofSeconds(30),
                        clock,
                        i -> ca.checkBody = status(false, NOW.plus(Duration.ofHours(2))),
                        i -> {})
                .run();
        // 30 s, the check (ignored: later), the remaining 20 s, the renewal; then the test ends in the next wait (the
        // fake's clock stands still, so the new renewAfter is already past: the least wait)
        assertThat(sleeps)
                .containsExactly(Duration.ofSeconds(30), Duration.ofSeconds(20), DataplaneCertificateAgent.MIN_WAIT);
        assertThat(ca.requests).hasSize(2);
    }

    @Test
    void failedChecksKeepTheWaitWithOneLineEach() throws Exception {
        var clock = new StepClock();
        var before = new PairReader.Snapshot[1];
        int code = agent(
                        false,
                        null,
                        Duration.ofSeconds(30),
                        clock,
                        i -> {
                            before[0] = PairReader.read(dir);
                            ca.checkStatus = 503;
                        },
                        i -> {
                            ca.checkStatus = 200;
                            ca.checkBody = "not json";
                        },
                        i -> ca.stop(),
                        i -> {
                            ca.start();
                            ca.checkBody = status(false, NOW.plus(Duration.ofMinutes(48)));
                        })
                .run();

        assertThat(code).isZero();
        assertThat(sleeps).hasSize(5).allMatch(d -> d.equals(Duration.ofSeconds(30)));
        assertThat(ca.requests).hasSize(1);
        assertThat(PairReader.read(dir)).isEqualTo(before[0]);
        var lines = err.toString().lines().toList();
        String renewAt = "; renewing at " + NOW.plus(Duration.ofMinutes(48));
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).isEqualTo("dp certificate: check failed: (503): Refused: status 503" + renewAt);
        assertThat(lines.get(1)).startsWith("dp certificate: check failed: unusable answer from the control plane: ");
        assertThat(lines.get(2))
                .startsWith("dp certificate: check failed: could not connect to API ")
                .endsWith(renewAt);
        assertThat(err.toString()).doesNotContain(TOKEN);
        assertThat(out.toString()).endsWith("dp certificate: stopped\n");
    }

    @Test
    void aRefusedCheckEndsTheAgentLikeARefusedIssuance() throws Exception {
        var clock = new StepClock();
        var before = new PairReader.Snapshot[1];
        var e = Assertions.assertThrows(
                CliException.class,
                () -> agent(false, null, Duration.ofSeconds(30), clock, i -> {
                            before[0] = PairReader.read(dir);
                            ca.checkStatus = 404;
                        })
                        .run());
        assertThat(e.exitCode()).isEqualTo(1);
        assertThat(e.getMessage())
                .isEqualTo("failed to check the certificate of dataplane \"web-1\": (404): Refused: status 404");
        assertThat(ca.checks).hasSize(1); // the heartbeat was refused; no status read after it
        assertThat(PairReader.read(dir)).isEqualTo(before[0]);
    }

    @Test
    void aZeroIntervalNeverChecks() throws Exception {
        agent(false, null, Duration.ZERO, new StepClock()).run();
        assertThat(sleeps).containsExactly(Duration.ofMinutes(48));
        assertThat(ca.checks).isEmpty();
    }

    @Test
    void aRetryAfterLongerThanTheBackoffIsHonoured() throws Exception {
        // a control plane whose CA is backing off answers 503 with Retry-After; asking earlier would only get 503
        int code = agent(
                        false,
                        null,
                        i -> {
                            ca.status = 503;
                            ca.retryAfter = "120";
                        },
                        i -> {
                            ca.retryAfter = "0"; // shorter than the backoff: the backoff wins
                        },
                        i -> {
                            ca.status = 200;
                        })
                .run();

        assertThat(code).isZero();
        assertThat(sleeps.get(1)).isEqualTo(Duration.ofSeconds(120));
        assertThat(sleeps.get(2)).isBetween(Duration.ofMillis(1600), Duration.ofMillis(2400));
        assertThat(err.toString().lines().findFirst().orElseThrow()).endsWith("retrying in 120.0s");
    }

    @Test
    void keepsTheFilesWhileTheServerIsUnreachableOrFailingThenRecovers() throws Exception {
        var before = new PairReader.Snapshot[1];
        Step unchanged = i -> assertThat(PairReader.read(dir)).isEqualTo(before[0]);
        int code = agent(
                        false,
                        null,
                        i -> { // waiting for renewAfter after the first certificate
                            before[0] = PairReader.read(dir);
                            ca.stop();
                        },
                        unchanged, // connection refused
                        i -> {
                            unchanged.run(i);
                            ca.start();
                            ca.status = 503;
                        },
                        i -> { // 503
                            unchanged.run(i);
                            ca.status = 200;
                        })
                .run();

        assertThat(code).isZero();
        assertThat(sleeps.get(0)).isEqualTo(Duration.ofMinutes(48)); // renewAfter of the fake: now + 48 min
        // attempts 1..3 of the renewal: 1 s, 2 s, 4 s, each ±20 %
        assertThat(sleeps.get(1)).isBetween(Duration.ofMillis(800), Duration.ofMillis(1200));
        assertThat(sleeps.get(2)).isBetween(Duration.ofMillis(1600), Duration.ofMillis(2400));
        assertThat(sleeps.get(3)).isBetween(Duration.ofMillis(3200), Duration.ofMillis(4800));
        assertThat(sleeps).hasSize(5); // then renewAfter again, where the test stops the agent
        var lines = err.toString().lines().toList();
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).startsWith("dp certificate: attempt 1 failed: could not connect to API ");
        assertThat(lines.get(1)).startsWith("dp certificate: attempt 2 failed: could not connect to API ");
        assertThat(lines.get(2))
                .startsWith("dp certificate: attempt 3 failed: (503): Refused: status 503; retrying in ");
        assertThat(err.toString() + out).doesNotContain(TOKEN).doesNotContain("PRIVATE KEY");

        var after = PairReader.read(dir);
        assertThat(PairReader.problem(after)).isNull();
        assertThat(after.certificatePem()).isNotEqualTo(before[0].certificatePem());
        assertThat(after.keyPem()).isNotEqualTo(before[0].keyPem());
        assertThat(out.toString()).contains("dp certificate: stopped");
    }

    @Test
    void renewsAtRenewAfterWithANewKeyEveryTime() throws Exception {
        ca.renewIn = Duration.ofSeconds(90);
        var keys = new ArrayList<String>();
        Step record = i -> keys.add(PairReader.read(dir).keyPem());
        assertThat(agent(false, null, record, record).run()).isZero();

        keys.add(PairReader.read(dir).keyPem());
        assertThat(sleeps).containsExactly(Duration.ofSeconds(90), Duration.ofSeconds(90), Duration.ofSeconds(90));
        assertThat(ca.requests).hasSize(3);
        assertThat(ca.requests.stream().map(FakeDataplaneCa.Request::publicKey).distinct())
                .hasSize(3);
        assertThat(keys).doesNotHaveDuplicates();
        assertThat(ca.requests).allSatisfy(r -> {
            assertThat(r.path()).isEqualTo("/meshes/default/dataplanes/web-1/certificate");
            assertThat(r.authorization()).isEqualTo("Bearer " + TOKEN);
        });
        assertThat(out.toString().lines().filter(l -> l.startsWith("certificate ")))
                .hasSize(3);
    }

    @Test
    void aRenewAfterInThePastWaitsAtLeastOneSecond() throws Exception {
        ca.renewIn = Duration.ofSeconds(-30);
        assertThat(agent(false, null).run()).isZero();
        assertThat(sleeps).containsExactly(DataplaneCertificateAgent.MIN_WAIT);
    }

    @Test
    void unauthorizedStopsTheAgentWithoutRetryingOrTouchingTheFiles() throws Exception {
        assertThat(agent(true, null).run()).isZero();
        var before = PairReader.read(dir);
        ca.status = 401;
        var e = Assertions.assertThrows(
                CliException.class, () -> agent(false, null).run());
        assertThat(e.exitCode()).isEqualTo(1);
        assertThat(e.getMessage())
                .isEqualTo("failed to issue a certificate for dataplane \"web-1\": (401): Refused: status 401");
        assertThat(sleeps).isEmpty();
        assertThat(PairReader.read(dir)).isEqualTo(before);
    }

    @Test
    void aFailingOnRenewCommandIsReportedAndTheAgentGoesOn() throws Exception {
        Path log = tmp.resolve("hook.log");
        var hook = new RenewHook(
                "echo \"$MESHTRUST_CERT_SERIAL $MESHTRUST_KEY_FILE\" >> '" + log + "'; echo reloading; exit 3",
                new CertificateDirectory(dir),
                new PrintWriter(err, true),
                Duration.ofSeconds(30));
        assertThat(agent(false, hook, i -> {}).run()).isZero();

        assertThat(ca.requests).hasSize(2);
        assertThat(Files.readAllLines(log))
                .containsExactly("1001 " + dir.resolve("key.pem"), "1002 " + dir.resolve("key.pem"));
        assertThat(err.toString().lines().filter(l -> l.equals("on-renew: reloading")))
                .hasSize(2);
        assertThat(err.toString()
                        .lines()
                        .filter(l -> l.equals(
                                "dp certificate: the --on-renew command failed with exit code 3; the agent goes on")))
                .hasSize(2);
    }

    @Test
    void onceWritesTheThreeFilesWithTheirModesAndStops() throws Exception {
        assertThat(agent(true, null).run()).isZero();

        assertThat(sleeps).isEmpty();
        assertThat(Files.getPosixFilePermissions(dir)).isEqualTo(PosixFilePermissions.fromString("rwx------"));
        assertThat(Files.getPosixFilePermissions(dir.resolve("key.pem")))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
        var files = PairReader.read(dir);
        assertThat(PairReader.problem(files)).isNull();
        assertThat(files.caPem()).isEqualTo(ca.caPem());
    }

    @Test
    void oldVersionsArePrunedButThePreviousOneIsKept() throws Exception {
        var writes = new AtomicInteger();
        Step count = i -> writes.incrementAndGet();
        agent(false, null, count, count, count).run();
        try (var entries = Files.list(dir)) {
            var versions = entries.filter(p -> p.getFileName().toString().startsWith("..")
                            && !p.getFileName().toString().equals("..data"))
                    .toList();
            assertThat(versions).hasSize(2);
        }
        assertThat(Files.isSymbolicLink(dir.resolve("cert.pem"))).isTrue();
    }

    @Test
    void plainFilesLeftByAnotherToolAreReplacedByTheLinks() throws Exception {
        Files.createDirectories(dir);
        for (String name : List.of("cert.pem", "key.pem", "ca.pem")) {
            Files.writeString(dir.resolve(name), "stale " + name);
        }
        assertThat(agent(true, null).run()).isZero();
        for (String name : List.of("cert.pem", "key.pem", "ca.pem")) {
            assertThat(Files.readSymbolicLink(dir.resolve(name))).isEqualTo(Path.of("..data", name));
        }
        assertThat(PairReader.problem(PairReader.read(dir))).isNull();
    }

    @Test
    void aCertificateForAnotherKeyIsNeverWrittenAndIsRetried() throws Exception {
        ca.wrongKey = true;
        assertThat(agent(true, null, i -> {
                            assertThat(dir.resolve("cert.pem")).doesNotExist();
                            ca.wrongKey = false;
                        })
                        .run())
                .isZero();

        assertThat(ca.requests).hasSize(2);
        assertThat(err.toString())
                .startsWith(
                        "dp certificate: attempt 1 failed: the control plane answered a certificate for another key; retrying in ");
        assertThat(PairReader.problem(PairReader.read(dir))).isNull();
    }

    @Test
    void backoffDoublesFromOneSecondToTheCapWithTwentyPercentJitter() {
        var backoff = Backoff.standard();
        var seen = new HashSet<Duration>();
        for (int attempt = 1; attempt <= 12; attempt++) {
            long base = Math.min(1000L << (attempt - 1), 60_000);
            for (int i = 0; i < 20; i++) {
                Duration d = backoff.delay(attempt);
                assertThat(d.toMillis()).isBetween(Math.round(base * 0.8), Math.round(base * 1.2));
                seen.add(d);
            }
        }
        assertThat(seen.size()).isGreaterThan(100); // jittered, not a fixed schedule
    }
}

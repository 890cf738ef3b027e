package io.meshtrust.certificates;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshtrust.certificates.CertGenerationLimiter.Backend;
import io.meshtrust.certificates.CertGenerationLimiter.Proxy;
import io.meshtrust.testsupport.SettableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The certificate-generation limiter (docs/kuma-ca-insights.md §5.3). The first five cases are Kuma's
 * {@code pkg/core/xds/issuer/limiter_test.go} (§11.9 #59-#63) with Kuma's parameters: constant backoff 5 s, MinProxies
 * 3, Window 1 min, Cooldown 30 s, a fixed clock; the gauge is read from a registry as Kuma reads its Prometheus one.
 */
class CertGenerationLimiterTest {

    static final Duration BACKOFF = Duration.ofSeconds(5);
    static final Backend BACKEND = new Backend("default", "ca-1");

    final SettableClock clock = new SettableClock(Instant.parse("2026-11-23T12:00:00Z"));
    SimpleMeterRegistry registry;
    CertGenerationLimiter limiter;

    @BeforeEach
    void kumasLimiter() {
        limiter = new CertGenerationLimiter(
                new CertGenerationLimiter.Settings(
                        CertGenerationLimiter.constant(BACKOFF), 3, Duration.ofMinutes(1), Duration.ofSeconds(30)),
                clock);
        registry = new SimpleMeterRegistry();
        CertGenerationLimits.registerGauges(limiter, registry);
    }

    @AfterEach
    void closeRegistry() {
        registry.close();
    }

    static Proxy proxy(int i) {
        return new Proxy("default", "dp-" + i);
    }

    double openGauge() {
        return registry.get("cert_generation_circuit_open").gauge().value();
    }

    double backoffGauge() {
        return registry.get("cert_generation_backoff").gauge().value();
    }

    void fail(int i) {
        assertThat(limiter.allow(BACKEND, proxy(i)).allowed()).isTrue();
        limiter.record(BACKEND, proxy(i), false);
    }

    // ---- Kuma's cases (#59-#63)

    @Test
    void backsOffSingleProxyWithoutEverOpeningTheBackendCircuit() {
        fail(1);
        for (int i = 0; i < 100; i++) {
            var verdict = limiter.allow(BACKEND, proxy(1));
            assertThat(verdict.allowed()).isFalse();
            assertThat(verdict.retryAfter()).isPositive();
        }
        assertThat(openGauge()).isZero();
        assertThat(backoffGauge()).isEqualTo(1.0);

        clock.advance(BACKOFF.plusSeconds(1));
        assertThat(limiter.allow(BACKEND, proxy(1)).allowed()).isTrue();
        assertThat(backoffGauge()).isZero();
    }

    @Test
    void opensBackendCircuitOnceEnoughDistinctProxiesFail() {
        for (int i = 0; i < 3; i++) {
            fail(i);
        }
        var verdict = limiter.allow(BACKEND, proxy(999));
        assertThat(verdict.allowed()).isFalse();
        assertThat(verdict.retryAfter()).isPositive();
        assertThat(openGauge()).isEqualTo(1.0);
    }

    @Test
    void halfOpensAfterCooldownAndClosesOnSuccessfulProbe() {
        for (int i = 0; i < 3; i++) {
            fail(i);
        }
        assertThat(openGauge()).isEqualTo(1.0);

        clock.advance(Duration.ofSeconds(10));
        assertThat(limiter.allow(BACKEND, proxy(0)).allowed()).isFalse();

        clock.advance(Duration.ofSeconds(30));
        assertThat(limiter.allow(BACKEND, proxy(0)).allowed()).as("the probe").isTrue();
        assertThat(limiter.allow(BACKEND, proxy(1)).allowed())
                .as("a second caller while probing")
                .isFalse();

        limiter.record(BACKEND, proxy(0), true);
        assertThat(openGauge()).isZero();
        assertThat(limiter.allow(BACKEND, proxy(1)).allowed()).isTrue();
    }

    @Test
    void reopensWhenHalfOpenProbeFails() {
        for (int i = 0; i < 3; i++) {
            fail(i);
        }
        clock.advance(Duration.ofSeconds(31));

        assertThat(limiter.allow(BACKEND, proxy(0)).allowed()).as("the probe").isTrue();
        limiter.record(BACKEND, proxy(0), false);
        assertThat(openGauge()).isEqualTo(1.0);

        clock.advance(Duration.ofSeconds(10));
        assertThat(limiter.allow(BACKEND, proxy(0)).allowed()).isFalse();
    }

    @Test
    void forgetClearsProxysBackoff() {
        fail(1);
        assertThat(limiter.allow(BACKEND, proxy(1)).allowed()).isFalse();

        limiter.forget(proxy(1));

        assertThat(limiter.allow(BACKEND, proxy(1)).allowed()).isTrue();
    }

    @Test
    void unlimitedLimiterNeverBlocks() {
        var unlimited = CertGenerationLimiter.unlimited();
        for (int i = 0; i < 20; i++) {
            assertThat(unlimited.allow(BACKEND, proxy(i % 2)).allowed()).isTrue();
            unlimited.record(BACKEND, proxy(i % 2), false);
        }
        assertThat(unlimited.allow(BACKEND, proxy(0)))
                .isEqualTo(new CertGenerationLimiter.Verdict(true, Duration.ZERO));
        assertThat(unlimited.openCircuits()).isZero();
    }

    // ---- the rest of §5.3

    @Test
    void retryAfterIsTheTimeLeftOfTheBackoff() {
        fail(1);
        clock.advance(Duration.ofMillis(1500));
        assertThat(limiter.allow(BACKEND, proxy(1)).retryAfter()).isEqualTo(Duration.ofMillis(3500));
    }

    @Test
    void successForgetsTheProxy() {
        fail(1);
        clock.advance(BACKOFF);
        assertThat(limiter.allow(BACKEND, proxy(1)).allowed()).isTrue();
        limiter.record(BACKEND, proxy(1), true);
        assertThat(limiter.trackedProxies()).isZero();
        assertThat(limiter.allow(BACKEND, proxy(1)).allowed()).isTrue();
    }

    @Test
    void failuresOutsideTheWindowDoNotCountTowardTheTrip() {
        fail(0);
        fail(1);
        clock.advance(Duration.ofSeconds(61));
        fail(2);
        assertThat(openGauge()).isZero();
        assertThat(limiter.allow(BACKEND, proxy(3)).allowed()).isTrue();
        assertThat(limiter.trackedProxies()).as("stale failures pruned").isEqualTo(1);
    }

    @Test
    void oneProxyFailingRepeatedlyNeverOpensTheCircuit() {
        for (int i = 0; i < 10; i++) {
            fail(1);
            clock.advance(BACKOFF);
        }
        assertThat(openGauge()).isZero();
    }

    @Test
    void circuitIsPerBackend() {
        for (int i = 0; i < 3; i++) {
            fail(i);
        }
        assertThat(limiter.allow(new Backend("default", "ca-2"), proxy(0)).allowed())
                .isTrue();
        assertThat(limiter.allow(new Backend("other", "ca-1"), proxy(0)).allowed())
                .isTrue();
    }

    @Test
    void zeroMinProxiesDisablesTheBreakerButKeepsTheBackoff() {
        limiter = new CertGenerationLimiter(
                new CertGenerationLimiter.Settings(
                        CertGenerationLimiter.constant(BACKOFF), 0, Duration.ofMinutes(1), Duration.ofSeconds(30)),
                clock);
        for (int i = 0; i < 50; i++) {
            fail(i);
        }
        assertThat(limiter.openCircuits()).isZero();
        assertThat(limiter.allow(BACKEND, proxy(999)).allowed()).isTrue();
        assertThat(limiter.allow(BACKEND, proxy(0)).allowed()).isFalse();
    }

    @Test
    void probeDeadlineLetsAnotherCallerProbeWhenTheFirstNeverReports() {
        for (int i = 0; i < 3; i++) {
            fail(i);
        }
        clock.advance(Duration.ofSeconds(30));
        assertThat(limiter.allow(BACKEND, proxy(0)).allowed()).isTrue();
        clock.advance(Duration.ofSeconds(29));
        var blocked = limiter.allow(BACKEND, proxy(1));
        assertThat(blocked.allowed()).isFalse();
        assertThat(blocked.retryAfter()).isEqualTo(Duration.ofSeconds(1));
        clock.advance(Duration.ofSeconds(1));
        assertThat(limiter.allow(BACKEND, proxy(1)).allowed()).isTrue();
    }

    @Test
    void releasedProbeLetsTheNextCallerProbe() {
        for (int i = 0; i < 3; i++) {
            fail(i);
        }
        clock.advance(Duration.ofSeconds(30));
        assertThat(limiter.allow(BACKEND, proxy(0)).allowed()).isTrue();
        limiter.release(BACKEND);
        assertThat(limiter.allow(BACKEND, proxy(1)).allowed()).isTrue();
        assertThat(limiter.allow(BACKEND, proxy(2)).allowed()).isFalse();
    }

    @Test
    void openCircuitSurvivesForget() {
        for (int i = 0; i < 3; i++) {
            fail(i);
        }
        for (int i = 0; i < 3; i++) {
            limiter.forget(proxy(i));
        }
        assertThat(limiter.allow(BACKEND, proxy(0)).allowed()).isFalse();
    }

    @Test
    void forgetsProxiesOfBackendsThatNeverFailAgain() {
        limiter = new CertGenerationLimiter(
                new CertGenerationLimiter.Settings(
                        CertGenerationLimiter.constant(BACKOFF), 0, Duration.ofMinutes(1), Duration.ofSeconds(30)),
                clock);
        for (int i = 0; i < 100; i++) {
            fail(i);
        }
        assertThat(limiter.trackedProxies()).isEqualTo(100);
        clock.advance(Duration.ofMinutes(2));
        limiter.allow(new Backend("other", "ca-1"), proxy(0));
        assertThat(limiter.trackedProxies()).isZero();
    }

    // ---- Kuma's backoff (CertBackoff: exponential from base, capped, ± base jitter)

    @Test
    void backoffDoublesFromBaseUpToTheCapWithoutJitter() {
        var backoff = CertGenerationLimiter.exponential(Duration.ofSeconds(5), Duration.ofMinutes(1), () -> 0.5)
                .get();
        List<Duration> delays = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            delays.add(backoff.next());
        }
        assertThat(delays)
                .containsExactly(
                        Duration.ofSeconds(5),
                        Duration.ofSeconds(10),
                        Duration.ofSeconds(20),
                        Duration.ofSeconds(40),
                        Duration.ofMinutes(1),
                        Duration.ofMinutes(1));
    }

    @Test
    void backoffJitterIsPlusOrMinusBaseAndNeverNegative() {
        var lowest = CertGenerationLimiter.exponential(Duration.ofSeconds(5), Duration.ofMinutes(5), () -> 0.0)
                .get();
        assertThat(lowest.next()).as("5s - 5s").isZero();
        assertThat(lowest.next()).as("10s - 5s").isEqualTo(Duration.ofSeconds(5));
        var highest = CertGenerationLimiter.exponential(
                        Duration.ofSeconds(5), Duration.ofSeconds(10), () -> Math.nextDown(1.0))
                .get();
        assertThat(highest.next()).isLessThan(Duration.ofSeconds(10)).isGreaterThan(Duration.ofMillis(9999));
        highest.next();
        assertThat(highest.next())
                .as("capped at 10s, then jitter")
                .isLessThan(Duration.ofSeconds(15))
                .isGreaterThan(Duration.ofSeconds(14));
    }

    @Test
    void nonPositiveBaseBackoffIsOneSecond() {
        var backoff = CertGenerationLimiter.exponential(Duration.ZERO, Duration.ofMinutes(5), () -> 0.5)
                .get();
        assertThat(backoff.next()).isEqualTo(Duration.ofSeconds(1));
        assertThat(backoff.next()).isEqualTo(Duration.ofSeconds(2));
        var negative = CertGenerationLimiter.exponential(Duration.ofSeconds(-3), Duration.ZERO, () -> 0.5)
                .get();
        assertThat(negative.next()).as("max below base is the base").isEqualTo(Duration.ofSeconds(1));
        assertThat(negative.next()).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void backoffDoesNotOverflowAfterManyFailures() {
        var backoff = CertGenerationLimiter.exponential(Duration.ofSeconds(5), Duration.ofMinutes(5), () -> 0.5)
                .get();
        for (int i = 0; i < 200; i++) {
            assertThat(backoff.next()).isEqualTo(i < 6 ? Duration.ofSeconds(5L << i) : Duration.ofMinutes(5));
        }
    }

    @Test
    void kumasDefaultsWindowIsTwiceAndCooldownOnceTheMaxBackoff() {
        limiter = CertGenerationLimiter.of(Duration.ofSeconds(5), Duration.ofMinutes(5), 2, clock, () -> 0.5);
        fail(0);
        clock.advance(Duration.ofMinutes(10));
        fail(1);
        assertThat(limiter.openCircuits())
                .as("10 min apart: both within the window")
                .isEqualTo(1);
        clock.advance(Duration.ofMinutes(5).minusNanos(1));
        assertThat(limiter.allow(BACKEND, proxy(5)).allowed()).isFalse();
        clock.advance(Duration.ofNanos(1));
        assertThat(limiter.allow(BACKEND, proxy(5)).allowed())
                .as("cooldown over: the probe")
                .isTrue();
    }

    // ---- concurrency

    @Test
    void exactlyOneConcurrentCallerGetsTheHalfOpenProbe() throws Exception {
        for (int i = 0; i < 3; i++) {
            fail(i);
        }
        clock.advance(Duration.ofSeconds(30));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            var start = new CountDownLatch(1);
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                int n = i;
                results.add(pool.submit(() -> {
                    start.await();
                    return limiter.allow(BACKEND, proxy(n)).allowed();
                }));
            }
            start.countDown();
            int allowed = 0;
            for (var result : results) {
                allowed += result.get(10, TimeUnit.SECONDS) ? 1 : 0;
            }
            assertThat(allowed).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }
}

package io.meshtrust.certificates;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;

/**
 * Throttles certificate issuance after CA failures (docs/kuma-ca-insights.md §5.3; Kuma's
 * {@code pkg/core/xds/issuer/limiter.go}): a per-proxy exponential backoff for isolated failures and, on top of it, a
 * per-backend circuit breaker that trips only when failures span {@code minProxies} distinct proxies, so one proxy
 * retrying can never block a whole backend.
 *
 * <p>State is in memory, per replica (reset on restart, as in Kuma). Every method is thread-safe: callers are event
 * loops and crypto workers; the critical sections are short and never block. Memory stays bounded: a proxy is
 * forgotten on success, and failures older than the window are pruned.
 */
public final class CertGenerationLimiter {

    /** Kuma's fallback when the cooldown is not positive. */
    static final Duration DEFAULT_COOLDOWN = Duration.ofMinutes(1);

    /** A CA backend: the breaker's key (Kuma's Mesh KRI with the enabled backend as section). */
    public record Backend(String mesh, String name) {}

    /** A proxy: the backoff's key. */
    public record Proxy(String mesh, String name) {}

    /** Whether an attempt may proceed now; when not, how long to wait. */
    public record Verdict(boolean allowed, Duration retryAfter) {
        static final Verdict ALLOW = new Verdict(true, Duration.ZERO);

        static Verdict blockedFor(Duration retryAfter) {
            return new Verdict(false, retryAfter);
        }
    }

    /** The delays of one proxy's successive failures (go-retry's {@code Backoff}). */
    @FunctionalInterface
    public interface Backoff {
        Duration next();
    }

    /**
     * @param newBackoff a fresh delay sequence per failing proxy
     * @param minProxies distinct failing proxies within {@code window} that open the circuit; 0 disables the breaker
     * @param window     how long a proxy's failure counts toward {@code minProxies}
     * @param cooldown   how long the circuit stays open before one half-open probe
     */
    public record Settings(Supplier<Backoff> newBackoff, int minProxies, Duration window, Duration cooldown) {}

    private final Supplier<Backoff> newBackoff;
    private final int minProxies;
    private final Duration window;
    private final Duration cooldown;
    private final InstantSource clock;
    private final Map<Backend, BackendState> backends = new HashMap<>();
    private Instant lastSweep;

    public CertGenerationLimiter(Settings settings, InstantSource clock) {
        // Kuma's NewLimiter: a non-positive cooldown would give the breaker no window at all.
        this.cooldown = settings.cooldown().isNegative() || settings.cooldown().isZero()
                ? DEFAULT_COOLDOWN
                : settings.cooldown();
        this.window = settings.window().compareTo(cooldown) < 0 ? cooldown : settings.window();
        this.newBackoff = settings.newBackoff();
        this.minProxies = settings.minProxies();
        this.clock = clock;
    }

    /**
     * Kuma's wiring of {@code general.certGeneration*}: backoff {@link #exponential}, window = 2 × max backoff,
     * cooldown = max backoff.
     *
     * @param jitter uniform in [0, 1); see {@link #exponential}
     */
    public static CertGenerationLimiter of(
            Duration baseBackoff, Duration maxBackoff, int minProxies, InstantSource clock, DoubleSupplier jitter) {
        return new CertGenerationLimiter(
                new Settings(
                        exponential(baseBackoff, maxBackoff, jitter),
                        minProxies,
                        maxBackoff.multipliedBy(2),
                        maxBackoff),
                clock);
    }

    /**
     * Kuma's {@code CertBackoff}: base, 2×base, 4×base… capped at {@code max}, then ± {@code base} jitter, never
     * below zero. A non-positive base is 1 s; a max below the base is the base.
     *
     * @param jitter uniform in [0, 1): 0 subtracts the whole base, 0.5 adds nothing, towards 1 adds almost the base
     */
    public static Supplier<Backoff> exponential(Duration base, Duration max, DoubleSupplier jitter) {
        long baseNanos =
                base.isNegative() || base.isZero() ? Duration.ofSeconds(1).toNanos() : base.toNanos();
        long maxNanos = Math.max(baseNanos, max.toNanos());
        return () -> new Backoff() {
            private int attempt;

            @Override
            public Duration next() {
                long delay = attempt >= 63 || baseNanos > (Long.MAX_VALUE >> attempt)
                        ? Long.MAX_VALUE
                        : baseNanos << attempt;
                attempt = Math.min(attempt + 1, 63);
                delay = Math.min(delay, maxNanos);
                // go-retry WithJitter: + rand.Int63n(2j) - j, clamped at zero
                long diff = (long) Math.floor(jitter.getAsDouble() * 2 * baseNanos) - baseNanos;
                return Duration.ofNanos(Math.max(0, delay + diff));
            }
        };
    }

    /** Kuma's {@code Unlimited}: never blocks (no backoff, no breaker). */
    public static CertGenerationLimiter unlimited() {
        return new CertGenerationLimiter(
                new Settings(constant(Duration.ZERO), 0, DEFAULT_COOLDOWN, DEFAULT_COOLDOWN), InstantSource.system());
    }

    /** A constant delay (go-retry's {@code NewConstant}), as Kuma's tests use. */
    public static Supplier<Backoff> constant(Duration delay) {
        return () -> () -> delay;
    }

    /**
     * Whether issuance for {@code proxy} against {@code backend} may proceed now. Every permitted attempt must be
     * followed by {@link #record} or {@link #release}: after the cooldown the one permitted caller is the half-open
     * probe, and everyone else waits for its outcome (or for the probe deadline, one cooldown).
     */
    public synchronized Verdict allow(Backend backend, Proxy proxy) {
        Instant now = clock.instant();
        sweep(now);
        BackendState b = backends.get(backend);
        if (b == null) {
            return Verdict.ALLOW;
        }
        if (b.openUntil != null && b.openUntil.isAfter(now)) {
            return Verdict.blockedFor(Duration.between(now, b.openUntil));
        }
        if (b.openUntil != null) {
            if (b.probing && b.probeDeadline.isAfter(now)) {
                return Verdict.blockedFor(Duration.between(now, b.probeDeadline));
            }
            b.probing = true;
            b.probeDeadline = now.plus(cooldown);
            return Verdict.ALLOW;
        }
        ProxyState p = b.proxies.get(proxy);
        if (p != null && p.nextTry.isAfter(now)) {
            return Verdict.blockedFor(Duration.between(now, p.nextTry));
        }
        return Verdict.ALLOW;
    }

    /**
     * The outcome of an attempt {@link #allow} permitted. A success forgets the proxy and closes the circuit; a failure
     * starts or lengthens the proxy's backoff, re-opens a circuit whose probe failed, and opens the circuit when
     * {@code minProxies} distinct proxies failed within the window.
     */
    public synchronized void record(Backend backend, Proxy proxy, boolean success) {
        Instant now = clock.instant();
        sweep(now);
        BackendState b = backends.computeIfAbsent(backend, k -> new BackendState());
        if (success) {
            b.proxies.remove(proxy);
            b.openUntil = null;
            b.probing = false;
            if (b.proxies.isEmpty()) {
                backends.remove(backend);
            }
            return;
        }
        ProxyState p = b.proxies.computeIfAbsent(proxy, k -> new ProxyState(newBackoff.get()));
        p.nextTry = now.plus(p.backoff.next());
        p.lastFailure = now;
        if (b.probing) {
            b.probing = false;
            b.openUntil = now.plus(cooldown);
            return;
        }
        int distinct = 0;
        for (Iterator<ProxyState> it = b.proxies.values().iterator(); it.hasNext(); ) {
            if (Duration.between(it.next().lastFailure, now).compareTo(window) > 0) {
                it.remove();
            } else {
                distinct++;
            }
        }
        if (minProxies > 0 && distinct >= minProxies) {
            b.openUntil = now.plus(cooldown);
        }
    }

    /**
     * Ends a permitted attempt that said nothing about the CA (the request itself was wrong, e.g. a bad CSR): a
     * half-open probe is given back so the next caller can probe, and the proxy's state is left as it was. Not in
     * Kuma, whose attempts always reach the CA.
     */
    public synchronized void release(Backend backend) {
        BackendState b = backends.get(backend);
        if (b != null) {
            b.probing = false;
        }
    }

    /** Drops {@code proxy}'s backoff on every backend; an open circuit stays open (it is the backend's problem). */
    public synchronized void forget(Proxy proxy) {
        for (Iterator<BackendState> it = backends.values().iterator(); it.hasNext(); ) {
            BackendState b = it.next();
            b.proxies.remove(proxy);
            if (b.proxies.isEmpty() && b.openUntil == null) {
                it.remove();
            }
        }
    }

    /** {@code cert_generation_backoff}: proxies whose backoff has not elapsed, at this instant. */
    public synchronized int backingOffProxies() {
        Instant now = clock.instant();
        int n = 0;
        for (BackendState b : backends.values()) {
            for (ProxyState p : b.proxies.values()) {
                if (p.nextTry.isAfter(now)) {
                    n++;
                }
            }
        }
        return n;
    }

    /** {@code cert_generation_circuit_open}: backends whose circuit is open (not half-open), at this instant. */
    public synchronized int openCircuits() {
        Instant now = clock.instant();
        int n = 0;
        for (BackendState b : backends.values()) {
            if (b.openUntil != null && b.openUntil.isAfter(now)) {
                n++;
            }
        }
        return n;
    }

    /**
     * Once per window, forgets every proxy whose last failure is older than the window and whose backoff has elapsed
     * (Kuma prunes only the failing backend's proxies, on a failure; a backend that never fails again would keep its
     * proxies, e.g. of deleted dataplanes, forever). A proxy failing again after that starts its backoff afresh.
     */
    private void sweep(Instant now) {
        if (lastSweep != null && Duration.between(lastSweep, now).compareTo(window) <= 0) {
            return;
        }
        lastSweep = now;
        for (Iterator<BackendState> it = backends.values().iterator(); it.hasNext(); ) {
            BackendState b = it.next();
            b.proxies
                    .values()
                    .removeIf(
                            p -> Duration.between(p.lastFailure, now).compareTo(window) > 0 && !p.nextTry.isAfter(now));
            if (b.proxies.isEmpty() && b.openUntil == null) {
                it.remove();
            }
        }
    }

    /** Proxies with state kept, across backends (for tests of the memory bound). */
    synchronized int trackedProxies() {
        return backends.values().stream().mapToInt(b -> b.proxies.size()).sum();
    }

    private static final class BackendState {
        final Map<Proxy, ProxyState> proxies = new HashMap<>();
        /** Null while closed; in the past once half-open, until a success. */
        Instant openUntil;

        boolean probing;
        Instant probeDeadline;
    }

    private static final class ProxyState {
        final Backoff backoff;
        Instant nextTry;
        Instant lastFailure;

        ProxyState(Backoff backoff) {
            this.backoff = backoff;
        }
    }
}

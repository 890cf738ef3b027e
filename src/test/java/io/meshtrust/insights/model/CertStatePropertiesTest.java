package io.meshtrust.insights.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshtrust.insights.model.InsightQueries.StateCounts;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * {@link CertState#of(Instant, Instant, CertState.At)} on generated certificates, instants and graces: each state's
 * definition in the class's Javadoc holds on its own (so the states are exclusive and every certificate has exactly
 * one), overdue is past {@code renewAfter + grace} and unexpired, a larger grace only ever turns overdue into
 * renew-due, and time only moves a certificate forward through valid, renew-due, overdue, expired. The store
 * adapters are held to the same rule by {@code store/InsightQueriesTest} (memory and PostgreSQL).
 */
class CertStatePropertiesTest {

    private static final Instant EPOCH = Instant.parse("2030-01-01T00:00:00Z");

    /** A certificate's bounds; {@code renewAfter} may be null (statistics imported from Kuma). */
    record Cert(Instant notAfter, Instant renewAfter) {}

    /** Offsets in seconds around {@link #EPOCH}, with the boundaries (equal instants) drawn often. */
    private static Arbitrary<Instant> instant() {
        return Arbitraries.frequencyOf(
                        Tuple.of(3, Arbitraries.longs().between(-7200, 7200)),
                        Tuple.of(2, Arbitraries.of(-600L, -1L, 0L, 1L, 600L)))
                .map(EPOCH::plusSeconds);
    }

    @Provide
    Arbitrary<Cert> certs() {
        return Combinators.combine(instant(), instant().injectNull(0.15)).as(Cert::new);
    }

    @Provide
    Arbitrary<Duration> graces() {
        return Arbitraries.frequencyOf(
                        Tuple.of(1, Arbitraries.just(0L)),
                        Tuple.of(1, Arbitraries.of(1L, 600L)),
                        Tuple.of(3, Arbitraries.longs().between(0, 7200)))
                .map(Duration::ofSeconds);
    }

    @Provide
    Arbitrary<Instant> instants() {
        return instant();
    }

    @Property
    void eachStateIsItsDefinition(
            @ForAll("certs") Cert cert, @ForAll("instants") Instant now, @ForAll("graces") Duration grace) {
        var at = CertState.At.of(now, grace);
        Instant notAfter = cert.notAfter();
        Instant renewAfter = cert.renewAfter();
        boolean unexpired = now.isBefore(notAfter);
        boolean expired = !unexpired;
        boolean overdue =
                unexpired && renewAfter != null && !renewAfter.plus(grace).isAfter(now);
        boolean renewDue =
                unexpired && renewAfter != null && !renewAfter.isAfter(now) && now.isBefore(renewAfter.plus(grace));
        boolean valid = unexpired && (renewAfter == null || now.isBefore(renewAfter));
        List<CertState> holding = new ArrayList<>();
        if (expired) holding.add(CertState.EXPIRED);
        if (overdue) holding.add(CertState.OVERDUE);
        if (renewDue) holding.add(CertState.RENEW_DUE);
        if (valid) holding.add(CertState.VALID);
        assertThat(holding)
                .as("exactly one definition holds for %s at %s", cert, at)
                .hasSize(1);
        assertThat(CertState.of(notAfter, renewAfter, at)).isEqualTo(holding.get(0));
        assertThat(at.overdueSince()).isEqualTo(now.minus(grace));
        assertThat(at.grace()).isEqualTo(grace);
    }

    @Property
    void overdueIffPastRenewAfterPlusGraceAndUnexpired(
            @ForAll("certs") Cert cert, @ForAll("instants") Instant now, @ForAll("graces") Duration grace) {
        var state = CertState.of(cert.notAfter(), cert.renewAfter(), CertState.At.of(now, grace));
        boolean pastGrace =
                cert.renewAfter() != null && !cert.renewAfter().plus(grace).isAfter(now);
        assertThat(state == CertState.OVERDUE).isEqualTo(pastGrace && now.isBefore(cert.notAfter()));
    }

    @Property
    void aLargerGraceOnlyTurnsOverdueIntoRenewDue(
            @ForAll("certs") Cert cert,
            @ForAll("instants") Instant now,
            @ForAll("graces") Duration grace,
            @ForAll("graces") Duration more) {
        var strict = CertState.of(cert.notAfter(), cert.renewAfter(), CertState.At.of(now, grace));
        var lenient = CertState.of(cert.notAfter(), cert.renewAfter(), CertState.At.of(now, grace.plus(more)));
        if (strict != lenient) {
            assertThat(strict).isEqualTo(CertState.OVERDUE);
            assertThat(lenient).isEqualTo(CertState.RENEW_DUE);
        }
    }

    @Property
    void timeOnlyMovesForward(
            @ForAll("certs") Cert cert,
            @ForAll("instants") Instant now,
            @ForAll("graces") Duration grace,
            @ForAll("graces") Duration later) {
        var before = CertState.of(cert.notAfter(), cert.renewAfter(), CertState.At.of(now, grace));
        var after = CertState.of(cert.notAfter(), cert.renewAfter(), CertState.At.of(now.plus(later), grace));
        List<CertState> order = List.of(CertState.VALID, CertState.RENEW_DUE, CertState.OVERDUE, CertState.EXPIRED);
        assertThat(order.indexOf(after)).isGreaterThanOrEqualTo(order.indexOf(before));
    }

    @Property
    void countsAddUpToTheirStates(@ForAll("states") List<CertState> states) {
        StateCounts counts = StateCounts.ZERO;
        for (CertState state : states) {
            counts = counts.plus(state);
        }
        assertThat(counts.total()).isEqualTo(states.size());
        for (CertState state : CertState.values()) {
            assertThat(counts.of(state))
                    .as(state.value())
                    .isEqualTo(states.stream().filter(s -> s == state).count());
        }
        assertThat(counts.plus(counts).total()).isEqualTo(2L * states.size());
    }

    @Provide
    Arbitrary<List<CertState>> states() {
        return Arbitraries.of(CertState.values()).list().ofMaxSize(40);
    }

    @Example
    void everyStateHasOneSpellingThatParsesBack() {
        assertThat(CertState.spellings()).hasSize(CertState.values().length).doesNotHaveDuplicates();
        Arrays.stream(CertState.values())
                .forEach(s -> assertThat(CertState.parse(s.value())).contains(s));
    }

    @Property
    void aNegativeGraceIsRefused(@ForAll("instants") Instant now, @ForAll("graces") Duration grace) {
        if (grace.isZero()) {
            return;
        }
        assertThatThrownBy(() -> CertState.At.of(now, grace.negated())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CertState.At(now, now.plus(grace))).isInstanceOf(IllegalArgumentException.class);
    }
}

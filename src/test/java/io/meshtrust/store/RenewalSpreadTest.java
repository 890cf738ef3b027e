package io.meshtrust.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

/** Issue 15 point 3: the spread only brings renewals forward, stays in its window, and is fixed per data plane. */
class RenewalSpreadTest {

    static final Instant NOW = Instant.parse("2026-12-02T00:00:00Z");

    @Property
    void neverLaterThanBeforeAndWithinTheWindow(
            @ForAll @StringLength(min = 1, max = 40) String name,
            @ForAll @DoubleRange(min = 0, max = 1) double fraction,
            @ForAll @LongRange(min = 0, max = 3_600) long maxSeconds,
            @ForAll @LongRange(min = 1, max = 400L * 24 * 3600) long lifetimeSeconds,
            @ForAll @LongRange(min = -3_600, max = 400L * 24 * 3600) long renewAfterSeconds) {
        var spread = new RenewalSpread(fraction, Duration.ofSeconds(maxSeconds));
        Instant notBefore = NOW.minusSeconds(lifetimeSeconds / 2);
        Instant notAfter = notBefore.plusSeconds(lifetimeSeconds);
        Instant renewAfter = NOW.plusSeconds(renewAfterSeconds);
        Instant due = spread.renewAfter("m", name, notBefore, notAfter, renewAfter, NOW);
        assertThat(due).isBeforeOrEqualTo(renewAfter);
        double window = Math.min(fraction * lifetimeSeconds, maxSeconds);
        assertThat(due).isAfterOrEqualTo(renewAfter.isBefore(NOW) ? renewAfter : NOW);
        assertThat(Duration.between(NOW, due).toNanos() / 1e9).isLessThanOrEqualTo(window + 1e-6);
        // fixed per data plane: the same answer every time
        assertThat(spread.renewAfter("m", name, notBefore, notAfter, renewAfter, NOW))
                .isEqualTo(due);
    }

    @Property
    void slotsAreInTheUnitInterval(@ForAll String mesh, @ForAll String name) {
        assertThat(RenewalSpread.slot(mesh, name)).isGreaterThanOrEqualTo(0).isLessThan(1);
    }

    @Test
    void aMeshOfManyDataplanesIsSpreadOverTheWholeWindow() {
        var spread = new RenewalSpread(0.05, Duration.ofMinutes(10));
        Instant notBefore = NOW;
        Instant notAfter = NOW.plus(Duration.ofHours(24));
        int[] buckets = new int[10];
        for (int i = 0; i < 100_000; i++) {
            long offset = spread.offsetMicros("default", "dp-" + i, notBefore, notAfter);
            buckets[(int) (offset * 10 / (Duration.ofMinutes(10).toNanos() / 1000))]++;
        }
        // 24 h × 5% = 72 min, bounded at 10 min: every minute of the window gets about a tenth
        for (int b : buckets) {
            assertThat(b).isBetween(9_000, 11_000);
        }
    }

    @Test
    void noSpreadIsDueAtOnceAndBadSettingsAreRefused() {
        assertThat(RenewalSpread.NONE.renewAfter("m", "d", NOW, NOW.plusSeconds(3600), NOW.plusSeconds(60), NOW))
                .isEqualTo(NOW);
        assertThatThrownBy(() -> new RenewalSpread(1.5, Duration.ZERO)).hasMessageContaining("between 0 and 1");
        assertThatThrownBy(() -> new RenewalSpread(Double.NaN, Duration.ZERO)).hasMessageContaining("between 0 and 1");
        assertThatThrownBy(() -> new RenewalSpread(0.1, Duration.ofSeconds(-1))).hasMessageContaining("negative");
    }
}

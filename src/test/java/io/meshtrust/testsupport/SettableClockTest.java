package io.meshtrust.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The one test clock serves both uses: fixed and moved by hand, or the system clock until fixed. */
class SettableClockTest {

    static final Instant START = Instant.parse("2024-05-01T10:00:00Z");

    @Test
    void fixedClockMovesOnlyByHand() {
        var clock = new SettableClock(START);
        assertThat(clock.instant()).isEqualTo(START);
        assertThat(clock.advance(Duration.ofSeconds(5))).isEqualTo(START.plusSeconds(5));
        assertThat(clock.instant()).isEqualTo(START.plusSeconds(5));
        clock.set(START);
        assertThat(clock.instant()).isEqualTo(START);
    }

    @Test
    void unsetClockIsTheSystemClockAndResetReturnsToIt() {
        var clock = new SettableClock();
        Instant before = Instant.now();
        assertThat(clock.instant()).isAfterOrEqualTo(before);
        clock.set(START);
        assertThat(clock.instant()).isEqualTo(START);
        clock.reset();
        assertThat(clock.instant()).isAfterOrEqualTo(before);
        assertThat(clock.advance(Duration.ofDays(1))).isAfter(before.plus(Duration.ofHours(23)));
    }
}

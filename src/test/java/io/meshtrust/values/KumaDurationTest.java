package io.meshtrust.values;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Kuma's mesh duration grammar ({@code ParseDuration}, {@code pkg/core/resources/apis/mesh/mesh_helpers.go}), limited
 * to what Go's {@code time.Duration} can hold.
 */
class KumaDurationTest {

    @ParameterizedTest
    @CsvSource({
        "0, 0",
        "1s, 1",
        "90m, 5400",
        "2y, 63072000",
        "292y, 9208512000",
        "106751d, 9223286400",
        "9223372036s, 9223372036"
    })
    void readsOneIntegerAndOneUnit(String text, long seconds) {
        assertThat(KumaDuration.parse(text)).contains(Duration.ofSeconds(seconds));
    }

    /** Past Go's int64 nanoseconds Kuma wraps to a wrong value; meshtrust refuses instead (one rule for all units). */
    @ParameterizedTest
    @ValueSource(
            strings = {
                "293y",
                "15251w",
                "106752d",
                "2562048h",
                "153722868m",
                "9223372037s",
                "9223372036855ms",
                "9999999999999999999999y",
                "1h30m",
                "1.5h",
                "-1h",
                "1H",
                ""
            })
    void refusesWhatGoCannotHoldAndOtherForms(String text) {
        assertThat(KumaDuration.parse(text)).isEmpty();
    }
}

package io.meshtrust.values;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@link GoDuration#format} against what Go's {@code time.Duration.String} prints, and the ends of Go's range. */
class GoDurationFormatTest {

    @ParameterizedTest
    @CsvSource({
        "0, 0s",
        "1, 1ns",
        "1500, 1.5\u00b5s",
        "1500000, 1.5ms",
        "999999999, 999.999999ms",
        "1000000000, 1s",
        "4500000000, 4.5s",
        "29999000000, 29.999s",
        "60000000000, 1m0s",
        "299500000000, 4m59.5s",
        "3600000000000, 1h0m0s",
        "7384005000000, 2h3m4.005s",
        "-5000000000, -5s",
        "9223372036854775807, 2562047h47m16.854775807s",
        "-9223372036854775808, -2562047h47m16.854775808s"
    })
    void printsLikeGo(long nanos, String expected) {
        assertThat(GoDuration.format(Duration.ofNanos(nanos))).isEqualTo(expected);
    }

    /** Go's parser carries magnitudes up to 1<<63: both ends of int64 parse, one past either end does not. */
    @ParameterizedTest
    @CsvSource({
        "9223372036854775807ns, 9223372036854775807",
        "-9223372036854775808ns, -9223372036854775808",
        "2562047h47m16.854775807s, 9223372036854775807",
        "-2562047h47m16.854775808s, -9223372036854775808",
        "9223372036s854775807ns, 9223372036854775807"
    })
    void parsesBothEndsOfGosRange(String text, long nanos) throws Exception {
        assertThat(GoDuration.parse(text)).isEqualTo(Duration.ofNanos(nanos));
    }

    @ParameterizedTest
    @CsvSource({
        "9223372036854775808ns",
        "-9223372036854775809ns",
        "2562047h47m16.854775808s",
        "9223372036854775808ns9223372036854775808ns",
        "18446744073709551616ns"
    })
    void refusesOnePastGosRangeWithGosMessage(String text) {
        try {
            GoDuration.parse(text);
            throw new AssertionError("accepted " + text);
        } catch (GoDuration.InvalidDurationException e) {
            assertThat(e.getMessage()).isEqualTo("time: invalid duration \"" + text + "\"");
        }
    }
}

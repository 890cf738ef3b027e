package io.meshtrust.fuzz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.meshtrust.values.GoDuration;
import io.meshtrust.values.KumaDuration;
import java.math.BigInteger;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.LongRange;

/**
 * Kuma's two duration grammars on any input: mesh durations ({@link KumaDuration}, Kuma's
 * {@code mesh_helpers.go ParseDuration}) and Go's {@code time.ParseDuration} for token {@code validFor}
 * ({@link GoDuration}). Each input gives a value or the declared refusal, never another exception, and every value
 * either grammar accepts fits Go's {@code time.Duration} (int64 nanoseconds), the range Kuma itself can hold.
 */
class DurationPropertiesTest {

    private static final Map<String, Duration> KUMA_UNITS = Map.of(
            "y",
            Duration.ofDays(365),
            "w",
            Duration.ofDays(7),
            "d",
            Duration.ofDays(1),
            "h",
            Duration.ofHours(1),
            "m",
            Duration.ofMinutes(1),
            "s",
            Duration.ofSeconds(1),
            "ms",
            Duration.ofMillis(1));
    private static final Duration GO_MAX = Duration.ofNanos(Long.MAX_VALUE);

    @Provide
    Arbitrary<String> durationLike() {
        Arbitrary<String> unit = Arbitraries.of(
                "y", "w", "d", "h", "m", "s", "ms", "us", "\u00b5s", "\u03bcs", "ns", "H", "", " ", ".", "e", "\u0661");
        Arbitrary<String> number = Arbitraries.oneOf(
                Arbitraries.longs().map(String::valueOf),
                Arbitraries.strings().numeric().ofMaxLength(22),
                Arbitraries.of("0", ".5", "1.", "00", "+1", "-0"));
        Arbitrary<String> term = number.flatMap(n -> unit.map(u -> n + u));
        return Arbitraries.oneOf(
                term,
                term.list().ofMaxSize(4).map(t -> String.join("", t)),
                Mutations.hostileString(),
                Arbitraries.strings().ofMaxLength(30));
    }

    @Property
    void kumaDurationGivesAValueInGoRangeOrEmpty(@ForAll("durationLike") String text) {
        Optional<Duration> parsed = KumaDuration.parse(text);
        parsed.ifPresent(d -> assertThat(d).as(text).isBetween(Duration.ZERO, GO_MAX));
    }

    @Property
    void kumaDurationReadsOneIntegerAndOneUnit(
            @ForAll @LongRange(min = 0, max = 1_000_000_000_000L) long n, @ForAll("kumaUnits") String unit) {
        Duration expected;
        try {
            expected = KUMA_UNITS.get(unit).multipliedBy(n);
        } catch (ArithmeticException e) {
            expected = null;
        }
        Optional<Duration> parsed = KumaDuration.parse(n + unit);
        if (expected != null && expected.compareTo(GO_MAX) <= 0) {
            assertThat(parsed).as(n + unit).contains(expected);
        } else {
            assertThat(parsed).as(n + unit).isEmpty();
        }
    }

    @Provide
    Arbitrary<String> kumaUnits() {
        return Arbitraries.of(KUMA_UNITS.keySet());
    }

    @Property
    void goDurationGivesAValueOrGosError(@ForAll("durationLike") String text) {
        assertThatCode(() -> {
                    try {
                        GoDuration.parse(text);
                    } catch (GoDuration.InvalidDurationException e) {
                        assertThat(e.getMessage()).as(text).startsWith("time: ");
                    }
                })
                .as(text)
                .doesNotThrowAnyException();
    }

    /** Go's {@code Duration.String} output parses back to the same nanoseconds, over the whole int64 range. */
    @Property
    void goDurationFormatRoundTrips(@ForAll long nanos) throws Exception {
        Duration d = Duration.ofNanos(nanos);
        String text = GoDuration.format(d);
        assertThat(GoDuration.parse(text)).as(text).isEqualTo(d);
    }

    /** Plain nanoseconds as Go accepts them: any int64, including both ends. */
    @Property
    void goDurationReadsEveryInt64OfNanoseconds(@ForAll long nanos) throws Exception {
        assertThat(GoDuration.parse(nanos + "ns")).isEqualTo(Duration.ofNanos(nanos));
    }

    @Property
    void goDurationRefusesBeyondInt64(@ForAll @LongRange(min = 1, max = Long.MAX_VALUE) long extra) {
        String over = BigInteger.valueOf(Long.MAX_VALUE).add(BigInteger.valueOf(extra)) + "ns";
        assertThat(refusal(over)).isEqualTo("time: invalid duration \"" + over + "\"");
        String under = "-" + BigInteger.valueOf(Long.MAX_VALUE).add(BigInteger.valueOf(extra + 1)) + "ns";
        assertThat(refusal(under)).isEqualTo("time: invalid duration \"" + under + "\"");
    }

    private static String refusal(String text) {
        try {
            return "accepted " + GoDuration.parse(text);
        } catch (GoDuration.InvalidDurationException e) {
            return e.getMessage();
        }
    }
}

package io.meshtrust.values;

import java.time.Duration;
import java.util.Map;

/**
 * Go's {@code time.ParseDuration} and {@code time.Duration.String} (Go's {@code src/time/format.go}), with Go's error
 * texts, because Kuma clients send {@code validFor} in that syntax ({@code 24h0m0s}, {@code 1.5h}, {@code -1h}, no
 * {@code d}) and read its errors back (Kuma's {@code pkg/plugins/authn/api-server/tokens/ws/server/webservice.go}
 * validates it with {@code time.ParseDuration}). A value type in a package of its own ({@code docs/architecture.md}):
 * configuration, tokens, the API and the CLI all read it, so it depends on nothing of ours.
 */
public final class GoDuration {

    private static final Map<String, Long> UNITS = Map.of(
            "ns", 1L,
            "us", 1_000L,
            "\u00b5s", 1_000L,
            "\u03bcs", 1_000L,
            "ms", 1_000_000L,
            "s", 1_000_000_000L,
            "m", 60_000_000_000L,
            "h", 3_600_000_000_000L);

    /** {@code 1<<63} as an unsigned long: the largest magnitude Go's parser carries. */
    private static final long LIMIT = Long.MIN_VALUE;

    private GoDuration() {}

    /** Thrown with Go's exact message, e.g. {@code time: unknown unit "d" in duration "1d"}. */
    public static final class InvalidDurationException extends Exception {
        InvalidDurationException(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * Go's {@code time.ParseDuration}, step by step: the magnitude is an unsigned 64-bit count of nanoseconds that may
     * reach {@code 1<<63} (so {@code -9223372036854775808ns} is valid and {@code 9223372036854775808ns} is not), as in
     * Go's {@code time/format.go}. Unlike Go, a sum that would pass {@code 2^64} is refused rather than wrapped.
     *
     * @throws InvalidDurationException with Go's message for any text Go refuses
     */
    public static Duration parse(String text) throws InvalidDurationException {
        String orig = text;
        String s = text;
        boolean neg = false;
        if (!s.isEmpty() && (s.charAt(0) == '-' || s.charAt(0) == '+')) {
            neg = s.charAt(0) == '-';
            s = s.substring(1);
        }
        if (s.equals("0")) {
            return Duration.ZERO;
        }
        if (s.isEmpty()) {
            throw invalid(orig);
        }
        long total = 0; // unsigned nanoseconds, at most 1<<63
        while (!s.isEmpty()) {
            char c0 = s.charAt(0);
            if (!(c0 == '.' || isDigit(c0))) {
                throw invalid(orig);
            }
            int i = 0;
            long v = 0; // unsigned, at most 1<<63 (Go's leadingInt)
            while (i < s.length() && isDigit(s.charAt(i))) {
                if (Long.compareUnsigned(v, Long.divideUnsigned(LIMIT, 10)) > 0) {
                    throw invalid(orig);
                }
                v = v * 10 + (s.charAt(i) - '0');
                if (Long.compareUnsigned(v, LIMIT) > 0) {
                    throw invalid(orig);
                }
                i++;
            }
            boolean pre = i > 0;
            s = s.substring(i);
            long f = 0;
            double scale = 1;
            boolean post = false;
            if (!s.isEmpty() && s.charAt(0) == '.') {
                s = s.substring(1);
                int j = 0;
                boolean overflow = false; // Go's leadingFraction: digits past the precision are dropped
                while (j < s.length() && isDigit(s.charAt(j))) {
                    if (!overflow) {
                        if (f > Long.MAX_VALUE / 10) {
                            overflow = true;
                        } else {
                            f = f * 10 + (s.charAt(j) - '0');
                            scale *= 10;
                        }
                    }
                    j++;
                }
                post = j > 0;
                s = s.substring(j);
            }
            if (!pre && !post) {
                throw invalid(orig);
            }
            int u = 0;
            while (u < s.length() && s.charAt(u) != '.' && !isDigit(s.charAt(u))) {
                u++;
            }
            if (u == 0) {
                throw new InvalidDurationException("time: missing unit in duration " + quote(orig));
            }
            String unitName = s.substring(0, u);
            s = s.substring(u);
            Long unit = UNITS.get(unitName);
            if (unit == null) {
                throw new InvalidDurationException(
                        "time: unknown unit " + quote(unitName) + " in duration " + quote(orig));
            }
            if (Long.compareUnsigned(v, Long.divideUnsigned(LIMIT, unit)) > 0) {
                throw invalid(orig);
            }
            v *= unit;
            if (f > 0) {
                // Go: float64 keeps fractions of hours nanosecond-accurate; the addend is at most 3.6e12
                v += (long) (f * (unit / scale));
                if (Long.compareUnsigned(v, LIMIT) > 0) {
                    throw invalid(orig);
                }
            }
            if (Long.compareUnsigned(v, LIMIT - total) > 0) {
                throw invalid(orig);
            }
            total += v;
        }
        if (neg) {
            return Duration.ofNanos(-total); // -(1<<63) is Long.MIN_VALUE itself
        }
        if (total < 0) { // 1<<63 as unsigned: one past Go's largest positive duration
            throw invalid(orig);
        }
        return Duration.ofNanos(total);
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /**
     * Kuma's {@code validFor} for dataplane and zone tokens: empty means {@code whenEmpty}; zero and negative values
     * pass (Kuma's {@code pkg/tokens/builtin/server/webservice.go}).
     */
    public static Duration validFor(String text, Duration whenEmpty) throws InvalidDurationException {
        return text == null || text.isEmpty() ? whenEmpty : parse(text);
    }

    /**
     * Go's {@code time.Duration.String}: {@code 0s}, {@code 1.5ms}, {@code 4.5s}, {@code 1m0s}, {@code 2h3m4.005s};
     * Kuma puts it in messages such as the certificate backoff's {@code retry after <dur>}. Like Go's, it works on the
     * unsigned magnitude, so the most negative duration prints as {@code -2562047h47m16.854775808s}.
     *
     * @throws ArithmeticException for a duration beyond Go's range (int64 nanoseconds)
     */
    public static String format(Duration duration) {
        long nanos = duration.toNanos();
        if (nanos == 0) {
            return "0s";
        }
        boolean neg = nanos < 0;
        long u = neg ? -nanos : nanos; // unsigned: -Long.MIN_VALUE is 1<<63
        String text;
        if (Long.compareUnsigned(u, 1_000_000_000L) < 0) {
            if (u < 1_000L) {
                text = u + "ns";
            } else if (u < 1_000_000L) {
                text = (u / 1_000L) + fraction(u % 1_000L, 3) + "\u00b5s";
            } else {
                text = (u / 1_000_000L) + fraction(u % 1_000_000L, 6) + "ms";
            }
        } else {
            long seconds = Long.divideUnsigned(u, 1_000_000_000L);
            text = (seconds % 60) + fraction(Long.remainderUnsigned(u, 1_000_000_000L), 9) + "s";
            long minutes = seconds / 60;
            if (minutes > 0) {
                text = (minutes % 60) + "m" + text;
                long hours = minutes / 60;
                if (hours > 0) {
                    text = hours + "h" + text;
                }
            }
        }
        return neg ? "-" + text : text;
    }

    /** Go's fmtFrac: the digits after the point without trailing zeros, and no point when there are none. */
    private static String fraction(long value, int precision) {
        if (value == 0) {
            return "";
        }
        String digits = String.format("%0" + precision + "d", value).replaceAll("0+$", "");
        return "." + digits;
    }

    private static InvalidDurationException invalid(String orig) {
        return new InvalidDurationException("time: invalid duration " + quote(orig));
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}

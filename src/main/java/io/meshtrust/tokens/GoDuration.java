package io.meshtrust.tokens;

import java.time.Duration;
import java.util.Map;

/**
 * Go's {@code time.ParseDuration}, with its error texts, because Kuma clients send {@code validFor} in that syntax
 * ({@code 24h0m0s}, {@code 1.5h}, {@code -1h}, no {@code d}) and read its errors back (kuma-tokens §9.2-9.3).
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

    private GoDuration() {}

    /** Thrown with Go's exact message, e.g. {@code time: unknown unit "d" in duration "1d"}. */
    public static final class InvalidDurationException extends Exception {
        InvalidDurationException(String message) {
            super(message, null, false, false);
        }
    }

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
        long total = 0; // nanoseconds, kept non-negative; Go's limit is 1<<63 - 1
        while (!s.isEmpty()) {
            char c0 = s.charAt(0);
            if (!(c0 == '.' || c0 >= '0' && c0 <= '9')) {
                throw invalid(orig);
            }
            int i = 0;
            long v = 0;
            while (i < s.length() && Character.isDigit(s.charAt(i)) && s.charAt(i) < 128) {
                if (v > (Long.MAX_VALUE - 9) / 10) {
                    throw invalid(orig);
                }
                v = v * 10 + (s.charAt(i) - '0');
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
                boolean overflow = false;
                while (j < s.length() && s.charAt(j) >= '0' && s.charAt(j) <= '9') {
                    if (!overflow) {
                        if (f > (Long.MAX_VALUE - 9) / 10) {
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
            while (u < s.length() && s.charAt(u) != '.' && !(s.charAt(u) >= '0' && s.charAt(u) <= '9')) {
                u++;
            }
            if (u == 0) {
                throw new InvalidDurationException("time: missing unit in duration " + quote(orig));
            }
            String unitName = s.substring(0, u);
            s = s.substring(u);
            Long unit = UNITS.get(unitName);
            if (unit == null) {
                throw new InvalidDurationException("time: unknown unit " + quote(unitName) + " in duration " + quote(orig));
            }
            if (v > Long.MAX_VALUE / unit) {
                throw invalid(orig);
            }
            v *= unit;
            if (f > 0) {
                v += (long) (f * (unit / scale));
                if (v < 0) {
                    throw invalid(orig);
                }
            }
            total += v;
            if (total < 0) {
                throw invalid(orig);
            }
        }
        return Duration.ofNanos(neg ? -total : total);
    }

    /**
     * Kuma's {@code validFor} for dataplane and zone tokens: empty means {@code whenEmpty}; zero and negative values
     * pass (kuma-tokens §11.1, §12.1).
     */
    public static Duration validFor(String text, Duration whenEmpty) throws InvalidDurationException {
        return text == null || text.isEmpty() ? whenEmpty : parse(text);
    }

    /**
     * Go's {@code time.Duration.String}: {@code 0s}, {@code 1.5ms}, {@code 4.5s}, {@code 1m0s}, {@code 2h3m4.005s};
     * Kuma puts it in messages such as the certificate backoff's {@code retry after <dur>}.
     */
    public static String format(Duration duration) {
        long nanos = duration.toNanos();
        if (nanos == 0) {
            return "0s";
        }
        boolean neg = nanos < 0;
        long u = Math.abs(nanos);
        String text;
        if (u < 1_000_000_000L) {
            if (u < 1_000L) {
                text = u + "ns";
            } else if (u < 1_000_000L) {
                text = (u / 1_000L) + fraction(u % 1_000L, 3) + "\u00b5s";
            } else {
                text = (u / 1_000_000L) + fraction(u % 1_000_000L, 6) + "ms";
            }
        } else {
            long seconds = u / 1_000_000_000L;
            text = (seconds % 60) + fraction(u % 1_000_000_000L, 9) + "s";
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

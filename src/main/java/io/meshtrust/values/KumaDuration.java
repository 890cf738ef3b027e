package io.meshtrust.values;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Kuma's mesh duration strings ({@code ParseDuration} in Kuma's
 * {@code pkg/core/resources/apis/mesh/mesh_helpers.go}): {@code "0"}, or one integer and one
 * unit among {@code y w d h m s ms} ({@code y} = 365 days). {@code 1h30m}, {@code 1.5h}, {@code -1h} are invalid.
 *
 * <p>Kuma parses into Go's {@code time.Duration} (int64 nanoseconds, about 292 years) and wraps silently beyond it.
 * meshtrust refuses what Go cannot hold, so every accepted value also fits {@code Duration.toNanos()} and
 * {@code Instant.plus} of any time in the certificate era, and a mesh never stores a duration Kuma would read
 * differently.
 */
public final class KumaDuration {

    private static final Pattern FORMAT = Pattern.compile("^(\\d+)(y|w|d|h|m|s|ms)$");
    /** Go's {@code time.Duration} limit, {@code 1<<63 - 1} nanoseconds. */
    static final Duration MAX = Duration.ofNanos(Long.MAX_VALUE);

    private KumaDuration() {}

    public static Optional<Duration> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        if (text.equals("0")) {
            return Optional.of(Duration.ZERO);
        }
        var m = FORMAT.matcher(text);
        if (!m.matches()) {
            return Optional.empty();
        }
        long n;
        try {
            n = Long.parseLong(m.group(1));
        } catch (NumberFormatException tooLarge) {
            return Optional.empty();
        }
        Duration d;
        try {
            d = switch (m.group(2)) {
                case "y" -> Duration.ofDays(Math.multiplyExact(n, 365));
                case "w" -> Duration.ofDays(Math.multiplyExact(n, 7));
                case "d" -> Duration.ofDays(n);
                case "h" -> Duration.ofHours(n);
                case "m" -> Duration.ofMinutes(n);
                case "s" -> Duration.ofSeconds(n);
                default -> Duration.ofMillis(n);
            };
        } catch (ArithmeticException tooLarge) {
            return Optional.empty();
        }
        return d.compareTo(MAX) > 0 ? Optional.empty() : Optional.of(d); // Kuma wraps silently; meshtrust refuses
    }
}

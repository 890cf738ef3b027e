package io.meshtrust.mesh;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Kuma's mesh duration strings ({@code ParseDuration}, kuma-ca-insights §1.2): {@code "0"}, or one integer and one
 * unit among {@code y w d h m s ms} ({@code y} = 365 days). {@code 1h30m}, {@code 1.5h}, {@code -1h} are invalid.
 */
public final class KumaDuration {

    private static final Pattern FORMAT = Pattern.compile("^(\\d+)(y|w|d|h|m|s|ms)$");

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
        try {
            return Optional.of(switch (m.group(2)) {
                case "y" -> Duration.ofDays(Math.multiplyExact(n, 365));
                case "w" -> Duration.ofDays(Math.multiplyExact(n, 7));
                case "d" -> Duration.ofDays(n);
                case "h" -> Duration.ofHours(n);
                case "m" -> Duration.ofMinutes(n);
                case "s" -> Duration.ofSeconds(n);
                default -> Duration.ofMillis(n);
            });
        } catch (ArithmeticException tooLarge) {
            return Optional.empty(); // Kuma wraps silently; meshtrust refuses
        }
    }
}

package io.meshtrust.ca.builtin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshtrust.api.Violation;
import io.meshtrust.values.KumaDuration;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The builtin backend's {@code conf}: {@code caCert.RSAbits} (default 2048) and {@code caCert.expiration} (default
 * 10 years). Kuma validates neither and fails with a 500 after storing the Mesh; meshtrust refuses bad values up
 * front (docs/product.md §1).
 */
public record BuiltinCaConfig(int rsaBits, Duration expiration) {

    public static final Set<Integer> RSA_SIZES = Set.of(2048, 3072, 4096);
    static final int DEFAULT_BITS = 2048;
    static final Duration DEFAULT_EXPIRATION = Duration.ofDays(3650);

    /** The configuration, assuming {@link #violations} found nothing. */
    public static BuiltinCaConfig of(ObjectNode conf) {
        JsonNode ca = conf == null ? null : conf.get("caCert");
        int bits = ca != null && ca.hasNonNull("RSAbits") ? ca.get("RSAbits").intValue() : DEFAULT_BITS;
        Duration expiration = ca != null && ca.hasNonNull("expiration")
                ? KumaDuration.parse(ca.get("expiration").asText()).orElse(DEFAULT_EXPIRATION)
                : DEFAULT_EXPIRATION;
        return new BuiltinCaConfig(bits == 0 ? DEFAULT_BITS : bits, expiration);
    }

    /** Violations with field paths relative to the backend's {@code conf}. */
    public static List<Violation> violations(ObjectNode conf) {
        List<Violation> v = new ArrayList<>();
        JsonNode ca = conf == null ? null : conf.get("caCert");
        if (ca == null || ca.isNull()) {
            return v;
        }
        if (!ca.isObject()) {
            v.add(new Violation("", "could not convert backend config: caCert must be an object"));
            return v;
        }
        JsonNode bits = ca.get("RSAbits");
        if (bits != null && !bits.isNull()) {
            if (!bits.isIntegralNumber() || !(bits.intValue() == 0 || RSA_SIZES.contains(bits.intValue()))) {
                v.add(new Violation("caCert.RSAbits", "must be one of 2048, 3072, 4096 (0 or absent means 2048)"));
            }
        }
        JsonNode expiration = ca.get("expiration");
        if (expiration != null && !expiration.isNull()) {
            var parsed =
                    expiration.isTextual() ? KumaDuration.parse(expiration.textValue()) : Optional.<Duration>empty();
            if (parsed.isEmpty()) {
                v.add(new Violation(
                        "caCert.expiration",
                        "has to be a valid format: an integer and one unit of y, w, d, h, m, s, ms (e.g. 10y)"));
            } else if (parsed.get().isZero()) {
                v.add(new Violation("caCert.expiration", "must be greater than 0"));
            }
        }
        return v;
    }
}

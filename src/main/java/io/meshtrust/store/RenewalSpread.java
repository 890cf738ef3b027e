package io.meshtrust.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * How far the renewals that one change makes due are spread (issue 15 point 3; README, "CA rotation"): when the mesh's
 * trust or issuer changes, every certificate of the mesh becomes due, but each at its own instant in a window after the
 * change, so that a mesh of 100,000 data planes does not renew in the same second. The window of a certificate is
 * {@code min(fraction × lifetime, max)} (lifetime = notAfter − notBefore); the instant in it is fixed per data plane,
 * the {@link #slot} of its mesh and name. Both stores compute it with this arithmetic (PostgreSQL in SQL, on the same
 * IEEE doubles in the same order; {@code RenewalSpreadOnPostgresTest} checks they agree).
 *
 * <p>The spread only brings a renewal forward: {@code renewAfter} becomes {@code min(renewAfter, now + offset)}.
 *
 * @param fraction the share of a certificate's lifetime the window may take, in [0, 1]
 * @param max      the longest window, whatever the lifetime
 */
public record RenewalSpread(double fraction, Duration max) {

    /** No spread: due at once (one data plane's tags changed; nothing to stagger). */
    public static final RenewalSpread NONE = new RenewalSpread(0, Duration.ZERO);

    public RenewalSpread {
        Objects.requireNonNull(max, "max");
        if (!(fraction >= 0 && fraction <= 1)) {
            throw new IllegalArgumentException("the renewal spread fraction must be between 0 and 1, not " + fraction);
        }
        if (max.isNegative()) {
            throw new IllegalArgumentException("the longest renewal spread cannot be negative: " + max);
        }
    }

    /**
     * A data plane's fixed place in any window, in [0, 1): the first four bytes of MD5({@code mesh + "/" + name}) (UTF-8)
     * as an unsigned number over 2^32. MD5 because PostgreSQL computes the same without an extension; it spreads, it
     * protects nothing.
     */
    public static double slot(String mesh, String name) {
        byte[] digest;
        try {
            digest = MessageDigest.getInstance("MD5").digest((mesh + "/" + name).getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is always available", e);
        }
        long high = ((digest[0] & 0xFFL) << 24)
                | ((digest[1] & 0xFFL) << 16)
                | ((digest[2] & 0xFFL) << 8)
                | (digest[3] & 0xFFL);
        return high / 4294967296.0;
    }

    /** The offset after the change, in whole microseconds (both stores keep microseconds). */
    public long offsetMicros(String mesh, String name, Instant notBefore, Instant notAfter) {
        if (fraction == 0 || max.isZero() || notBefore == null || notAfter == null) {
            return 0;
        }
        double lifetime = (double) micros(notBefore, notAfter);
        double window = Math.min(fraction * lifetime, (double) (max.toNanos() / 1000));
        if (window <= 0) {
            return 0;
        }
        return (long) Math.floor(slot(mesh, name) * window);
    }

    /** The new {@code renewAfter}: {@code min(renewAfter, now + offset)}. */
    public Instant renewAfter(
            String mesh, String name, Instant notBefore, Instant notAfter, Instant renewAfter, Instant now) {
        Instant due = now.plusNanos(offsetMicros(mesh, name, notBefore, notAfter) * 1000);
        return renewAfter == null || due.isBefore(renewAfter) ? due : renewAfter;
    }

    /** The longest window in microseconds (a PostgreSQL parameter). */
    public long maxMicros() {
        return max.toNanos() / 1000;
    }

    private static long micros(Instant from, Instant to) {
        return Duration.between(from, to).toNanos() / 1000;
    }
}

package io.meshtrust.testsupport;

import jakarta.annotation.Priority;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.time.InstantSource;

/**
 * The application clock in {@code @QuarkusTest}s: the system clock unless a test fixes it, e.g. to give seeded
 * resources Kuma's golden creation time. A test that sets it resets it when done ({@link #reset()}).
 */
@Alternative
@Priority(1)
@Singleton
public class SettableClock implements InstantSource {

    private volatile Instant fixed;

    @Override
    public Instant instant() {
        Instant t = fixed;
        return t != null ? t : Instant.now();
    }

    public void set(Instant instant) {
        fixed = instant;
    }

    public void reset() {
        fixed = null;
    }
}

package io.meshtrust.testsupport;

import jakarta.annotation.Priority;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The one clock of the tests. In {@code @QuarkusTest}s it is the application clock (a CDI alternative): the system
 * clock unless a test fixes it, e.g. to give seeded resources Kuma's golden creation time; a test that sets it
 * resets it when done ({@link #reset()}). Unit tests construct it at a fixed start ({@link #SettableClock(Instant)})
 * and move it by hand ({@link #set(Instant)}, {@link #advance(Duration)}). Thread-safe.
 */
@Alternative
@Priority(1)
@Singleton
public class SettableClock implements InstantSource {

    private final AtomicReference<Instant> fixed = new AtomicReference<>();

    /** The system clock until a test fixes it (the bean's constructor). */
    public SettableClock() {}

    /** Fixed at {@code start}. */
    public SettableClock(Instant start) {
        fixed.set(start);
    }

    @Override
    public Instant instant() {
        Instant t = fixed.get();
        return t != null ? t : Instant.now();
    }

    public void set(Instant instant) {
        fixed.set(instant);
    }

    /** Moves the clock on by {@code by} (from the system time if it was not fixed) and fixes it there. */
    public Instant advance(Duration by) {
        return fixed.updateAndGet(t -> (t != null ? t : Instant.now()).plus(by));
    }

    /** Back to the system clock. */
    public void reset() {
        fixed.set(null);
    }
}

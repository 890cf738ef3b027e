package io.meshtrust.store;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;

/** A clock tests set and advance. Thread-safe. */
public final class TestClock implements InstantSource {

    private volatile Instant now;

    public TestClock(Instant start) {
        this.now = start;
    }

    @Override
    public Instant instant() {
        return now;
    }

    public void set(Instant instant) {
        now = instant;
    }

    public Instant advance(Duration d) {
        now = now.plus(d);
        return now;
    }
}

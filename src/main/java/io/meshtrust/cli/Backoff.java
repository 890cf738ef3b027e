package io.meshtrust.cli;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Jittered exponential backoff: {@code initial} doubling per failed attempt up to {@code cap}, each delay then moved
 * by a uniform factor in {@code [1 - jitter, 1 + jitter]} so that many agents restarted together do not retry in step.
 */
record Backoff(Duration initial, Duration cap, double jitter, RandomGenerator random) {

    /** 1 s doubling to 1 min, ±20 %. */
    static Backoff standard() {
        return new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(1), 0.2, new SecureRandom());
    }

    /**
     * The delay after the {@code attempt}-th consecutive failure.
     *
     * @param attempt 1 for the first failure
     */
    Duration delay(int attempt) {
        long base = initial.toMillis();
        for (int i = 1; i < attempt && base < cap.toMillis(); i++) {
            base *= 2;
        }
        base = Math.min(base, cap.toMillis());
        double factor = 1 + jitter * (2 * random.nextDouble() - 1);
        return Duration.ofMillis(Math.round(base * factor));
    }
}

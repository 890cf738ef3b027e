package io.meshtrust.config;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.InstantSource;

/** The one clock every feature reads, so tests can fix time. */
public class ClockProducer {

    @Produces
    @Singleton
    InstantSource clock() {
        return InstantSource.system();
    }
}

package io.meshtrust.config;

import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import jakarta.interceptor.Interceptor;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * What runs before the first request can be served, and how long each part takes: the work done in
 * {@code StartupEvent} observers and {@code @Startup} beans, which Quarkus finishes before it opens the HTTP and
 * management ports. Each phase is timed where it runs; the last startup observer logs them in one line, so a slow
 * start (a PostgreSQL that answers late, RSA keys generated for a fresh store, the HTTPS pair) shows where the time
 * went. Quarkus' own "started in" line covers the whole; this says what is ours.
 */
@Singleton
public class StartupPhases {

    /** Runs after every other startup observer of ours (the latest is {@code HttpsListener}'s default priority). */
    static final int REPORT_PRIORITY = Interceptor.Priority.LIBRARY_AFTER + 2000;

    private static final Logger LOG = Logger.getLogger(StartupPhases.class);

    /** One timed part of the start. */
    public record Phase(String name, Duration took) {}

    private final List<Phase> phases = new CopyOnWriteArrayList<>();

    /** Runs {@code work} as the phase {@code name}, recording its duration whether it succeeds or throws. */
    public void run(String name, Runnable work) {
        time(name, () -> {
            work.run();
            return null;
        });
    }

    /** Runs {@code work} as the phase {@code name} and returns its result; the duration is recorded either way. */
    public <T> T time(String name, Supplier<T> work) {
        long start = System.nanoTime();
        try {
            return work.get();
        } finally {
            phases.add(new Phase(name, Duration.ofNanos(System.nanoTime() - start)));
        }
    }

    /** The phases recorded so far, in the order they ended. */
    public List<Phase> phases() {
        return List.copyOf(phases);
    }

    void report(@Observes @Priority(REPORT_PRIORITY) StartupEvent event) {
        LOG.infof("Start-up before the listeners open: %s", summary());
    }

    String summary() {
        Duration total = phases.stream().map(Phase::took).reduce(Duration.ZERO, Duration::plus);
        return phases.stream().map(p -> p.name() + " " + millis(p.took())).collect(Collectors.joining(", ")) + " ("
                + millis(total) + " in all)";
    }

    private static String millis(Duration d) {
        return String.format("%.1f ms", d.toNanos() / 1e6);
    }
}

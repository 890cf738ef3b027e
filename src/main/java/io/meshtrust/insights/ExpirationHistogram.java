package io.meshtrust.insights;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code expirationHistogram} of certificate insights: the next {@code span}, cut into {@code buckets} slices of
 * whole seconds (README, "Endpoints": {@code ?histogram=7d&buckets=28}).
 */
public record ExpirationHistogram(Duration span, int buckets) {

    public Duration width() {
        return Duration.ofSeconds(span.toSeconds() / buckets);
    }

    /** The cumulative windows whose differences are the buckets: width, 2·width, … */
    public List<Duration> windows() {
        List<Duration> windows = new ArrayList<>();
        for (int i = 1; i <= buckets; i++) {
            windows.add(width().multipliedBy(i));
        }
        return windows;
    }

    public Duration spanCovered() {
        return width().multipliedBy(buckets);
    }
}

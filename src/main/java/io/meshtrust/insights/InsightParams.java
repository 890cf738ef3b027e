package io.meshtrust.insights;

import io.meshtrust.api.GoAtoi;
import io.meshtrust.api.Violation;
import io.meshtrust.insights.model.CertState;
import io.meshtrust.insights.model.OverviewQuery;
import io.meshtrust.values.KumaDuration;
import jakarta.ws.rs.core.MultivaluedMap;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The query parameters of the Dataplane and insight lists beyond Kuma's generic ones ({@code size}, {@code offset},
 * {@code name}, {@code filter[labels.k]}, see {@link io.meshtrust.resources.ListRequest}): Kuma's {@code tag} and {@code gateway}
 * ({@code pkg/api-server/filters/filtering.go}, {@code parseTags} and {@code gatewayModeFilterFromParameter}), and
 * meshtrust's {@code certExpiresBefore}, {@code certExpiresAfter}, {@code certState} and {@code soonest}. Numbers are
 * read as Kuma reads {@code size} and {@code offset} ({@link GoAtoi}: ASCII digits only). Violations are reported at
 * {@code <route path>.<parameter>}, as Kuma does for {@code gateway}.
 */
final class InsightParams {

    static final int DEFAULT_SOONEST = 10;
    static final int MAX_SOONEST = 100;

    private InsightParams() {}

    /**
     * Kuma's {@code parseTags}: each {@code tag=k:v} is split at the first {@code :}; values without one are ignored;
     * a repeated key keeps its last value.
     */
    static Map<String, String> tags(MultivaluedMap<String, String> params) {
        Map<String, String> tags = new LinkedHashMap<>();
        for (String value : params.getOrDefault("tag", List.of())) {
            int colon = value.indexOf(':');
            if (colon >= 0) {
                tags.put(value.substring(0, colon), value.substring(colon + 1));
            }
        }
        return tags;
    }

    /** Kuma's {@code gateway} filter; the value is case-insensitive, and the message keeps Kuma's typo. */
    static OverviewQuery.Gateway gateway(MultivaluedMap<String, String> params, String routePath) {
        String mode = Optional.ofNullable(params.getFirst("gateway")).orElse("").toLowerCase(Locale.ROOT);
        return switch (mode) {
            case "" -> OverviewQuery.Gateway.ANY;
            case "true" -> OverviewQuery.Gateway.PRESENT;
            case "false" -> OverviewQuery.Gateway.ABSENT;
            case "builtin" -> OverviewQuery.Gateway.BUILTIN;
            case "delegated" -> OverviewQuery.Gateway.DELEGATED;
            default ->
                throw InvalidInsightParamsException.of(
                        routePath + ".gateway",
                        "shoud use `true`, `false`, 'builtin' or 'delegated' instead of " + mode);
        };
    }

    /** {@code certExpiresBefore}, {@code certExpiresAfter} and {@code certState}, with one violation per bad parameter. */
    static Certificates certificates(MultivaluedMap<String, String> params, String routePath) {
        List<Violation> violations = new ArrayList<>();
        Optional<Instant> before = instant(params, "certExpiresBefore", routePath, violations);
        Optional<Instant> after = instant(params, "certExpiresAfter", routePath, violations);
        Optional<CertState> state = Optional.empty();
        String rawState = params.getFirst("certState");
        if (rawState != null && !rawState.isEmpty()) {
            state = CertState.parse(rawState);
            if (state.isEmpty()) {
                violations.add(new Violation(
                        routePath + ".certState",
                        "\"certState\" must be one of "
                                + CertState.spellings().stream()
                                        .map(s -> "\"" + s + "\"")
                                        .collect(Collectors.joining(", ", "[", "]"))
                                + ", not \"" + rawState + "\""));
            }
        }
        if (!violations.isEmpty()) {
            throw new InvalidInsightParamsException(violations);
        }
        return new Certificates(before, after, state);
    }

    private static Optional<Instant> instant(
            MultivaluedMap<String, String> params, String name, String routePath, List<Violation> violations) {
        String raw = params.getFirst(name);
        if (raw == null || raw.isEmpty()) {
            return Optional.empty();
        }
        try {
            // A '+' of an offset arrives as a space when the client did not encode it.
            return Optional.of(OffsetDateTime.parse(raw.replace(' ', '+')).toInstant());
        } catch (DateTimeParseException e) {
            violations.add(new Violation(
                    routePath + "." + name,
                    "\"" + name + "\" must be an RFC 3339 time such as 2006-01-02T15:04:05Z, not \"" + raw + "\""));
            return Optional.empty();
        }
    }

    /** {@code soonest}: how many of the soonest expirations to list, 0..100, default 10. */
    static int soonest(MultivaluedMap<String, String> params, String routePath) {
        String raw = params.getFirst("soonest");
        if (raw == null || raw.isEmpty()) {
            return DEFAULT_SOONEST;
        }
        try {
            long n = GoAtoi.parse(raw);
            if (n >= 0 && n <= MAX_SOONEST) {
                return (int) n;
            }
        } catch (GoAtoi.AtoiException e) {
            // reported below
        }
        throw InvalidInsightParamsException.of(
                routePath + ".soonest",
                "\"soonest\" must be a whole number from 0 to " + MAX_SOONEST + ", not \"" + raw + "\"");
    }

    static final int DEFAULT_BUCKETS = 24;
    static final int MAX_BUCKETS = 100;

    /**
     * {@code histogram} (a span in Kuma's duration grammar, at least one second per bucket) and {@code buckets}
     * (1..100, default 24); empty when {@code histogram} is absent.
     */
    static Optional<ExpirationHistogram> histogram(MultivaluedMap<String, String> params, String routePath) {
        String rawSpan = params.getFirst("histogram");
        String rawBuckets = params.getFirst("buckets");
        List<Violation> violations = new ArrayList<>();
        int buckets = DEFAULT_BUCKETS;
        if (rawBuckets != null && !rawBuckets.isEmpty()) {
            try {
                long n = GoAtoi.parse(rawBuckets);
                buckets = n >= 1 && n <= MAX_BUCKETS ? (int) n : -1;
            } catch (GoAtoi.AtoiException e) {
                buckets = -1;
            }
            if (buckets < 1 || buckets > MAX_BUCKETS) {
                violations.add(new Violation(
                        routePath + ".buckets",
                        "\"buckets\" must be a whole number from 1 to " + MAX_BUCKETS + ", not \"" + rawBuckets
                                + "\""));
            }
        }
        Optional<Duration> span = Optional.empty();
        if (rawSpan != null && !rawSpan.isEmpty()) {
            span = KumaDuration.parse(rawSpan);
            if (span.isEmpty() || (violations.isEmpty() && span.get().toSeconds() < buckets)) {
                violations.add(new Violation(
                        routePath + ".histogram",
                        "\"histogram\" must be a duration such as 7d or 24h, at least one second per bucket, not \""
                                + rawSpan + "\""));
            }
        } else if (rawBuckets != null && !rawBuckets.isEmpty() && violations.isEmpty()) {
            violations.add(
                    new Violation(routePath + ".buckets", "\"buckets\" needs \"histogram\", the span to divide"));
        }
        if (!violations.isEmpty()) {
            throw new InvalidInsightParamsException(violations);
        }
        int n = buckets;
        return span.map(s -> new ExpirationHistogram(s, n));
    }

    record Certificates(Optional<Instant> expiresBefore, Optional<Instant> expiresAfter, Optional<CertState> state) {}
}

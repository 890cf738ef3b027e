package io.meshtrust.insights.model;

import io.meshtrust.store.DataplaneInsight;
import io.meshtrust.store.InsightStore;
import io.meshtrust.store.Resource;
import io.meshtrust.store.ResourceKey;
import io.meshtrust.store.ResourceStore;
import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The insight read model's port: filtered pages of Dataplanes with their insights, and the aggregates that mesh
 * insights and certificate insights are made of. Read-only; each store implements it as an adapter over its own
 * {@link ResourceStore} and {@link InsightStore} ({@code store/memory/MemoryInsightQueries},
 * {@code store/postgres/PostgresInsightQueries}), and the contract test {@code store/InsightQueriesTest} runs on both.
 * A new insight query is a method here, its records beside it, and one implementation in each adapter.
 *
 * <p>Online means what {@code io.meshtrust.insights.DataplaneStatus} says: a contact at or after
 * {@code onlineSince}, or a Kuma subscription connected and not disconnected
 * ({@link DataplaneInsight#connected(Instant)}).
 */
public interface InsightQueries {

    /**
     * A page of Dataplanes in Kuma's order (mesh, then name), with their insights when asked for.
     * {@code total} counts every Dataplane that passes the filters.
     */
    Uni<OverviewPage> overview(OverviewQuery query);

    /**
     * Per mesh: how many Dataplanes there are and how many are online, and Kuma's MeshInsight {@code mTLS} counts
     * ({@code pkg/insights/resyncer.go}): Dataplanes whose insight has {@code mTLS}, by issued backend and by each
     * supported backend. Meshes without Dataplanes are in the result with zeros.
     *
     * @param meshes the meshes to report on
     */
    Uni<Map<String, MeshStats>> meshStats(Collection<String> meshes, Instant onlineSince);

    /**
     * Per mesh, what Kuma's MeshInsight counts besides status and mTLS: Dataplanes by kind (Kuma's
     * {@code dataplanesByType}, each with its online count) and the number of Secrets. Meshes without either are in
     * the result with zeros. Counted in the store; no Dataplane is loaded.
     *
     * @param meshes the meshes to report on
     */
    Uni<Map<String, MeshInventory>> meshInventory(Collection<String> meshes, Instant onlineSince);

    /**
     * Per mesh, its services: each distinct {@code kuma.io/service} value of a Dataplane's inbound tags (kind
     * {@link DataplaneKind#STANDARD}) or gateway tags (the gateway's kind), with how many Dataplanes carry it and how
     * many of those are online. A Dataplane with several inbounds of one service counts once. Meshes without services
     * are in the result with an empty list. Aggregated in the store; no Dataplane is loaded.
     *
     * @param meshes the meshes to report on
     */
    Uni<Map<String, List<ServiceStat>>> meshServices(Collection<String> meshes, Instant onlineSince);

    /**
     * Certificate statistics of one mesh or of every mesh, at {@code at} ({@link CertState}'s rule).
     *
     * @param windows {@code expiringWithin} windows: certificates not yet expired whose {@code notAfter} is before
     *                {@code now + window}
     * @param soonest how many of the soonest expirations (not yet expired) to return, ascending
     */
    Uni<CertificateStats> certificateStats(Optional<String> mesh, CertState.At at, List<Duration> windows, int soonest);

    /** One Dataplane and its insight, if any (always empty when the query did not attach insights). */
    record Overview(Resource dataplane, Optional<DataplaneInsight> insight) {
        public Overview {
            Objects.requireNonNull(dataplane, "dataplane");
            insight = insight == null ? Optional.empty() : insight;
        }
    }

    /** A page of overviews; {@code nextOffset} is set when more remain. */
    record OverviewPage(List<Overview> items, long total, OptionalInt nextOffset) {
        public OverviewPage {
            items = List.copyOf(items);
        }

        public static OverviewPage of(List<Overview> items, long total, int offset) {
            int next = offset + items.size();
            return new OverviewPage(items, total, next < total ? OptionalInt.of(next) : OptionalInt.empty());
        }
    }

    /** Kuma's {@code DataplaneStat}: total, online and offline Dataplanes. */
    record DataplaneStat(long total, long online) {
        public long offline() {
            return total - online;
        }

        public DataplaneStat plus(boolean isOnline) {
            return new DataplaneStat(total + 1, online + (isOnline ? 1 : 0));
        }

        public DataplaneStat plus(DataplaneStat other) {
            return new DataplaneStat(total + other.total, online + other.online);
        }

        public static final DataplaneStat ZERO = new DataplaneStat(0, 0);
    }

    /**
     * @param dataplanes        every Dataplane of the mesh
     * @param issuedBackends    Dataplanes whose insight has {@code mTLS}, by {@code issuedBackend} ({@code ""} when
     *                          empty)
     * @param supportedBackends the same Dataplanes, under each of their {@code supportedBackends}
     */
    record MeshStats(
            DataplaneStat dataplanes,
            SortedMap<String, DataplaneStat> issuedBackends,
            SortedMap<String, DataplaneStat> supportedBackends) {
        public MeshStats {
            issuedBackends = Collections.unmodifiableSortedMap(new TreeMap<>(issuedBackends));
            supportedBackends = Collections.unmodifiableSortedMap(new TreeMap<>(supportedBackends));
        }

        public static final MeshStats EMPTY = new MeshStats(DataplaneStat.ZERO, new TreeMap<>(), new TreeMap<>());
    }

    /**
     * Kuma's {@code dataplanesByType} kinds: no gateway, a {@code BUILTIN} gateway, a {@code DELEGATED} one
     * ({@link DataplaneNetworking#kind}).
     */
    enum DataplaneKind {
        STANDARD,
        GATEWAY_BUILTIN,
        GATEWAY_DELEGATED
    }

    /**
     * @param dataplanesByType Dataplanes of the mesh by kind; kinds without Dataplanes are absent
     * @param secrets          the mesh's Secrets
     */
    record MeshInventory(SortedMap<DataplaneKind, DataplaneStat> dataplanesByType, long secrets) {
        public MeshInventory {
            dataplanesByType = Collections.unmodifiableSortedMap(new TreeMap<>(dataplanesByType));
        }

        public DataplaneStat dataplanes(DataplaneKind kind) {
            return dataplanesByType.getOrDefault(kind, DataplaneStat.ZERO);
        }

        public static final MeshInventory EMPTY = new MeshInventory(new TreeMap<>(), 0);
    }

    /**
     * One service of a mesh ({@link #meshServices}).
     *
     * @param kind       {@link DataplaneKind#STANDARD} for an inbound's service, else the gateway's kind
     * @param dataplanes the Dataplanes carrying it, and how many of them are online
     */
    record ServiceStat(String service, DataplaneKind kind, DataplaneStat dataplanes) {
        public ServiceStat {
            Objects.requireNonNull(service, "service");
            Objects.requireNonNull(kind, "kind");
        }
    }

    /** Counts of Dataplanes by the exclusive {@link CertState} of their certificate. */
    record StateCounts(long valid, long renewDue, long overdue, long expired, long none) {
        public long total() {
            return valid + renewDue + overdue + expired + none;
        }

        public StateCounts plus(CertState state) {
            return switch (state) {
                case VALID -> new StateCounts(valid + 1, renewDue, overdue, expired, none);
                case RENEW_DUE -> new StateCounts(valid, renewDue + 1, overdue, expired, none);
                case OVERDUE -> new StateCounts(valid, renewDue, overdue + 1, expired, none);
                case EXPIRED -> new StateCounts(valid, renewDue, overdue, expired + 1, none);
                case NONE -> new StateCounts(valid, renewDue, overdue, expired, none + 1);
            };
        }

        public StateCounts plus(StateCounts o) {
            return new StateCounts(
                    valid + o.valid, renewDue + o.renewDue, overdue + o.overdue, expired + o.expired, none + o.none);
        }

        /** The count of one state. */
        public long of(CertState state) {
            return switch (state) {
                case VALID -> valid;
                case RENEW_DUE -> renewDue;
                case OVERDUE -> overdue;
                case EXPIRED -> expired;
                case NONE -> none;
            };
        }

        public static final StateCounts ZERO = new StateCounts(0, 0, 0, 0, 0);
    }

    /** A certificate that has not expired yet, for the soonest-expirations list. */
    record Expiring(ResourceKey dataplane, Instant notAfter, String issuedBackend, CertState state) {}

    /**
     * @param states         every Dataplane of the scope by state ({@code none} includes Dataplanes without insight)
     * @param expiringWithin per requested window, not-yet-expired certificates with {@code notAfter < now + window}
     * @param byBackend      the states of certificates by issued backend ({@code none} is always 0 there)
     * @param soonest        the soonest expirations, ascending by {@code notAfter}, then mesh and name
     */
    record CertificateStats(
            StateCounts states,
            SortedMap<Duration, Long> expiringWithin,
            SortedMap<String, StateCounts> byBackend,
            List<Expiring> soonest) {
        public CertificateStats {
            expiringWithin = Collections.unmodifiableSortedMap(new TreeMap<>(expiringWithin));
            byBackend = Collections.unmodifiableSortedMap(new TreeMap<>(byBackend));
            soonest = List.copyOf(soonest);
        }
    }
}

package io.meshtrust.store.memory;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshtrust.store.DataplaneInsight;
import io.meshtrust.store.InsightStore;
import io.meshtrust.store.Issuance;
import io.meshtrust.store.RenewalSpread;
import io.meshtrust.store.ResourceChange;
import io.meshtrust.store.ResourceKey;
import io.meshtrust.store.ResourceType;
import io.meshtrust.store.StoreException;
import io.smallrye.mutiny.Uni;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.UnaryOperator;

/**
 * Insights for the embedded store. Each write is one {@link ConcurrentSkipListMap#compute} on the key, checked against
 * the {@link MemoryResourceStore} for the owning Dataplane; the store's delete events (emitted synchronously, also for
 * a mesh cascade) remove insights with their Dataplane.
 */
public final class MemoryInsightStore implements InsightStore {

    private final MemoryResourceStore resources;
    private final InstantSource clock;
    private final ConcurrentNavigableMap<ResourceKey, DataplaneInsight> insights = new ConcurrentSkipListMap<>();

    public MemoryInsightStore(MemoryResourceStore resources, InstantSource clock) {
        this.resources = resources;
        this.clock = clock;
        resources.changes().subscribe().with(this::onChange);
    }

    @Override
    public Uni<Long> recordIssuance(ResourceKey dataplane, Issuance issuance) {
        return write(dataplane, current -> {
                    var mtls = current.mtls();
                    var cert = current.certificate();
                    long count = mtls == null ? 1 : mtls.certificateRegenerations() + 1;
                    boolean newer = mtls == null
                            || mtls.lastCertificateRegeneration() == null
                            || !issuance.generation().isBefore(mtls.lastCertificateRegeneration());
                    var stats = newer
                            ? new DataplaneInsight.MtlsStats(
                                    issuance.certificate().notAfter(),
                                    issuance.generation(),
                                    count,
                                    issuance.backend(),
                                    issuance.supportedBackends())
                            : new DataplaneInsight.MtlsStats(
                                    mtls.certificateExpirationTime(),
                                    mtls.lastCertificateRegeneration(),
                                    count,
                                    mtls.issuedBackend(),
                                    mtls.supportedBackends());
                    var seen = issuance.generation();
                    return new DataplaneInsight(
                            dataplane,
                            current.creationTime(),
                            current.modificationTime(),
                            current.subscriptions(),
                            current.metadata(),
                            stats,
                            newer ? issuance.certificate() : cert,
                            current.firstSeen() == null ? seen : current.firstSeen(),
                            later(current.lastSeen(), seen),
                            current.version());
                })
                .map(insight -> insight.mtls().certificateRegenerations());
    }

    @Override
    public Uni<DataplaneInsight> recordContact(ResourceKey dataplane, Instant at, ObjectNode version) {
        return write(
                dataplane,
                current -> new DataplaneInsight(
                        dataplane,
                        current.creationTime(),
                        current.modificationTime(),
                        current.subscriptions(),
                        current.metadata(),
                        current.mtls(),
                        current.certificate(),
                        current.firstSeen() == null ? at : current.firstSeen(),
                        later(current.lastSeen(), at),
                        version != null ? version.deepCopy() : current.version()));
    }

    @Override
    public Uni<Optional<DataplaneInsight>> get(ResourceKey dataplane) {
        return Uni.createFrom().item(() -> Optional.ofNullable(insights.get(dataplane)));
    }

    @Override
    public Uni<Map<ResourceKey, DataplaneInsight>> getAll(Collection<ResourceKey> dataplanes) {
        return Uni.createFrom().item(() -> {
            Map<ResourceKey, DataplaneInsight> found = new LinkedHashMap<>();
            for (ResourceKey key : dataplanes) {
                var insight = insights.get(key);
                if (insight != null) {
                    found.put(key, insight);
                }
            }
            return found;
        });
    }

    @Override
    public Uni<DataplaneInsight> put(DataplaneInsight insight) {
        return write(
                insight.dataplane(),
                current -> new DataplaneInsight(
                        insight.dataplane(),
                        current.creationTime(),
                        current.modificationTime(),
                        insight.subscriptions(),
                        insight.metadata(),
                        insight.mtls(),
                        insight.certificate(),
                        insight.firstSeen(),
                        insight.lastSeen(),
                        insight.version() == null ? null : insight.version().deepCopy()));
    }

    @Override
    public Uni<Integer> clearMtls(String mesh) {
        return update(
                mesh,
                Optional.empty(),
                i -> i.mtls() == null && i.certificate() == null
                        ? i
                        : new DataplaneInsight(
                                i.dataplane(),
                                i.creationTime(),
                                clock.instant(),
                                i.subscriptions(),
                                i.metadata(),
                                null,
                                null,
                                i.firstSeen(),
                                i.lastSeen(),
                                i.version()));
    }

    @Override
    public Uni<Integer> markRenewDue(String mesh, Optional<String> name, Instant now, RenewalSpread spread) {
        return update(mesh, name, i -> {
            var c = i.certificate();
            if (c == null || c.renewAfter() == null) {
                return i;
            }
            var moved = new DataplaneInsight.CurrentCertificate(
                    c.serialNumber(),
                    c.notBefore(),
                    c.notAfter(),
                    spread.renewAfter(i.mesh(), i.name(), c.notBefore(), c.notAfter(), c.renewAfter(), now),
                    c.identity(),
                    c.mtlsFingerprint());
            if (!moved.renewAfter().isBefore(c.renewAfter())) {
                return i;
            }
            return new DataplaneInsight(
                    i.dataplane(),
                    i.creationTime(),
                    clock.instant(),
                    i.subscriptions(),
                    i.metadata(),
                    i.mtls(),
                    moved,
                    i.firstSeen(),
                    i.lastSeen(),
                    i.version());
        });
    }

    @Override
    public Uni<List<ResourceKey>> renewDue(Instant now, int limit) {
        return Uni.createFrom()
                .item(() -> insights.values().stream()
                        .filter(i -> i.certificate() != null
                                && i.certificate().renewAfter() != null
                                && !i.certificate().renewAfter().isAfter(now))
                        .sorted(Comparator.comparing(
                                        (DataplaneInsight i) -> i.certificate().renewAfter())
                                .thenComparing(DataplaneInsight::dataplane))
                        .limit(limit)
                        .map(DataplaneInsight::dataplane)
                        .toList());
    }

    /** The insight of a Dataplane now, or null (for the in-memory queries). */
    DataplaneInsight current(ResourceKey dataplane) {
        return insights.get(dataplane);
    }

    /** Every insight, in key order (for the in-memory queries). */
    public Collection<DataplaneInsight> all() {
        return insights.values();
    }

    private Uni<DataplaneInsight> write(ResourceKey dataplane, UnaryOperator<DataplaneInsight> change) {
        return Uni.createFrom().item(() -> {
            // Under the resource store's monitor, which its deletes hold: no insight outlives its Dataplane.
            synchronized (resources) {
                if (!resources.exists(dataplane)) {
                    throw new StoreException.NotFound(dataplane);
                }
                return insights.compute(dataplane, (key, current) -> {
                    var now = clock.instant();
                    var base = current != null
                            ? current
                            : new DataplaneInsight(key, now, now, null, null, null, null, null, null);
                    var next = change.apply(base);
                    return new DataplaneInsight(
                            key,
                            base.creationTime(),
                            now,
                            next.subscriptions(),
                            next.metadata(),
                            next.mtls(),
                            next.certificate(),
                            next.firstSeen(),
                            next.lastSeen(),
                            next.version());
                });
            }
        });
    }

    private Uni<Integer> update(String mesh, Optional<String> name, UnaryOperator<DataplaneInsight> change) {
        return Uni.createFrom().item(() -> {
            int changed = 0;
            var from = ResourceKey.inMesh(ResourceType.DATAPLANE, mesh, "");
            for (var key : insights.tailMap(from).keySet()) {
                if (!key.mesh().equals(mesh)) {
                    break;
                }
                if (name.isPresent() && !name.get().equals(key.name())) {
                    continue;
                }
                boolean[] did = {false};
                insights.computeIfPresent(key, (k, current) -> {
                    var next = change.apply(current);
                    did[0] = next != current;
                    return next;
                });
                if (did[0]) {
                    changed++;
                }
            }
            return changed;
        });
    }

    private void onChange(ResourceChange change) {
        if (change.kind() == ResourceChange.Kind.DELETED && change.type() == ResourceType.DATAPLANE) {
            insights.remove(ResourceKey.inMesh(ResourceType.DATAPLANE, change.mesh(), change.name()));
        }
    }

    private static Instant later(Instant a, Instant b) {
        return a == null || b.isAfter(a) ? b : a;
    }
}

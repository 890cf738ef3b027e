package io.meshtrust.store.memory;

import io.meshtrust.insights.model.CertState;
import io.meshtrust.insights.model.DataplaneNetworking;
import io.meshtrust.insights.model.InsightQueries;
import io.meshtrust.insights.model.OverviewQuery;
import io.meshtrust.store.DataplaneInsight;
import io.meshtrust.store.Resource;
import io.meshtrust.store.ResourceType;
import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The insight read model's port ({@link InsightQueries}) over the embedded store: scans of the sorted maps of
 * {@link MemoryResourceStore} and {@link MemoryInsightStore}, which is what a laptop-sized store needs.
 */
public final class MemoryInsightQueries implements InsightQueries {

    private final MemoryResourceStore resources;
    private final MemoryInsightStore insights;

    public MemoryInsightQueries(MemoryResourceStore resources, MemoryInsightStore insights) {
        this.resources = resources;
        this.insights = insights;
    }

    @Override
    public Uni<OverviewPage> overview(OverviewQuery query) {
        return Uni.createFrom().item(() -> {
            var list = query.list();
            List<Overview> page = new ArrayList<>(Math.min(list.size(), 64));
            long total = 0;
            for (Resource dp : resources.scan(ResourceType.DATAPLANE, list.mesh())) {
                if (!query.matches(dp)) {
                    continue;
                }
                var insight = insights.current(dp.key());
                if (!matchesCertificate(query, insight)) {
                    continue;
                }
                if (total >= list.offset() && page.size() < list.size()) {
                    page.add(
                            new Overview(dp, query.attachInsights() ? Optional.ofNullable(insight) : Optional.empty()));
                }
                total++;
            }
            return OverviewPage.of(page, total, list.offset());
        });
    }

    private static boolean matchesCertificate(OverviewQuery query, DataplaneInsight insight) {
        if (query.insightRequired() && insight == null) {
            return false;
        }
        Instant notAfter = CertState.notAfter(insight);
        if (query.certExpiresBefore().isPresent()
                && (notAfter == null
                        || !notAfter.isBefore(query.certExpiresBefore().get()))) {
            return false;
        }
        if (query.certExpiresAfter().isPresent()
                && (notAfter == null
                        || !notAfter.isAfter(query.certExpiresAfter().get()))) {
            return false;
        }
        return query.certState()
                .map(s -> s == CertState.of(insight, query.at()))
                .orElse(true);
    }

    @Override
    public Uni<Map<String, MeshStats>> meshStats(Collection<String> meshes, Instant onlineSince) {
        return Uni.createFrom().item(() -> {
            Map<String, MeshStats> stats = new LinkedHashMap<>();
            for (String mesh : meshes) {
                DataplaneStat dataplanes = DataplaneStat.ZERO;
                var issued = new TreeMap<String, DataplaneStat>();
                var supported = new TreeMap<String, DataplaneStat>();
                for (Resource dp : resources.scan(ResourceType.DATAPLANE, Optional.of(mesh))) {
                    var insight = insights.current(dp.key());
                    boolean online = insight != null && insight.connected(onlineSince);
                    dataplanes = dataplanes.plus(online);
                    if (insight == null || insight.mtls() == null) {
                        continue;
                    }
                    var mtls = insight.mtls();
                    issued.merge(
                            mtls.issuedBackend() == null ? "" : mtls.issuedBackend(),
                            DataplaneStat.ZERO.plus(online),
                            DataplaneStat::plus);
                    // Kuma counts a Dataplane once per supported backend; a repeated name counts again, as in Kuma.
                    for (String backend : mtls.supportedBackends()) {
                        supported.merge(backend, DataplaneStat.ZERO.plus(online), DataplaneStat::plus);
                    }
                }
                stats.put(mesh, new MeshStats(dataplanes, issued, supported));
            }
            return stats;
        });
    }

    @Override
    public Uni<Map<String, MeshInventory>> meshInventory(Collection<String> meshes, Instant onlineSince) {
        return Uni.createFrom().item(() -> {
            Map<String, MeshInventory> inventory = new LinkedHashMap<>();
            for (String mesh : meshes) {
                var byType = new TreeMap<DataplaneKind, DataplaneStat>();
                for (Resource dp : resources.scan(ResourceType.DATAPLANE, Optional.of(mesh))) {
                    var insight = insights.current(dp.key());
                    boolean online = insight != null && insight.connected(onlineSince);
                    byType.merge(
                            DataplaneNetworking.kind(dp.spec()), DataplaneStat.ZERO.plus(online), DataplaneStat::plus);
                }
                long secrets = 0;
                for (Resource ignored : resources.scan(ResourceType.SECRET, Optional.of(mesh))) {
                    secrets++;
                }
                inventory.put(mesh, new MeshInventory(byType, secrets));
            }
            return inventory;
        });
    }

    @Override
    public Uni<Map<String, List<ServiceStat>>> meshServices(Collection<String> meshes, Instant onlineSince) {
        return Uni.createFrom().item(() -> {
            Map<String, List<ServiceStat>> result = new LinkedHashMap<>();
            for (String mesh : meshes) {
                Map<DataplaneKind, TreeMap<String, DataplaneStat>> byKind = new TreeMap<>();
                for (Resource dp : resources.scan(ResourceType.DATAPLANE, Optional.of(mesh))) {
                    var insight = insights.current(dp.key());
                    boolean online = insight != null && insight.connected(onlineSince);
                    DataplaneNetworking.services(dp.spec())
                            .forEach((kind, names) ->
                                    names.forEach(name -> byKind.computeIfAbsent(kind, k -> new TreeMap<>())
                                            .merge(name, DataplaneStat.ZERO.plus(online), DataplaneStat::plus)));
                }
                List<ServiceStat> services = new ArrayList<>();
                byKind.forEach((kind, names) ->
                        names.forEach((name, stat) -> services.add(new ServiceStat(name, kind, stat))));
                result.put(mesh, services);
            }
            return result;
        });
    }

    @Override
    public Uni<CertificateStats> certificateStats(
            Optional<String> mesh, CertState.At at, List<Duration> windows, int soonest) {
        Instant now = at.now();
        return Uni.createFrom().item(() -> {
            StateCounts states = StateCounts.ZERO;
            var within = new TreeMap<Duration, Long>();
            windows.forEach(w -> within.put(w, 0L));
            var byBackend = new TreeMap<String, StateCounts>();
            List<Expiring> live = new ArrayList<>();
            for (Resource dp : resources.scan(ResourceType.DATAPLANE, mesh)) {
                var insight = insights.current(dp.key());
                var state = CertState.of(insight, at);
                states = states.plus(state);
                if (state == CertState.NONE) {
                    continue;
                }
                String backend = insight.mtls().issuedBackend() == null
                        ? ""
                        : insight.mtls().issuedBackend();
                byBackend.merge(backend, StateCounts.ZERO.plus(state), StateCounts::plus);
                if (state == CertState.EXPIRED) {
                    continue;
                }
                Instant notAfter = CertState.notAfter(insight);
                for (Duration w : windows) {
                    if (notAfter.isBefore(now.plus(w))) {
                        within.merge(w, 1L, Long::sum);
                    }
                }
                live.add(new Expiring(dp.key(), notAfter, insight.mtls().issuedBackend(), state));
            }
            live.sort(Comparator.comparing(Expiring::notAfter).thenComparing(Expiring::dataplane));
            return new CertificateStats(states, within, byBackend, live.subList(0, Math.min(soonest, live.size())));
        });
    }
}

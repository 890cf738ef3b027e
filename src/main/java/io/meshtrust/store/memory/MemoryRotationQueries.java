package io.meshtrust.store.memory;

import io.meshtrust.insights.model.RotationQueries;
import io.meshtrust.store.DataplaneInsight;
import io.smallrye.mutiny.Uni;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The CA-rotation read model ({@link RotationQueries}) over the embedded store's insights: scans, grouped here. */
public final class MemoryRotationQueries implements RotationQueries {

    private final MemoryInsightStore insights;

    public MemoryRotationQueries(MemoryInsightStore insights) {
        this.insights = insights;
    }

    @Override
    public Uni<Map<String, List<TrustGroup>>> trustGroups(Collection<String> meshes, Instant onlineSince, Instant now) {
        return Uni.createFrom().item(() -> {
            Map<String, Map<List<Object>, Long>> counts = new LinkedHashMap<>();
            meshes.forEach(m -> counts.put(m, new LinkedHashMap<>()));
            for (DataplaneInsight insight : insights.all()) {
                var groups = counts.get(insight.mesh());
                if (groups == null) {
                    continue;
                }
                var mtls = insight.mtls();
                boolean holder = holder(insight, now);
                List<Object> key = List.of(
                        holder,
                        mtls == null || mtls.issuedBackend() == null ? "" : mtls.issuedBackend(),
                        mtls == null ? List.of() : mtls.supportedBackends(),
                        insight.connected(onlineSince));
                groups.merge(key, 1L, Long::sum);
            }
            Map<String, List<TrustGroup>> result = new LinkedHashMap<>();
            counts.forEach((mesh, groups) -> {
                List<TrustGroup> list = new ArrayList<>();
                groups.forEach((key, n) -> list.add(new TrustGroup(
                        (Boolean) key.get(0), (String) key.get(1), strings(key.get(2)), (Boolean) key.get(3), n)));
                result.put(mesh, list);
            });
            return result;
        });
    }

    @Override
    public Uni<LaggardPage> laggards(LaggardQuery query) {
        return Uni.createFrom().item(() -> {
            List<Laggard> found = new ArrayList<>();
            for (DataplaneInsight insight : insights.all()) {
                if (!insight.mesh().equals(query.mesh()) || !holder(insight, query.now())) {
                    continue;
                }
                if (query.nameContains().isPresent()
                        && !insight.name().contains(query.nameContains().get())) {
                    continue;
                }
                var mtls = insight.mtls();
                String issued = mtls.issuedBackend() == null ? "" : mtls.issuedBackend();
                Optional<Reason> reason = Reason.of(
                        insight.connected(query.onlineSince()),
                        issued,
                        mtls.supportedBackends(),
                        query.listed(),
                        query.enabled());
                if (reason.isEmpty()
                        || query.reason().isPresent() && query.reason().get() != reason.get()) {
                    continue;
                }
                found.add(new Laggard(
                        insight.name(),
                        reason.get(),
                        issued,
                        mtls.supportedBackends(),
                        mtls.certificateExpirationTime(),
                        insight.certificate() == null
                                ? null
                                : insight.certificate().renewAfter(),
                        insight.lastSeen()));
            }
            found.sort(Comparator.comparing(Laggard::name));
            int from = Math.min(query.offset(), found.size());
            int to = Math.min(found.size(), from + query.size());
            return new LaggardPage(found.size(), found.subList(from, to));
        });
    }

    /** An unexpired certificate is known (the rule of {@link RotationQueries}). */
    private static boolean holder(DataplaneInsight insight, Instant now) {
        var mtls = insight.mtls();
        return mtls != null
                && mtls.certificateExpirationTime() != null
                && mtls.certificateExpirationTime().isAfter(now);
    }

    @SuppressWarnings("unchecked")
    private static List<String> strings(Object list) {
        return (List<String>) list;
    }
}

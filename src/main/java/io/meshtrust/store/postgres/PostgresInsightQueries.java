package io.meshtrust.store.postgres;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.meshtrust.insights.model.CertState;
import io.meshtrust.insights.model.InsightQueries;
import io.meshtrust.insights.model.OverviewQuery;
import io.meshtrust.store.Resource;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * The insight read model's port ({@link InsightQueries}) in PostgreSQL: native SQL through Hibernate Reactive sessions
 * ({@link PgSessions}, on the caller's Vert.x context). Pages are {@link OverviewSql}; aggregates are grouped in the
 * database and only the groups travel. The statements and the plans they get at 100,000 Dataplanes are described in
 * {@code db/migration/V3__dataplane_filters.sql}.
 */
public final class PostgresInsightQueries implements InsightQueries {

    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};

    // Kuma's status rule (DataplaneInsight.connected) in SQL; the jsonpath (bound as :connected) is twice as fast as
    // expanding the subscriptions with jsonb_array_elements.
    // The CASE decides in order, so the jsonb cast is paid only for rows that were not in contact and hold
    // subscriptions (meshtrust's own agents keep '[]'): half the time of the whole query at 100k rows.
    static final String ONLINE = "(case when d.last_seen >= :onlineSince then true"
            + " when d.subscriptions = '[]' then false"
            + " else jsonb_path_exists(cast(d.subscriptions as jsonb), cast(:connected as jsonpath)) end)";
    static final String CONNECTED = "$[*] ? (@.connectTime != null && !exists(@.disconnectTime ? (@ != null)))";
    // PostgresInsightStore.toInsight: no mTLS section when all its columns are empty.
    private static final String HAS_MTLS = "not (d.cert_expiration is null and d.cert_generation is null"
            + " and d.issued_backend is null and d.cert_regenerations = 0)";

    // DataplaneNetworking.kind in SQL.
    private static final String KIND = "case when jsonb_typeof(r.spec -> 'networking' -> 'gateway') <> 'object'"
            + " or r.spec -> 'networking' -> 'gateway' is null then 'STANDARD'"
            + " when r.spec -> 'networking' -> 'gateway' ->> 'type' = 'BUILTIN' then 'GATEWAY_BUILTIN'"
            + " else 'GATEWAY_DELEGATED' end";

    // CertState.of in SQL, over the bound instants :now and :overdueSince (CertState.At); OverviewSql filters with
    // them.
    static final String EXPIRED = "d.cert_expiration <= :now";
    static final String OVERDUE = "d.cert_expiration > :now and d.renew_after <= :overdueSince";
    static final String RENEW_DUE =
            "d.cert_expiration > :now and d.renew_after <= :now and d.renew_after > :overdueSince";
    static final String VALID = "d.cert_expiration > :now and (d.renew_after is null or d.renew_after > :now)";

    private final PgSessions sessions;

    public PostgresInsightQueries(Mutiny.SessionFactory sessions, Vertx vertx) {
        this.sessions = new PgSessions(sessions, vertx);
    }

    @Override
    public Uni<OverviewPage> overview(OverviewQuery query) {
        var sql = OverviewSql.of(query);
        var list = query.list();
        return sessions.inSession(session -> {
            var page = session.createNativeQuery(sql.pageSql(), ResourceEntity.class);
            sql.parameters().forEach(page::setParameter);
            page.setParameter("limit", list.size()).setParameter("offset", list.offset());
            return page.getResultList().chain(rows -> {
                List<Resource> items =
                        rows.stream().map(ResourceRows::toResource).toList();
                return total(session, sql, list.offset(), list.size(), items.size())
                        .chain(total -> attach(session, query, items)
                                .map(overviews -> OverviewPage.of(overviews, total, list.offset())));
            });
        });
    }

    // A short page that starts inside the result is its end: the total needs no second query.
    private static Uni<Long> total(Mutiny.Session session, OverviewSql sql, int offset, int size, int found) {
        if (found < size && (found > 0 || offset == 0)) {
            return Uni.createFrom().item((long) offset + found);
        }
        var count = session.createNativeQuery(sql.countSql(), Long.class);
        sql.parameters().forEach(count::setParameter);
        return count.getSingleResult();
    }

    private static Uni<List<Overview>> attach(Mutiny.Session session, OverviewQuery query, List<Resource> items) {
        if (!query.attachInsights() || items.isEmpty()) {
            return Uni.createFrom()
                    .item(items.stream()
                            .map(r -> new Overview(r, Optional.empty()))
                            .toList());
        }
        List<String> meshes = items.stream().map(Resource::mesh).toList();
        List<String> names = items.stream().map(Resource::name).toList();
        return PostgresInsightStore.findAll(session, meshes, names)
                .map(found -> items.stream()
                        .map(r -> new Overview(r, Optional.ofNullable(found.get(r.key()))))
                        .toList());
    }

    @Override
    public Uni<Map<String, MeshStats>> meshStats(Collection<String> meshes, Instant onlineSince) {
        if (meshes.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        String[] names = meshes.toArray(String[]::new);
        return sessions.inSession(session -> session.createNativeQuery("""
                        select r.mesh, count(*) from resources r
                        where r.type = 'Dataplane' and r.mesh = any(cast(:meshes as text[]))
                        group by r.mesh""", Object[].class)
                .setParameter("meshes", names)
                .getResultList()
                .chain(totals -> session.createNativeQuery(
                                "select d.mesh, " + HAS_MTLS + " as mtls,"
                                        + " coalesce(d.issued_backend, '') as issued,"
                                        + " d.supported_backends as supported,"
                                        + " " + ONLINE + " as online, count(*)"
                                        + " from dataplane_insights d where d.mesh = any(cast(:meshes as text[]))"
                                        + " group by 1, 2, 3, 4, 5",
                                Object[].class)
                        .setParameter("meshes", names)
                        .setParameter("onlineSince", onlineSince)
                        .setParameter("connected", CONNECTED)
                        .getResultList()
                        .map(groups -> meshStats(meshes, totals, groups))));
    }

    private static Map<String, MeshStats> meshStats(
            Collection<String> meshes, List<Object[]> totals, List<Object[]> groups) {
        Map<String, Long> dataplanes = new LinkedHashMap<>();
        totals.forEach(row -> dataplanes.put((String) row[0], number(row[1])));
        Map<String, Long> online = new LinkedHashMap<>();
        Map<String, TreeMap<String, DataplaneStat>> issued = new LinkedHashMap<>();
        Map<String, TreeMap<String, DataplaneStat>> supported = new LinkedHashMap<>();
        for (Object[] row : groups) {
            String mesh = (String) row[0];
            boolean isOnline = Boolean.TRUE.equals(row[4]);
            long n = number(row[5]);
            var stat = new DataplaneStat(n, isOnline ? n : 0);
            if (isOnline) {
                online.merge(mesh, n, Long::sum);
            }
            if (!Boolean.TRUE.equals(row[1])) {
                continue;
            }
            issued.computeIfAbsent(mesh, m -> new TreeMap<>()).merge((String) row[2], stat, DataplaneStat::plus);
            for (String backend : row[3] == null ? List.<String>of() : strings((String) row[3])) {
                supported.computeIfAbsent(mesh, m -> new TreeMap<>()).merge(backend, stat, DataplaneStat::plus);
            }
        }
        Map<String, MeshStats> stats = new LinkedHashMap<>();
        for (String mesh : meshes) {
            stats.put(
                    mesh,
                    new MeshStats(
                            new DataplaneStat(dataplanes.getOrDefault(mesh, 0L), online.getOrDefault(mesh, 0L)),
                            issued.getOrDefault(mesh, new TreeMap<>()),
                            supported.getOrDefault(mesh, new TreeMap<>())));
        }
        return stats;
    }

    @Override
    public Uni<Map<String, MeshInventory>> meshInventory(Collection<String> meshes, Instant onlineSince) {
        if (meshes.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        String[] names = meshes.toArray(String[]::new);
        // Grouped in the database: one row per (mesh, kind, online), then one per mesh for the Secrets.
        return sessions.inSession(session -> session.createNativeQuery(
                        "select r.mesh, " + KIND + " as kind,"
                                + " coalesce(" + ONLINE + ", false) as online, count(*)"
                                + " from resources r left join dataplane_insights d"
                                + " on d.mesh = r.mesh and d.name = r.name"
                                + " where r.type = 'Dataplane' and r.mesh = any(cast(:meshes as text[]))"
                                + " group by 1, 2, 3",
                        Object[].class)
                .setParameter("meshes", names)
                .setParameter("onlineSince", onlineSince)
                .setParameter("connected", CONNECTED)
                .getResultList()
                .chain(kinds -> session.createNativeQuery("""
                                select r.mesh, count(*) from resources r
                                where r.type = 'Secret' and r.mesh = any(cast(:meshes as text[]))
                                group by r.mesh""", Object[].class)
                        .setParameter("meshes", names)
                        .getResultList()
                        .map(secrets -> meshInventory(meshes, kinds, secrets))));
    }

    private static Map<String, MeshInventory> meshInventory(
            Collection<String> meshes, List<Object[]> kinds, List<Object[]> secrets) {
        Map<String, TreeMap<DataplaneKind, DataplaneStat>> byType = new LinkedHashMap<>();
        for (Object[] row : kinds) {
            long n = number(row[3]);
            var stat = new DataplaneStat(n, Boolean.TRUE.equals(row[2]) ? n : 0);
            byType.computeIfAbsent((String) row[0], m -> new TreeMap<>())
                    .merge(DataplaneKind.valueOf((String) row[1]), stat, DataplaneStat::plus);
        }
        Map<String, Long> secretCounts = new LinkedHashMap<>();
        secrets.forEach(row -> secretCounts.put((String) row[0], number(row[1])));
        Map<String, MeshInventory> inventory = new LinkedHashMap<>();
        for (String mesh : meshes) {
            inventory.put(
                    mesh,
                    new MeshInventory(byType.getOrDefault(mesh, new TreeMap<>()), secretCounts.getOrDefault(mesh, 0L)));
        }
        return inventory;
    }

    /**
     * One row per (mesh, kind, service): the service values of the mesh's Dataplanes, read from their specs with
     * {@code jsonb_path_query} ({@link io.meshtrust.insights.model.DataplaneNetworking#services} in SQL: textual
     * values only, the gateway's only when it is an object, {@code union} dropping a Dataplane's repeats). The
     * Dataplanes are the {@code resources_pkey} range of each mesh.
     */
    @Override
    public Uni<Map<String, List<ServiceStat>>> meshServices(Collection<String> meshes, Instant onlineSince) {
        if (meshes.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        String[] names = meshes.toArray(String[]::new);
        return sessions.inSession(session -> session.createNativeQuery(
                        "select r.mesh, s.kind, s.service, count(*),"
                                + " count(*) filter (where coalesce(" + ONLINE + ", false))"
                                + " from resources r left join dataplane_insights d"
                                + " on d.mesh = r.mesh and d.name = r.name"
                                + " cross join lateral ("
                                + "select 'STANDARD' as kind, v #>> '{}' as service"
                                + " from jsonb_path_query(r.spec, '$.networking.inbound[*].tags.\"kuma.io/service\"') v"
                                + " where jsonb_typeof(v) = 'string'"
                                + " union select " + KIND + ", v #>> '{}'"
                                + " from jsonb_path_query(r.spec, '$.networking.gateway.tags.\"kuma.io/service\"') v"
                                + " where jsonb_typeof(v) = 'string'"
                                + " and jsonb_typeof(r.spec -> 'networking' -> 'gateway') = 'object'"
                                + ") s"
                                + " where r.type = 'Dataplane' and r.mesh = any(cast(:meshes as text[]))"
                                + " group by 1, 2, 3",
                        Object[].class)
                .setParameter("meshes", names)
                .setParameter("onlineSince", onlineSince)
                .setParameter("connected", CONNECTED)
                .getResultList()
                .map(rows -> meshServices(meshes, rows)));
    }

    private static Map<String, List<ServiceStat>> meshServices(Collection<String> meshes, List<Object[]> rows) {
        Map<String, TreeMap<DataplaneKind, TreeMap<String, DataplaneStat>>> byMesh = new LinkedHashMap<>();
        for (Object[] row : rows) {
            byMesh.computeIfAbsent((String) row[0], m -> new TreeMap<>())
                    .computeIfAbsent(DataplaneKind.valueOf((String) row[1]), k -> new TreeMap<>())
                    .put((String) row[2], new DataplaneStat(number(row[3]), number(row[4])));
        }
        Map<String, List<ServiceStat>> result = new LinkedHashMap<>();
        for (String mesh : meshes) {
            List<ServiceStat> services = new ArrayList<>();
            byMesh.getOrDefault(mesh, new TreeMap<>())
                    .forEach((kind, byName) ->
                            byName.forEach((name, stat) -> services.add(new ServiceStat(name, kind, stat))));
            result.put(mesh, services);
        }
        return result;
    }

    @Override
    public Uni<CertificateStats> certificateStats(
            Optional<String> mesh, CertState.At at, List<Duration> windows, int soonest) {
        Instant now = at.now();
        var counts = new StringBuilder("select coalesce(d.issued_backend, '') as backend,"
                + " count(*) filter (where " + EXPIRED + ") as expired,"
                + " count(*) filter (where " + RENEW_DUE + ") as renew_due,"
                + " count(*) filter (where " + VALID + ") as valid,"
                + " count(*) filter (where " + OVERDUE + ") as overdue");
        for (int i = 0; i < windows.size(); i++) {
            counts.append(", count(*) filter (where d.cert_expiration > :now and d.cert_expiration < :within")
                    .append(i)
                    .append(')');
        }
        String inMesh = mesh.isPresent() ? " and d.mesh = :mesh" : "";
        counts.append(" from dataplane_insights d where d.cert_expiration is not null")
                .append(inMesh)
                .append(" group by 1");
        String total = "select count(*) from resources r where r.type = 'Dataplane'"
                + (mesh.isPresent() ? " and r.mesh = :mesh" : "");
        String first = "select d.* from dataplane_insights d where d.cert_expiration > :now" + inMesh
                + " order by d.cert_expiration, d.mesh, d.name limit :limit";
        return sessions.inSession(session -> {
            var byBackend = session.createNativeQuery(counts.toString(), Object[].class)
                    .setParameter("now", now)
                    .setParameter("overdueSince", at.overdueSince());
            for (int i = 0; i < windows.size(); i++) {
                byBackend.setParameter("within" + i, now.plus(windows.get(i)));
            }
            var dataplanes = session.createNativeQuery(total, Long.class);
            mesh.ifPresent(m -> {
                byBackend.setParameter("mesh", m);
                dataplanes.setParameter("mesh", m);
            });
            Uni<List<Expiring>> soonestUni =
                    soonest <= 0 ? Uni.createFrom().item(List.of()) : soonest(session, first, mesh, at, soonest);
            return byBackend
                    .getResultList()
                    .chain(rows -> dataplanes
                            .getSingleResult()
                            .chain(all -> soonestUni.map(first10 -> certificateStats(rows, all, windows, first10))));
        });
    }

    private static Uni<List<Expiring>> soonest(
            Mutiny.Session session, String sql, Optional<String> mesh, CertState.At at, int limit) {
        var query = session.createNativeQuery(sql, DataplaneInsightEntity.class)
                .setParameter("now", at.now())
                .setParameter("limit", limit);
        mesh.ifPresent(m -> query.setParameter("mesh", m));
        return query.getResultList()
                .map(rows -> rows.stream()
                        .map(PostgresInsightStore::toInsight)
                        .map(i -> new Expiring(
                                i.dataplane(), CertState.notAfter(i), i.mtls().issuedBackend(), CertState.of(i, at)))
                        .toList());
    }

    private static CertificateStats certificateStats(
            List<Object[]> rows, long dataplanes, List<Duration> windows, List<Expiring> soonest) {
        var byBackend = new TreeMap<String, StateCounts>();
        var within = new TreeMap<Duration, Long>();
        windows.forEach(w -> within.put(w, 0L));
        StateCounts certified = StateCounts.ZERO;
        for (Object[] row : rows) {
            var counts = new StateCounts(number(row[3]), number(row[2]), number(row[4]), number(row[1]), 0);
            byBackend.merge((String) row[0], counts, StateCounts::plus);
            certified = certified.plus(counts);
            for (int i = 0; i < windows.size(); i++) {
                within.merge(windows.get(i), number(row[5 + i]), Long::sum);
            }
        }
        var states = new StateCounts(
                certified.valid(),
                certified.renewDue(),
                certified.overdue(),
                certified.expired(),
                Math.max(0, dataplanes - certified.total()));
        return new CertificateStats(states, within, byBackend, soonest);
    }

    private static long number(Object value) {
        return ((Number) value).longValue();
    }

    private static List<String> strings(String json) {
        try {
            return JSON.readValue(json, STRINGS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored supported_backends is not a JSON array of strings", null);
        }
    }
}

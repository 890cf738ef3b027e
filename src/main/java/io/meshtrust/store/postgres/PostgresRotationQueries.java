package io.meshtrust.store.postgres;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.meshtrust.insights.model.RotationQueries;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * The CA-rotation read model ({@link RotationQueries}) in PostgreSQL: the groups are counted in the database (one row
 * per mesh, issuer, bundle and status: a handful, whatever the number of data planes), the laggards paged there. Both
 * read the index on {@code (mesh, cert_expiration, name)} ({@code dataplane_insights_mesh_expiration_idx}).
 * {@link RotationQueries.Reason#of} is mirrored in {@link #REASON}.
 */
public final class PostgresRotationQueries implements RotationQueries {

    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};

    // The status rule (DataplaneInsight.connected) in SQL, as the other insight queries use it.
    private static final String ONLINE = PostgresInsightQueries.ONLINE;
    private static final String CONNECTED = PostgresInsightQueries.CONNECTED;
    private static final String SUPPORTED = "coalesce(cast(d.supported_backends as jsonb), cast('[]' as jsonb))";

    // Reason.of in SQL: the first failing check, then offline for an offline data plane that fails any. The listed
    // backends are bound as text[] (jsonb_exists_all is the ?& operator, which a JDBC-style query cannot spell).
    private static final String MISMATCH = "case when not jsonb_exists_all(" + SUPPORTED + ", cast(:listed as text[]))"
            + " then 'LACKS_ROOT'"
            + " when coalesce(d.issued_backend, '') <> :enabled then 'OLD_ISSUER'"
            + " when exists (select 1 from jsonb_array_elements_text(" + SUPPORTED + ") t(b)"
            + " where not (t.b = any(cast(:listed as text[])))) then 'STALE_ROOT' end";
    static final String REASON = "case when (" + MISMATCH + ") is null then null when " + ONLINE + " then (" + MISMATCH
            + ") else 'OFFLINE' end";

    private final PgSessions sessions;

    public PostgresRotationQueries(Mutiny.SessionFactory sessions, Vertx vertx) {
        this.sessions = new PgSessions(sessions, vertx);
    }

    @Override
    public Uni<Map<String, List<TrustGroup>>> trustGroups(Collection<String> meshes, Instant onlineSince, Instant now) {
        Map<String, List<TrustGroup>> result = new LinkedHashMap<>();
        meshes.forEach(m -> result.put(m, new ArrayList<>()));
        if (meshes.isEmpty()) {
            return Uni.createFrom().item(result);
        }
        return sessions.inSession(session -> session.createNativeQuery(
                        "select d.mesh, coalesce(d.cert_expiration > :now, false) as holder,"
                                + " coalesce(d.issued_backend, '') as issued,"
                                + " coalesce(d.supported_backends, '[]') as supported,"
                                + " " + ONLINE + " as online, count(*)"
                                + " from dataplane_insights d where d.mesh = any(cast(:meshes as text[]))"
                                + " group by 1, 2, 3, 4, 5",
                        Object[].class)
                .setParameter("meshes", meshes.toArray(String[]::new))
                .setParameter("now", now)
                .setParameter("onlineSince", onlineSince)
                .setParameter("connected", CONNECTED)
                .getResultList()
                .map(rows -> {
                    for (Object[] row : rows) {
                        result.get((String) row[0])
                                .add(new TrustGroup(
                                        Boolean.TRUE.equals(row[1]),
                                        (String) row[2],
                                        strings((String) row[3]),
                                        Boolean.TRUE.equals(row[4]),
                                        ((Number) row[5]).longValue()));
                    }
                    return result;
                }));
    }

    @Override
    public Uni<LaggardPage> laggards(LaggardQuery query) {
        String where = " from dataplane_insights d where d.mesh = :mesh and d.cert_expiration > :now"
                + (query.nameContains().isPresent() ? " and strpos(d.name, :name) > 0" : "")
                + " and (" + REASON + ") " + (query.reason().isPresent() ? "= :reason" : "is not null");
        return sessions.inSession(session -> {
            var page = session.createNativeQuery(
                    "select d.name, (" + REASON + ") as reason, coalesce(d.issued_backend, ''),"
                            + " " + SUPPORTED + " #>> '{}', d.cert_expiration, d.renew_after, d.last_seen,"
                            + " count(*) over () as total" + where + " order by d.name limit :limit offset :offset",
                    Object[].class);
            var count = session.createNativeQuery("select count(*)" + where, Long.class);
            bind(page, query);
            bind(count, query);
            page.setParameter("limit", query.size()).setParameter("offset", query.offset());
            return page.getResultList().chain(rows -> {
                List<Laggard> items = new ArrayList<>();
                long total = 0;
                for (Object[] row : rows) {
                    items.add(new Laggard(
                            (String) row[0],
                            Reason.valueOf((String) row[1]),
                            (String) row[2],
                            strings((String) row[3]),
                            instant(row[4]),
                            instant(row[5]),
                            instant(row[6])));
                    total = ((Number) row[7]).longValue();
                }
                if (!items.isEmpty() || query.offset() == 0) {
                    return Uni.createFrom().item(new LaggardPage(total, items));
                }
                // A page past the end: the total needs its own count.
                return count.getSingleResult().map(n -> new LaggardPage(n, items));
            });
        });
    }

    private static void bind(Mutiny.SelectionQuery<?> query, LaggardQuery q) {
        query.setParameter("mesh", q.mesh())
                .setParameter("now", q.now())
                .setParameter("onlineSince", q.onlineSince())
                .setParameter("connected", CONNECTED)
                .setParameter("listed", q.listed().toArray(String[]::new))
                .setParameter("enabled", q.enabled());
        q.nameContains().ifPresent(n -> query.setParameter("name", n));
        q.reason().ifPresent(r -> query.setParameter("reason", r.name()));
    }

    private static Instant instant(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof OffsetDateTime t) {
            return t.toInstant();
        }
        return (Instant) value;
    }

    private static List<String> strings(String json) {
        if (json == null) {
            return List.of();
        }
        try {
            return JSON.readValue(json, STRINGS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("supported_backends holds a JSON array of names", e);
        }
    }
}

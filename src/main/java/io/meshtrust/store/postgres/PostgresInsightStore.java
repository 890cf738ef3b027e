package io.meshtrust.store.postgres;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshtrust.store.DataplaneInsight;
import io.meshtrust.store.InsightStore;
import io.meshtrust.store.Issuance;
import io.meshtrust.store.RenewalSpread;
import io.meshtrust.store.ResourceKey;
import io.meshtrust.store.ResourceType;
import io.meshtrust.store.StoreException;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Insights in PostgreSQL ({@code dataplane_insights}). The foreign key to {@code resources} makes the database delete
 * an insight with its Dataplane and refuse one for a missing Dataplane; every write is one statement
 * ({@code insert ... on conflict do update}), so concurrent recordings from several replicas are serialised by the
 * row lock and no increment is lost.
 */
public final class PostgresInsightStore implements InsightStore {

    static final String FOREIGN_KEY_VIOLATION = "23503";
    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};

    // The newest issuance (by generation time) wins the "current" columns; the count always grows.
    private static final String RECORD_ISSUANCE =
            """
            insert into dataplane_insights as d (mesh, name, creation_time, modification_time, cert_expiration,
                cert_generation, cert_regenerations, issued_backend, supported_backends, cert_serial, cert_not_before,
                renew_after, cert_identity, cert_mtls, first_seen, last_seen)
            values (:mesh, :name, :now, :now, :expiration, :generation, 1, :backend,
                :supported, :serial, :notBefore, :renewAfter, :identity, :mtls,
                :generation, :generation)
            on conflict (mesh, name) do update set
                modification_time = excluded.modification_time,
                cert_regenerations = d.cert_regenerations + 1,
                cert_expiration = case when %1$s then excluded.cert_expiration else d.cert_expiration end,
                cert_generation = case when %1$s then excluded.cert_generation else d.cert_generation end,
                issued_backend = case when %1$s then excluded.issued_backend else d.issued_backend end,
                supported_backends = case when %1$s then excluded.supported_backends else d.supported_backends end,
                cert_serial = case when %1$s then excluded.cert_serial else d.cert_serial end,
                cert_not_before = case when %1$s then excluded.cert_not_before else d.cert_not_before end,
                renew_after = case when %1$s then excluded.renew_after else d.renew_after end,
                cert_identity = case when %1$s then excluded.cert_identity else d.cert_identity end,
                cert_mtls = case when %1$s then excluded.cert_mtls else d.cert_mtls end,
                first_seen = coalesce(d.first_seen, excluded.first_seen),
                last_seen = greatest(d.last_seen, excluded.last_seen)
            """.formatted("(d.cert_generation is null or excluded.cert_generation >= d.cert_generation)");

    private static final String RECORD_CONTACT = """
            insert into dataplane_insights as d (mesh, name, creation_time, modification_time, first_seen, last_seen,
                version)
            values (:mesh, :name, :now, :now, :at, :at, cast(cast(:version as text) as jsonb))
            on conflict (mesh, name) do update set
                modification_time = excluded.modification_time,
                first_seen = coalesce(d.first_seen, excluded.first_seen),
                last_seen = greatest(d.last_seen, excluded.last_seen),
                version = coalesce(excluded.version, d.version)
            """;

    private static final String PUT = """
            insert into dataplane_insights as d (mesh, name, creation_time, modification_time, subscriptions, metadata,
                cert_expiration, cert_generation, cert_regenerations, issued_backend, supported_backends, cert_serial,
                cert_not_before, renew_after, cert_identity, cert_mtls, first_seen, last_seen, version)
            values (:mesh, :name, :now, :now, :subscriptions,
                cast(cast(:metadata as text) as jsonb), :expiration, :generation, :regenerations, :backend,
                :supported, :serial, :notBefore, :renewAfter, :identity, :mtls,
                :firstSeen, :lastSeen, cast(cast(:version as text) as jsonb))
            on conflict (mesh, name) do update set
                modification_time = excluded.modification_time, subscriptions = excluded.subscriptions,
                metadata = excluded.metadata, cert_expiration = excluded.cert_expiration,
                cert_generation = excluded.cert_generation, cert_regenerations = excluded.cert_regenerations,
                issued_backend = excluded.issued_backend, supported_backends = excluded.supported_backends,
                cert_serial = excluded.cert_serial, cert_not_before = excluded.cert_not_before,
                renew_after = excluded.renew_after, cert_identity = excluded.cert_identity, cert_mtls = excluded.cert_mtls,
                first_seen = excluded.first_seen, last_seen = excluded.last_seen, version = excluded.version
            """;

    private static final String RETURNING = " returning mesh, name, creation_time, modification_time, subscriptions,"
            + " cast(metadata as text) as metadata, cert_expiration, cert_generation, cert_regenerations, issued_backend,"
            + " supported_backends, cert_serial, cert_not_before, renew_after, cert_identity, cert_mtls, first_seen,"
            + " last_seen, cast(version as text) as version";
    // Minting reads back only the count; mesh and name let each batched caller check that the row is its own.
    private static final PositionalSql ISSUANCE_STATEMENT =
            PositionalSql.of(RECORD_ISSUANCE + " returning mesh, name, cert_regenerations");
    private static final PositionalSql CONTACT_STATEMENT = PositionalSql.of(RECORD_CONTACT + RETURNING);

    private final PgSessions sessions;
    private final InstantSource clock;
    private final Pool pool;
    private final IssuanceBatcher issuances;

    /**
     * @param pool the per-certificate writes ({@link #recordIssuance}, {@link #recordContact}) run as one
     *             prepared statement on the reactive client that Hibernate Reactive itself uses: one round trip
     *             instead of a session, a transaction and a read-back (they are on every mint's path); concurrent
     *             issuances are group-committed ({@link IssuanceBatcher})
     */
    public PostgresInsightStore(Mutiny.SessionFactory sessions, InstantSource clock, Vertx vertx, Pool pool) {
        this.sessions = new PgSessions(sessions, vertx);
        this.clock = clock;
        this.pool = Objects.requireNonNull(pool, "pool");
        this.issuances = new IssuanceBatcher(pool, ISSUANCE_STATEMENT.sql());
    }

    /** The group commit of issuances (its test reads how many batches went). */
    IssuanceBatcher issuanceBatcher() {
        return issuances;
    }

    @Override
    public Uni<Long> recordIssuance(ResourceKey dataplane, Issuance issuance) {
        var cert = issuance.certificate();
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("expiration", cert.notAfter());
        p.put("generation", issuance.generation());
        p.put("backend", issuance.backend());
        p.put("supported", write(issuance.supportedBackends()));
        p.put("serial", cert.serialNumber());
        p.put("notBefore", cert.notBefore());
        p.put("renewAfter", cert.renewAfter());
        p.put("identity", cert.identity());
        p.put("mtls", cert.mtlsFingerprint());
        return upsert(dataplane, ISSUANCE_STATEMENT, p, issuances::execute).map(row -> {
            if (!dataplane.mesh().equals(row.getString("mesh"))
                    || !dataplane.name().equals(row.getString("name"))) {
                // IssuanceBatcher hands each caller its own statement's row; anything else is a defect, not data.
                throw new IllegalStateException("issuance of " + dataplane + " answered with another dataplane's row");
            }
            return row.getLong("cert_regenerations");
        });
    }

    @Override
    public Uni<DataplaneInsight> recordContact(ResourceKey dataplane, Instant at, ObjectNode version) {
        Map<String, Object> p = new HashMap<>();
        p.put("at", at);
        p.put("version", version == null ? null : write(version));
        return upsertReturning(
                dataplane,
                CONTACT_STATEMENT,
                p,
                tuple -> pool.preparedQuery(CONTACT_STATEMENT.sql())
                        .execute(tuple)
                        .map(rows -> rows.iterator().next()));
    }

    private Uni<DataplaneInsight> upsertReturning(
            ResourceKey dataplane, PositionalSql sql, Map<String, Object> params, Function<Tuple, Uni<Row>> execute) {
        return upsert(dataplane, sql, params, execute).map(row -> toInsight(entity(row)));
    }

    /** Runs an insert-or-update of the dataplane's insight: its row, or NotFound when the Dataplane is missing. */
    private Uni<Row> upsert(
            ResourceKey dataplane, PositionalSql sql, Map<String, Object> params, Function<Tuple, Uni<Row>> execute) {
        check(dataplane);
        Map<String, Object> all = new HashMap<>(params);
        all.put("mesh", dataplane.mesh());
        all.put("name", dataplane.name());
        all.put("now", clock.instant());
        return execute.apply(sql.tuple(all))
                .onFailure(e -> PgErrors.sqlState(e)
                        .filter(FOREIGN_KEY_VIOLATION::equals)
                        .isPresent())
                .transform(e -> new StoreException.NotFound(dataplane))
                .onFailure()
                .transform(PgErrors::translate);
    }

    private static DataplaneInsightEntity entity(Row row) {
        var e = new DataplaneInsightEntity();
        e.mesh = row.getString("mesh");
        e.name = row.getString("name");
        e.creationTime = instant(row, "creation_time");
        e.modificationTime = instant(row, "modification_time");
        e.subscriptions = row.getString("subscriptions");
        e.metadata = row.getString("metadata");
        e.certExpiration = instant(row, "cert_expiration");
        e.certGeneration = instant(row, "cert_generation");
        e.certRegenerations = row.getLong("cert_regenerations");
        e.issuedBackend = row.getString("issued_backend");
        e.supportedBackends = row.getString("supported_backends");
        e.certSerial = row.getString("cert_serial");
        e.certNotBefore = instant(row, "cert_not_before");
        e.renewAfter = instant(row, "renew_after");
        e.certIdentity = row.getString("cert_identity");
        e.certMtls = row.getString("cert_mtls");
        e.firstSeen = instant(row, "first_seen");
        e.lastSeen = instant(row, "last_seen");
        e.version = row.getString("version");
        return e;
    }

    private static Instant instant(Row row, String column) {
        var t = row.getOffsetDateTime(column);
        return t == null ? null : t.toInstant();
    }

    @Override
    public Uni<Optional<DataplaneInsight>> get(ResourceKey dataplane) {
        check(dataplane);
        return sessions.inSession(session -> session.find(DataplaneInsightEntity.class, id(dataplane))
                .map(e -> Optional.ofNullable(e).map(PostgresInsightStore::toInsight)));
    }

    @Override
    public Uni<Map<ResourceKey, DataplaneInsight>> getAll(Collection<ResourceKey> dataplanes) {
        if (dataplanes.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        dataplanes.forEach(PostgresInsightStore::check);
        List<String> meshes = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (ResourceKey key : dataplanes) {
            meshes.add(key.mesh());
            names.add(key.name());
        }
        return sessions.inSession(session -> findAll(session, meshes, names));
    }

    /** The insights of the given keys that exist: one primary-key probe per key, in one statement. */
    static Uni<Map<ResourceKey, DataplaneInsight>> findAll(
            Mutiny.Session session, List<String> meshes, List<String> names) {
        return session.createNativeQuery("""
                        select d.* from dataplane_insights d
                        join unnest(cast(:meshes as text[]), cast(:names as text[])) as k(mesh, name)
                          on d.mesh = k.mesh and d.name = k.name""", DataplaneInsightEntity.class)
                .setParameter("meshes", meshes.toArray(String[]::new))
                .setParameter("names", names.toArray(String[]::new))
                .getResultList()
                .map(rows -> {
                    Map<ResourceKey, DataplaneInsight> found = new LinkedHashMap<>();
                    rows.stream().map(PostgresInsightStore::toInsight).forEach(i -> found.put(i.dataplane(), i));
                    return found;
                });
    }

    @Override
    public Uni<DataplaneInsight> put(DataplaneInsight insight) {
        var mtls = insight.mtls();
        var cert = insight.certificate();
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("subscriptions", write(insight.subscriptions()));
        p.put("metadata", insight.metadata() == null ? null : write(insight.metadata()));
        p.put("expiration", mtls == null ? null : mtls.certificateExpirationTime());
        p.put("generation", mtls == null ? null : mtls.lastCertificateRegeneration());
        p.put("regenerations", mtls == null ? 0L : mtls.certificateRegenerations());
        p.put("backend", mtls == null ? null : mtls.issuedBackend());
        p.put("supported", mtls == null ? null : write(mtls.supportedBackends()));
        p.put("serial", cert == null ? null : cert.serialNumber());
        p.put("notBefore", cert == null ? null : cert.notBefore());
        p.put("renewAfter", cert == null ? null : cert.renewAfter());
        p.put("identity", cert == null ? null : cert.identity());
        p.put("mtls", cert == null ? null : cert.mtlsFingerprint());
        p.put("firstSeen", insight.firstSeen());
        p.put("lastSeen", insight.lastSeen());
        p.put("version", insight.version() == null ? null : write(insight.version()));
        return upsert(insight.dataplane(), PUT, p);
    }

    @Override
    public Uni<Integer> clearMtls(String mesh) {
        return sessions.inTransaction(session -> session.createNativeQuery("""
                        update dataplane_insights set modification_time = :now, cert_expiration = null,
                            cert_generation = null, cert_regenerations = 0, issued_backend = null,
                            supported_backends = null, cert_serial = null, cert_not_before = null, renew_after = null,
                            cert_identity = null, cert_mtls = null
                        where mesh = :mesh and (cert_expiration is not null or cert_serial is not null
                            or cert_regenerations <> 0)""")
                .setParameter("now", clock.instant())
                .setParameter("mesh", mesh)
                .executeUpdate());
    }

    @Override
    public Uni<Integer> markRenewDue(String mesh, Optional<String> name, Instant now, RenewalSpread spread) {
        // RenewalSpread's arithmetic, on the same doubles in the same order (RenewalSpreadOnPostgresTest).
        String sql = """
                update dataplane_insights d set modification_time = :modified, renew_after = s.due
                from (select mesh, name, cast(:now as timestamp with time zone) + floor(
                        (cast(cast(cast('x' || substr(md5(mesh || '/' || name), 1, 8) as bit(32)) as bigint)
                                as double precision) / 4294967296.0)
                        * greatest(least(:fraction * coalesce(cast(extract(epoch from (cert_expiration - cert_not_before))
                                * 1000000 as double precision), 0), cast(:maxMicros as double precision)), 0))
                        * interval '1 microsecond' as due
                      from dataplane_insights where mesh = :mesh and renew_after is not null"""
                + (name.isPresent() ? " and name = :name" : "")
                + ") s where d.mesh = s.mesh and d.name = s.name and d.renew_after > s.due";
        return sessions.inTransaction(session -> {
            var query = session.createNativeQuery(sql)
                    .setParameter("modified", clock.instant())
                    .setParameter("now", now)
                    .setParameter("fraction", spread.fraction())
                    .setParameter("maxMicros", spread.maxMicros())
                    .setParameter("mesh", mesh);
            name.ifPresent(n -> query.setParameter("name", n));
            return query.executeUpdate();
        });
    }

    @Override
    public Uni<List<ResourceKey>> renewDue(Instant now, int limit) {
        return sessions.inSession(session -> session.createNativeQuery("""
                        select d.* from dataplane_insights d where d.renew_after <= :now
                        order by d.renew_after, d.mesh, d.name limit :limit""", DataplaneInsightEntity.class)
                .setParameter("now", now)
                .setParameter("limit", limit)
                .getResultList()
                .map(rows -> rows.stream().map(e -> key(e.mesh, e.name)).toList()));
    }

    private Uni<DataplaneInsight> upsert(ResourceKey dataplane, String sql, Map<String, Object> parameters) {
        check(dataplane);
        return sessions.inTransaction(session -> {
                    var query = session.createNativeQuery(sql)
                            .setParameter("mesh", dataplane.mesh())
                            .setParameter("name", dataplane.name())
                            .setParameter("now", clock.instant());
                    parameters.forEach(query::setParameter);
                    return query.executeUpdate()
                            .chain(ignored -> session.find(DataplaneInsightEntity.class, id(dataplane)))
                            .map(PostgresInsightStore::toInsight);
                })
                .onFailure(e -> PgErrors.sqlState(e)
                        .filter(FOREIGN_KEY_VIOLATION::equals)
                        .isPresent())
                .transform(e -> new StoreException.NotFound(dataplane));
    }

    static DataplaneInsight toInsight(DataplaneInsightEntity e) {
        DataplaneInsight.MtlsStats mtls = e.certExpiration == null
                        && e.certGeneration == null
                        && e.issuedBackend == null
                        && e.certRegenerations == 0
                ? null
                : new DataplaneInsight.MtlsStats(
                        e.certExpiration,
                        e.certGeneration,
                        e.certRegenerations,
                        e.issuedBackend,
                        e.supportedBackends == null ? List.of() : read(e.supportedBackends, STRINGS));
        DataplaneInsight.CurrentCertificate cert = e.certSerial == null
                ? null
                : new DataplaneInsight.CurrentCertificate(
                        e.certSerial, e.certNotBefore, e.certExpiration, e.renewAfter, e.certIdentity, e.certMtls);
        return new DataplaneInsight(
                key(e.mesh, e.name),
                e.creationTime,
                e.modificationTime,
                read(e.subscriptions, ArrayNode.class),
                e.metadata == null ? null : read(e.metadata, ObjectNode.class),
                mtls,
                cert,
                e.firstSeen,
                e.lastSeen,
                e.version == null ? null : read(e.version, ObjectNode.class));
    }

    private static ResourceKey key(String mesh, String name) {
        return ResourceKey.inMesh(ResourceType.DATAPLANE, mesh, name);
    }

    private static DataplaneInsightEntity.Key id(ResourceKey key) {
        return new DataplaneInsightEntity.Key(key.mesh(), key.name());
    }

    private static void check(ResourceKey key) {
        if (key.type() != ResourceType.DATAPLANE) {
            throw new IllegalArgumentException("insights belong to Dataplanes, not to " + key);
        }
    }

    private static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise an insight to JSON", e);
        }
    }

    private static <T> T read(String json, Class<T> type) {
        try {
            return JSON.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored insight JSON is not a " + type.getSimpleName(), null);
        }
    }

    private static <T> T read(String json, TypeReference<T> type) {
        try {
            return JSON.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored insight JSON is malformed", null);
        }
    }
}

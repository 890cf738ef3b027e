package io.meshtrust.store.postgres;

import io.meshtrust.insights.model.CertState;
import io.meshtrust.insights.model.OverviewQuery;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The SQL of an overview page ({@link OverviewQuery}): Dataplanes from {@code resources} (alias {@code r}), joined
 * with {@code dataplane_insights} (alias {@code d}) only when the certificate filters need it. As in {@link ListSql},
 * only the filters present appear in the statement, and every shape can be answered from an index (see the
 * comment in {@code db/migration/V3__dataplane_filters.sql} for the plans).
 *
 * <p>Two shapes:
 * <ul>
 *   <li>Only certificate filters (and perhaps a mesh): the page of keys is read from {@code dataplane_insights}
 *       alone, in Kuma's order, and only those keys are looked up in {@code resources}. An insight always has its
 *       Dataplane (foreign key), so this is the same result, without joining every candidate.</li>
 *   <li>Otherwise: {@code resources} filtered by mesh, name, labels, tags and gateway, joined with the insights
 *       when certificates are filtered; {@code certState=none} is an anti-join.</li>
 * </ul>
 *
 * @param pageSql    the page: {@code r.*} rows in Kuma's order; parameters plus {@code limit} and {@code offset}
 * @param countSql   the count of every matching Dataplane
 * @param parameters named parameters of both statements (except {@code limit} and {@code offset})
 */
record OverviewSql(String pageSql, String countSql, Map<String, Object> parameters) {

    static final String DATAPLANE = "'Dataplane'";
    private static final String ORDER = " order by r.mesh collate \"C\", r.name collate \"C\"";

    static OverviewSql of(OverviewQuery query) {
        var params = new LinkedHashMap<String, Object>();
        var list = query.list();
        boolean resourceFilters = !list.nameContains().isEmpty()
                || !list.labels().isEmpty()
                || !query.tags().isEmpty()
                || query.gateway() != OverviewQuery.Gateway.ANY;
        boolean none = query.certState().map(s -> s == CertState.NONE).orElse(false);
        List<String> insight = insightConditions(query, params);

        if (!resourceFilters && !none && query.filtersOnInsights()) {
            list.mesh().ifPresent(mesh -> {
                insight.add(0, "d.mesh = :mesh");
                params.put("mesh", mesh);
            });
            String where = insight.isEmpty() ? "" : " where " + String.join(" and ", insight);
            String page = "select r.* from (select d.mesh, d.name from dataplane_insights d" + where
                    + " order by d.mesh, d.name limit :limit offset :offset) k"
                    + " join resources r on r.type = " + DATAPLANE + " and r.mesh = k.mesh and r.name = k.name"
                    + ORDER;
            return new OverviewSql(page, "select count(*) from dataplane_insights d" + where, Map.copyOf(params));
        }

        List<String> where = new ArrayList<>(resourceConditions(query, params));
        boolean join = query.filtersOnInsights()
                && !(none
                        && !query.insightRequired()
                        && query.certExpiresBefore().isEmpty()
                        && query.certExpiresAfter().isEmpty());
        if (join) {
            where.addAll(insight);
            if (none) {
                where.add("d.cert_expiration is null");
            }
        } else if (none) {
            where.add("not exists (select 1 from dataplane_insights d where d.mesh = r.mesh and d.name = r.name"
                    + " and d.cert_expiration is not null)");
        }
        String from =
                "from resources r" + (join ? " join dataplane_insights d on d.mesh = r.mesh and d.name = r.name" : "");
        String clause = " where " + String.join(" and ", where);
        return new OverviewSql(
                "select r.* " + from + clause + ORDER + " limit :limit offset :offset",
                "select count(*) " + from + clause,
                Map.copyOf(params));
    }

    private static List<String> resourceConditions(OverviewQuery query, Map<String, Object> params) {
        var list = query.list();
        List<String> where = new ArrayList<>();
        where.add("r.type = " + DATAPLANE);
        list.mesh().ifPresent(mesh -> {
            where.add("r.mesh = :mesh");
            params.put("mesh", mesh);
        });
        if (!list.nameContains().isEmpty()) {
            where.add("r." + ListSql.NAME_LIKE);
            params.put("namePattern", "%" + ListSql.escapeLike(list.nameContains()) + "%");
        }
        if (!list.labels().isEmpty()) {
            where.add("r.labels @> cast(cast(:labels as text) as jsonb)");
            params.put("labels", ResourceRows.labelsJson(list.labels()));
        }
        if (!query.tags().isEmpty()) {
            int i = 0;
            for (var tag : query.tags().entrySet()) {
                // The trigram prefilter, one per tag; the exact rule is the jsonpath below.
                where.add("cast(dataplane_tag_sets(r.spec) as text) like :tagPattern" + i);
                params.put("tagPattern" + i, tagPattern(tag.getKey(), tag.getValue()));
                i++;
            }
            // silent: a tag that is not a string never raises an error, it does not match.
            where.add("jsonb_path_exists(r.spec, cast(:tagPath as jsonpath), jsonb_build_object(), true)");
            params.put("tagPath", tagPath(query.tags()));
        }
        String gateway = "jsonb_typeof(r.spec -> 'networking' -> 'gateway')";
        switch (query.gateway()) {
            case ANY -> {}
            case PRESENT -> where.add(gateway + " = 'object'");
            case ABSENT -> where.add(gateway + " is distinct from 'object'");
            case BUILTIN ->
                where.add(
                        gateway + " = 'object'" + " and (r.spec -> 'networking' -> 'gateway' ->> 'type') = 'BUILTIN'");
            case DELEGATED ->
                where.add(gateway + " = 'object'"
                        + " and coalesce(r.spec -> 'networking' -> 'gateway' ->> 'type', 'DELEGATED') = 'DELEGATED'");
        }
        return where;
    }

    private static List<String> insightConditions(OverviewQuery query, Map<String, Object> params) {
        List<String> where = new ArrayList<>();
        query.certExpiresBefore().ifPresent(before -> {
            where.add("d.cert_expiration < :certBefore");
            params.put("certBefore", before);
        });
        query.certExpiresAfter().ifPresent(after -> {
            where.add("d.cert_expiration > :certAfter");
            params.put("certAfter", after);
        });
        query.certState().ifPresent(state -> {
            switch (state) {
                case EXPIRED -> where.add(PostgresInsightQueries.EXPIRED);
                case OVERDUE -> where.add(PostgresInsightQueries.OVERDUE);
                case RENEW_DUE -> where.add(PostgresInsightQueries.RENEW_DUE);
                case VALID -> where.add(PostgresInsightQueries.VALID);
                case NONE -> {}
            }
            if (state != CertState.NONE) {
                params.put("now", query.at().now());
            }
            if (state == CertState.OVERDUE || state == CertState.RENEW_DUE) {
                params.put("overdueSince", query.at().overdueSince());
            }
        });
        return where;
    }

    /**
     * The prefilter for one tag: the tag's key and value as they appear in the jsonb text of the tag sets
     * ({@code "key": "value"}), with the value as a substring: {@code %"k": "%v%}; {@code %"k": %} for {@code *}.
     */
    static String tagPattern(String key, String value) {
        String keyText = ListSql.escapeLike("\"" + jsonbEscape(key) + "\": ");
        if (value.equals(OverviewQuery.TAG_ANY)) {
            return "%" + keyText + "%";
        }
        return "%" + keyText + "\"%" + ListSql.escapeLike(jsonbEscape(value)) + "%";
    }

    /**
     * Kuma's MatchTagsFuzzy as a jsonpath: one inbound's tags, or the gateway's, have every key, each value
     * containing the given one ({@code like_regex ... flag "q"} is a literal substring match).
     */
    static String tagPath(Map<String, String> tags) {
        List<String> all = new ArrayList<>();
        for (var tag : tags.entrySet()) {
            String key = "@." + jsonpathString(tag.getKey());
            all.add(
                    tag.getValue().equals(OverviewQuery.TAG_ANY)
                            ? "exists(" + key + ")"
                            : key + " like_regex " + jsonpathString(tag.getValue()) + " flag \"q\"");
        }
        String match = String.join(" && ", all);
        return "$.networking ? (exists(@.inbound[*].tags ? (" + match + ")) || exists(@.gateway.tags ? (" + match
                + ")))";
    }

    /** A jsonpath string literal. */
    static String jsonpathString(String s) {
        var out = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    /** A string as PostgreSQL writes it inside jsonb text ({@code escape_json}), without the quotes. */
    static String jsonbEscape(String s) {
        var out = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }
}

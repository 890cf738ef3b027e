package io.meshtrust.store.postgres;

import io.meshtrust.store.ListQuery;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The SQL of a list query. Only the filters present appear in the statement, so that each of the few statement
 * shapes gets a plan that can use the primary key (type, mesh, name), the labels GIN index or the name trigram
 * index, rather than one generic plan with {@code (:p is null or ...)} branches.
 *
 * @param where      the shared {@code where} clause
 * @param parameters named parameters of the clause
 */
record ListSql(String where, Map<String, Object> parameters) {

    /**
     * The name filter. The name trigram index is built under the "POSIX" collation (V3), so that only this filter
     * can use it and equality on name (joins, key lookups) always takes the primary key.
     */
    static final String NAME_LIKE = "name collate \"POSIX\" like :namePattern";

    static ListSql of(ListQuery query) {
        var where = new StringBuilder("type = :type");
        var params = new LinkedHashMap<String, Object>();
        params.put("type", query.type().kumaName());
        query.mesh().ifPresent(mesh -> {
            where.append(" and mesh = :mesh");
            params.put("mesh", mesh);
        });
        if (!query.nameContains().isEmpty()) {
            where.append(" and ").append(NAME_LIKE);
            params.put("namePattern", "%" + escapeLike(query.nameContains()) + "%");
        }
        if (!query.labels().isEmpty()) {
            // Bound as text: the client would encode a string bound straight to a jsonb parameter as a JSON string.
            where.append(" and labels @> cast(cast(:labels as text) as jsonb)");
            params.put("labels", ResourceRows.labelsJson(query.labels()));
        }
        return new ListSql(where.toString(), Map.copyOf(params));
    }

    /** The page, in Kuma's order (mesh, then name, byte order). */
    String pageSql() {
        return "select * from resources where " + where
                + " order by mesh collate \"C\", name collate \"C\" limit :limit offset :offset";
    }

    String countSql() {
        return "select count(*) from resources where " + where;
    }

    /** LIKE treats {@code %}, {@code _} and the escape character as special; a name filter is a plain substring. */
    static String escapeLike(String s) {
        return s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}

package io.meshtrust.store.postgres;

import io.vertx.mutiny.sqlclient.Tuple;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A statement written with {@code :named} parameters (as for Hibernate) turned into PostgreSQL's {@code $n} form for
 * the reactive client, and the tuple of its values. A name used twice binds one position.
 *
 * @param sql   the statement with {@code $1..$n}
 * @param names the parameter names, by position
 */
record PositionalSql(String sql, List<String> names) {

    private static final Pattern PARAMETER = Pattern.compile("(?<![:\\w]):([A-Za-z][A-Za-z0-9]*)");

    static PositionalSql of(String named) {
        List<String> names = new ArrayList<>();
        Matcher m = PARAMETER.matcher(named);
        var out = new StringBuilder();
        while (m.find()) {
            int index = names.indexOf(m.group(1));
            if (index < 0) {
                names.add(m.group(1));
                index = names.size() - 1;
            }
            m.appendReplacement(out, Matcher.quoteReplacement("$" + (index + 1)));
        }
        m.appendTail(out);
        return new PositionalSql(out.toString(), List.copyOf(names));
    }

    /**
     * @throws IllegalArgumentException when a parameter has no value (null values must be present as keys)
     */
    Tuple tuple(Map<String, Object> values) {
        var tuple = Tuple.tuple();
        for (String name : names) {
            if (!values.containsKey(name)) {
                throw new IllegalArgumentException("no value for :" + name);
            }
            Object v = values.get(name);
            tuple.addValue(v instanceof Instant i ? i.atOffset(ZoneOffset.UTC) : v);
        }
        return tuple;
    }
}

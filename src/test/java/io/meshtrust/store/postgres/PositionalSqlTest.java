package io.meshtrust.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PositionalSqlTest {

    @Test
    void numbersNamesInOrderOfFirstUseAndLeavesCastsAlone() {
        var sql = PositionalSql.of("insert into t values (:mesh, :now, :now, x::text, cast(:at as text))");
        assertThat(sql.sql()).isEqualTo("insert into t values ($1, $2, $2, x::text, cast($3 as text))");
        assertThat(sql.names()).containsExactly("mesh", "now", "at");
    }

    @Test
    void bindsInstantsAsUtcTimestampsAndRequiresEveryName() {
        var sql = PositionalSql.of("select :a, :b");
        Map<String, Object> values = new HashMap<>();
        values.put("a", Instant.parse("2024-01-01T00:00:00Z"));
        values.put("b", null);
        var tuple = sql.tuple(values);
        assertThat(tuple.getValue(0)).isEqualTo(OffsetDateTime.parse("2024-01-01T00:00:00Z"));
        assertThat(tuple.getValue(1)).isNull();
        assertThatThrownBy(() -> sql.tuple(Map.of("a", 1))).hasMessageContaining(":b");
        assertThat(List.of(sql.names())).hasSize(1);
    }
}

package io.meshtrust.store.postgres;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * A row of {@code resources} (see {@code db/migration/V1__resources.sql}). Internal to the PostgreSQL store: the
 * rest of meshtrust sees {@link io.meshtrust.store.Resource}.
 *
 * <p>{@code labels} and {@code spec} hold JSON text that {@link ResourceRows} writes and parses, so the stored JSON
 * does not depend on how any other part of the application configures Jackson.
 */
@Entity
@Table(name = "resources")
@IdClass(ResourceEntity.Key.class)
public class ResourceEntity {

    @Id
    @Column(name = "type")
    String type;

    @Id
    @Column(name = "mesh")
    String mesh;

    @Id
    @Column(name = "name")
    String name;

    @Column(name = "version", nullable = false)
    long version;

    @Column(name = "creation_time", nullable = false)
    Instant creationTime;

    @Column(name = "modification_time", nullable = false)
    Instant modificationTime;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "labels", nullable = false)
    String labels;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "spec", nullable = false)
    String spec;

    /** The composite primary key. */
    public static class Key implements Serializable {
        private static final long serialVersionUID = 1L;

        String type;
        String mesh;
        String name;

        public Key() {}

        Key(String type, String mesh, String name) {
            this.type = type;
            this.mesh = mesh;
            this.name = name;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && type.equals(k.type) && mesh.equals(k.mesh) && name.equals(k.name);
        }

        @Override
        public int hashCode() {
            return Objects.hash(type, mesh, name);
        }
    }
}

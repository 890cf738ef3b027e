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

/** A row of {@code dataplane_insights} (see {@code db/migration/V2__dataplane_insights.sql}, {@code V4__dataplane_version.sql}). Internal to the store. */
@Entity
@Table(name = "dataplane_insights")
@IdClass(DataplaneInsightEntity.Key.class)
public class DataplaneInsightEntity {

    @Id
    @Column(name = "mesh")
    String mesh;

    @Id
    @Column(name = "name")
    String name;

    // Always 'Dataplane' (part of the foreign key); mapped so that native "select d.*" rows match the entity.
    @Column(name = "type", insertable = false, updatable = false)
    String type;

    @Column(name = "creation_time", nullable = false)
    Instant creationTime;

    @Column(name = "modification_time", nullable = false)
    Instant modificationTime;

    // JSON arrays are text columns: Hibernate Reactive's JSON type reads only objects.
    @Column(name = "subscriptions", nullable = false)
    String subscriptions;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "metadata")
    String metadata;

    @Column(name = "cert_expiration")
    Instant certExpiration;

    @Column(name = "cert_generation")
    Instant certGeneration;

    @Column(name = "cert_regenerations", nullable = false)
    long certRegenerations;

    @Column(name = "issued_backend")
    String issuedBackend;

    @Column(name = "supported_backends")
    String supportedBackends;

    @Column(name = "cert_serial")
    String certSerial;

    @Column(name = "cert_not_before")
    Instant certNotBefore;

    @Column(name = "renew_after")
    Instant renewAfter;

    @Column(name = "cert_identity")
    String certIdentity;

    @Column(name = "cert_mtls")
    String certMtls;

    @Column(name = "first_seen")
    Instant firstSeen;

    @Column(name = "last_seen")
    Instant lastSeen;

    // What the data plane said it runs (V4__dataplane_version.sql): Kuma's Version JSON object, or null.
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "version")
    String version;

    /** The primary key (mesh, name). */
    public static class Key implements Serializable {
        private static final long serialVersionUID = 1L;

        String mesh;
        String name;

        public Key() {}

        Key(String mesh, String name) {
            this.mesh = mesh;
            this.name = name;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && mesh.equals(k.mesh) && name.equals(k.name);
        }

        @Override
        public int hashCode() {
            return Objects.hash(mesh, name);
        }
    }
}

package io.meshtrust.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the control plane knows about one Dataplane beyond its spec (Kuma's {@code DataplaneInsight}, owned by the
 * Dataplane and deleted with it): xDS subscriptions as Kuma reports them, the {@code mTLS} statistics, and meshtrust's
 * record of the current certificate and of the data plane's last contact.
 *
 * @param dataplane     the key of the owning Dataplane
 * @param subscriptions Kuma's subscription objects, kept as JSON (empty when the data plane never used xDS)
 * @param metadata      Kuma's free-form {@code metadata}, or null
 * @param mtls          the statistics; null when nothing was issued since mTLS was (re-)enabled (Kuma omits the key)
 * @param certificate   the certificate issued last; null with {@code mtls}
 * @param firstSeen     first contact (certificate request or heartbeat) since the insight exists, or null
 * @param lastSeen      last contact, or null
 * @param version       what the data plane said it runs, in Kuma's {@code Version} JSON ({@code kumaDp}, {@code envoy},
 *                      {@code dependencies}; {@code api/mesh/v1alpha1/dataplane_insight.proto}) as the last heartbeat
 *                      that carried one gave it; null when none did
 */
public record DataplaneInsight(
        ResourceKey dataplane,
        Instant creationTime,
        Instant modificationTime,
        ArrayNode subscriptions,
        ObjectNode metadata,
        MtlsStats mtls,
        CurrentCertificate certificate,
        Instant firstSeen,
        Instant lastSeen,
        ObjectNode version) {

    /** An insight without a stated version (seeding and imports). */
    public DataplaneInsight(
            ResourceKey dataplane,
            Instant creationTime,
            Instant modificationTime,
            ArrayNode subscriptions,
            ObjectNode metadata,
            MtlsStats mtls,
            CurrentCertificate certificate,
            Instant firstSeen,
            Instant lastSeen) {
        this(
                dataplane,
                creationTime,
                modificationTime,
                subscriptions,
                metadata,
                mtls,
                certificate,
                firstSeen,
                lastSeen,
                null);
    }

    public DataplaneInsight {
        Objects.requireNonNull(dataplane, "dataplane");
        if (dataplane.type() != ResourceType.DATAPLANE) {
            throw new IllegalArgumentException("an insight belongs to a Dataplane, not to " + dataplane);
        }
        subscriptions = subscriptions == null ? JsonNodeFactory.instance.arrayNode() : subscriptions;
        creationTime = micros(creationTime);
        modificationTime = micros(modificationTime);
        firstSeen = micros(firstSeen);
        lastSeen = micros(lastSeen);
    }

    /** An insight that carries only Kuma's parts (subscriptions, mTLS statistics); for seeding and imports. */
    public static DataplaneInsight of(ResourceKey dataplane, ArrayNode subscriptions, MtlsStats mtls) {
        return new DataplaneInsight(dataplane, null, null, subscriptions, null, mtls, null, null, null);
    }

    public String mesh() {
        return dataplane.mesh();
    }

    public String name() {
        return dataplane.name();
    }

    public Optional<MtlsStats> mtlsStats() {
        return Optional.ofNullable(mtls);
    }

    public Optional<CurrentCertificate> currentCertificate() {
        return Optional.ofNullable(certificate);
    }

    /** The same insight with another stated version (null: none). */
    public DataplaneInsight withVersion(ObjectNode stated) {
        return new DataplaneInsight(
                dataplane,
                creationTime,
                modificationTime,
                subscriptions,
                metadata,
                mtls,
                certificate,
                firstSeen,
                lastSeen,
                stated);
    }

    /**
     * Whether the data plane counts as connected: in contact at or after {@code onlineSince}, or holding a Kuma
     * subscription that is connected and not disconnected (Kuma's rule,
     * {@code api/mesh/v1alpha1/dataplane_insight_helpers.go}, {@code DataplaneInsight.IsOnline}).
     */
    public boolean connected(Instant onlineSince) {
        if (lastSeen != null && !lastSeen.isBefore(onlineSince)) {
            return true;
        }
        for (JsonNode subscription : subscriptions) {
            if (subscription.hasNonNull("connectTime") && !subscription.hasNonNull("disconnectTime")) {
                return true;
            }
        }
        return false;
    }

    static Instant micros(Instant t) {
        return t == null ? null : t.truncatedTo(ChronoUnit.MICROS);
    }

    /**
     * Kuma's {@code DataplaneInsight.MTLS} ({@code api/mesh/v1alpha1/dataplane_insight.proto}).
     *
     * @param certificateExpirationTime   NotAfter of the current leaf
     * @param lastCertificateRegeneration when the current leaf was issued
     * @param certificateRegenerations    how many issuances were recorded since the statistics were last reset
     * @param issuedBackend               the backend that issued the current leaf
     * @param supportedBackends           the backends whose roots the current leaf's bundle holds (see {@link Issuance})
     */
    public record MtlsStats(
            Instant certificateExpirationTime,
            Instant lastCertificateRegeneration,
            long certificateRegenerations,
            String issuedBackend,
            List<String> supportedBackends) {

        public MtlsStats {
            certificateExpirationTime = micros(certificateExpirationTime);
            lastCertificateRegeneration = micros(lastCertificateRegeneration);
            supportedBackends = supportedBackends == null ? List.of() : List.copyOf(supportedBackends);
        }
    }

    /**
     * The certificate issued last, as meshtrust records it (never the key).
     *
     * @param serialNumber    decimal serial
     * @param notBefore       the leaf's NotBefore
     * @param notAfter        the leaf's NotAfter
     * @param renewAfter      the 4/5 point of (notAfter − generation) (Kuma's {@code Info.ExpiringSoon},
     *                        {@code pkg/xds/secrets/secrets.go}); moved to "now" when the
     *                        mesh's mTLS or the dataplane's tags change
     * @param identity        the tag set the leaf was issued for, in Kuma's tag-set string form
     * @param mtlsFingerprint digest of the mesh's {@code mtls} section the leaf was issued under
     */
    public record CurrentCertificate(
            String serialNumber,
            Instant notBefore,
            Instant notAfter,
            Instant renewAfter,
            String identity,
            String mtlsFingerprint) {

        public CurrentCertificate {
            notBefore = micros(notBefore);
            notAfter = micros(notAfter);
            renewAfter = micros(renewAfter);
        }
    }
}

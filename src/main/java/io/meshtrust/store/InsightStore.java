package io.meshtrust.store;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smallrye.mutiny.Uni;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Dataplane insights, beside the {@link ResourceStore} of the same backend. An insight exists only while its
 * Dataplane does: deleting the Dataplane (or its Mesh) deletes it, and writing one for a missing Dataplane fails
 * with {@link StoreException.NotFound}.
 *
 * <p>Writes are single atomic statements, so replicas recording issuances for one data plane at the same moment
 * never lose an increment of {@code certificateRegenerations}.
 */
public interface InsightStore {

    /**
     * Records an issued certificate with Kuma's {@code UpdateCert} semantics
     * ({@code api/mesh/v1alpha1/dataplane_insight_helpers.go}, called by {@code Upsert} in
     * {@code pkg/xds/server/callbacks/dataplane_status_sink.go}): creates the insight and the {@code mTLS} statistics
     * if absent (count 1), otherwise increments the count; the statistics and the current certificate then describe
     * the most recent issuance (by generation time), whatever order concurrent recordings arrive in. Also counts as
     * contact.
     *
     * @return the dataplane's certificate regenerations after this one (what the mint answers; {@link #get} reads the
     *     whole insight): minting needs only the count, and reading back the whole row cost every certificate
     */
    Uni<Long> recordIssuance(ResourceKey dataplane, Issuance issuance);

    /** Records a contact from the data plane (heartbeat): sets {@code lastSeen}, and {@code firstSeen} once. */
    default Uni<DataplaneInsight> recordContact(ResourceKey dataplane, Instant at) {
        return recordContact(dataplane, at, null);
    }

    /**
     * Records a contact, and what the data plane said it runs: {@code version} (Kuma's {@code Version} JSON, already
     * validated) replaces the stored one; null keeps it (a heartbeat without a body says nothing new about it).
     */
    Uni<DataplaneInsight> recordContact(ResourceKey dataplane, Instant at, ObjectNode version);

    Uni<Optional<DataplaneInsight>> get(ResourceKey dataplane);

    /** The insights of the given dataplanes that exist (to attach to a page of Dataplanes). */
    Uni<Map<ResourceKey, DataplaneInsight>> getAll(Collection<ResourceKey> dataplanes);

    /**
     * Replaces an insight as given, apart from the times the store sets (Kuma's subscriptions and statistics, e.g.
     * imported from Kuma or seeded by tests).
     */
    Uni<DataplaneInsight> put(DataplaneInsight insight);

    /**
     * Drops the {@code mTLS} statistics and the current certificate of every insight in a mesh (mTLS was disabled:
     * Kuma resets the statistics).
     *
     * @return how many insights changed
     */
    Uni<Integer> clearMtls(String mesh);

    /**
     * Brings {@code renewAfter} of certificates in a mesh (or of one dataplane) forward to {@code now} plus the data
     * plane's offset in {@code spread}'s window, when that is earlier (the mesh's mTLS or the dataplane's tags
     * changed, so the certificate is due; {@link RenewalSpread}). Never moves a renewal later.
     *
     * @param name one dataplane, or empty for the whole mesh
     * @return how many insights changed
     */
    Uni<Integer> markRenewDue(String mesh, Optional<String> name, Instant now, RenewalSpread spread);

    /**
     * The rotation sweep: dataplanes whose certificate is due ({@code renewAfter <= now}, expired ones included),
     * soonest {@code renewAfter} first.
     */
    Uni<List<ResourceKey>> renewDue(Instant now, int limit);
}

package io.meshtrust.certificates;

import io.meshtrust.ca.MtlsFingerprint;
import io.meshtrust.dataplanes.Dataplane;
import io.meshtrust.resources.SpecMapper;
import io.meshtrust.resources.UpdateListener;
import io.meshtrust.store.InsightStore;
import io.meshtrust.store.Resource;
import io.meshtrust.store.ResourceType;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.InstantSource;
import java.util.Optional;

/**
 * Kuma regenerates a leaf when the mesh's {@code mtls} changes or the dataplane's tag set changes
 * (docs/kuma-ca-insights.md §5.2). meshtrust's data planes renew on their own schedule, so such a change moves the stored
 * {@code renewAfter} to now: the certificate shows as renew-due in the insights and in
 * {@code GET .../certificate}, and the rotation sweep finds it. Disabling mTLS resets the statistics, as Kuma does.
 */
@ApplicationScoped
public class RenewalTriggers implements UpdateListener {

    private final InsightStore insights;
    private final InstantSource clock;

    public RenewalTriggers(InsightStore insights, InstantSource clock) {
        this.insights = insights;
        this.clock = clock;
    }

    @Override
    public Uni<Void> updated(Resource before, Resource after) {
        if (after.type() == ResourceType.MESH) {
            var was = before.spec().get("mtls");
            var now = after.spec().get("mtls");
            if (MtlsFingerprint.of(was).equals(MtlsFingerprint.of(now))) {
                return Uni.createFrom().voidItem();
            }
            boolean disabled = now == null
                    || !now.hasNonNull("enabledBackend")
                    || now.get("enabledBackend").asText().isEmpty();
            return (disabled
                            ? insights.clearMtls(after.name())
                            : insights.markRenewDue(after.name(), Optional.empty(), clock.instant()))
                    .replaceWithVoid();
        }
        if (after.type() == ResourceType.DATAPLANE && !identity(before).equals(identity(after))) {
            return insights.markRenewDue(after.mesh(), Optional.of(after.name()), clock.instant())
                    .replaceWithVoid();
        }
        return Uni.createFrom().voidItem();
    }

    private static String identity(Resource dataplane) {
        try {
            return IdentityTags.of(
                            dataplane.name(), SpecMapper.bind(dataplane.spec(), Dataplane.class), dataplane.labels())
                    .toString();
        } catch (IdentityTags.NoIdentityException e) {
            return "";
        }
    }
}

package io.meshtrust.certificates;

import io.meshtrust.ca.MtlsFingerprint;
import io.meshtrust.config.MeshtrustConfig;
import io.meshtrust.config.SettingNames;
import io.meshtrust.dataplanes.Dataplane;
import io.meshtrust.resources.SpecMapper;
import io.meshtrust.resources.UpdateListener;
import io.meshtrust.store.InsightStore;
import io.meshtrust.store.RenewalSpread;
import io.meshtrust.store.Resource;
import io.meshtrust.store.ResourceType;
import io.quarkus.runtime.Startup;
import io.quarkus.runtime.configuration.ConfigurationException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * Kuma regenerates a leaf when the mesh's {@code mtls} changes or the dataplane's tag set changes
 * (docs/kuma-ca-insights.md §5.2). meshtrust's data planes renew on their own schedule, so such a change brings the
 * stored {@code renewAfter} forward: a tag change to now, a change of the mesh's {@code mtls} to a per-dataplane instant
 * in a short window ({@link RenewalSpread}, {@code meshtrust.certificates.renewal-spread-*}), so that a mesh does not
 * renew all at once. The certificate then shows as renew-due in the insights and in {@code GET .../certificate}. Disabling mTLS resets the statistics, as Kuma does.
 */
@Startup
@ApplicationScoped
public class RenewalTriggers implements UpdateListener {

    private final InsightStore insights;
    private final InstantSource clock;
    private final RenewalSpread spread;

    public RenewalTriggers(InsightStore insights, InstantSource clock, MeshtrustConfig config) {
        this.insights = insights;
        this.clock = clock;
        this.spread = spread(config);
    }

    /**
     * The renewal spread the settings ask for; a value out of range stops the start (this bean is built at start-up)
     * with the variables to fix, rather than failing the first mesh update.
     */
    static RenewalSpread spread(MeshtrustConfig config) {
        try {
            return new RenewalSpread(
                    config.certificates().renewalSpreadFraction(),
                    config.certificates().renewalSpreadMax());
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(SettingNames.env("meshtrust.certificates.renewal-spread-fraction") + " / "
                    + SettingNames.env("meshtrust.certificates.renewal-spread-max") + ": " + e.getMessage());
        }
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
                            : insights.markRenewDue(after.name(), Optional.empty(), now(), spread))
                    .replaceWithVoid();
        }
        if (after.type() == ResourceType.DATAPLANE && !identity(before).equals(identity(after))) {
            return insights.markRenewDue(after.mesh(), Optional.of(after.name()), now(), RenewalSpread.NONE)
                    .replaceWithVoid();
        }
        return Uni.createFrom().voidItem();
    }

    /** Microseconds, as both stores keep them, so that both compute the same due times. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
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

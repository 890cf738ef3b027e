package io.meshtrust.rotation;

import io.meshtrust.insights.model.RotationQueries.Reason;
import io.meshtrust.insights.model.RotationQueries.TrustGroup;
import io.meshtrust.mesh.Mesh;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where a mesh's CA rotation stands, computed from its spec and the counts of what its data planes hold
 * ({@link TrustGroup}; README, "CA rotation"). Pure: the gate, the endpoint, the gauges and the CLI all read this one
 * rule.
 *
 * <p>Meshtrust takes the backend listed <em>last</em> as the newest (Kong Mesh's documented procedure appends the new
 * backend): with several listed and the enabled one not last, the next step is to switch to the last one; with the
 * last one enabled, to retire the others.
 *
 * @param mtlsEnabled        the mesh has an enabled backend (else the phase is {@code stable} and nothing is counted)
 * @param target             the backend to switch to next, if the rotation is before its switch
 * @param retiring           the backends to remove next, if the rotation is past its switch
 * @param holders            data planes holding an unexpired certificate, online and offline
 * @param withoutCertificate data planes with an insight but no unexpired certificate
 * @param laggards           holders holding the next step up, by reason ({@link Reason#of})
 */
public record RotationProgress(
        String mesh,
        boolean mtlsEnabled,
        Phase phase,
        Optional<String> enabledBackend,
        Optional<String> target,
        List<String> retiring,
        List<BackendProgress> backends,
        Counts holders,
        Counts withoutCertificate,
        Map<Reason, Long> laggards) {

    public RotationProgress {
        retiring = List.copyOf(retiring);
        backends = List.copyOf(backends);
        laggards = Map.copyOf(laggards);
    }

    /** The phases of a rotation, in the order a rotation goes through them. */
    public enum Phase {
        /** One backend, every online holder issued by it and trusting only it (or mTLS off). */
        STABLE("stable"),
        /** Several backends; some online holders were not given every listed root yet. */
        TRUST_PROPAGATING("trust-propagating"),
        /** Every online holder trusts every listed backend; the enabled one is not the newest: switch. */
        READY_TO_SWITCH("ready-to-switch"),
        /** Some online holders hold a certificate of another backend, or trust a root no longer listed. */
        RE_ISSUING("re-issuing"),
        /** Every online holder holds a certificate of the newest backend, which is enabled: retire the others. */
        READY_TO_RETIRE("ready-to-retire");

        private final String value;

        Phase(String value) {
            this.value = value;
        }

        public String value() {
            return value;
        }
    }

    public record Counts(long online, long offline) {
        public static final Counts ZERO = new Counts(0, 0);

        public long total() {
            return online + offline;
        }

        Counts plus(boolean online, long n) {
            return online ? new Counts(this.online + n, offline) : new Counts(this.online, offline + n);
        }
    }

    /**
     * One listed backend.
     *
     * @param trustedBy holders whose bundle holds its root
     * @param issuerOf  holders whose certificate it issued
     */
    public record BackendProgress(String name, String type, boolean enabled, Counts trustedBy, Counts issuerOf) {}

    /** How many online holders hold the next step up (the gate's and the alert's number). */
    public long blockingLaggards() {
        return laggards.entrySet().stream()
                .filter(e -> e.getKey() != Reason.OFFLINE)
                .mapToLong(Map.Entry::getValue)
                .sum();
    }

    /** What to do next, in words a person can act on. */
    public String nextStep() {
        if (!mtlsEnabled) {
            return "nothing: mTLS is off on this mesh";
        }
        return switch (phase) {
            case STABLE -> "nothing; to rotate the CA, append the new backend to mtls.backends";
            case TRUST_PROPAGATING ->
                "wait: " + laggards.getOrDefault(Reason.LACKS_ROOT, 0L)
                        + " online dataplanes have not been given the root of every listed backend yet; they renew"
                        + " within the renewal spread window";
            case READY_TO_SWITCH -> "set mtls.enabledBackend to \"" + target.orElseThrow() + "\"";
            case RE_ISSUING ->
                "wait: " + blockingLaggards() + " online dataplanes still hold a certificate of"
                        + " another backend or trust a root no longer listed; they renew within the renewal spread window";
            case READY_TO_RETIRE ->
                "remove "
                        + String.join(
                                ", ",
                                retiring.stream().map(b -> "\"" + b + "\"").toList()) + " from mtls.backends";
        };
    }

    /** The progress of {@code mesh} with {@code mtls} (may be null) and the counts of its data planes. */
    public static RotationProgress of(String mesh, Mesh.Mtls mtls, List<TrustGroup> groups) {
        List<String> listed = mtls == null
                ? List.of()
                : mtls.backends().stream().map(Mesh.Backend::name).toList();
        Counts holders = Counts.ZERO;
        Counts without = Counts.ZERO;
        for (TrustGroup g : groups) {
            if (g.holder()) {
                holders = holders.plus(g.online(), g.count());
            } else {
                without = without.plus(g.online(), g.count());
            }
        }
        List<BackendProgress> backends = new ArrayList<>();
        String enabled = mtls == null ? null : mtls.enabledBackend();
        for (Mesh.Backend b : mtls == null ? List.<Mesh.Backend>of() : mtls.backends()) {
            Counts trusted = Counts.ZERO;
            Counts issued = Counts.ZERO;
            for (TrustGroup g : groups) {
                if (!g.holder()) {
                    continue;
                }
                if (g.supportedBackends().contains(b.name())) {
                    trusted = trusted.plus(g.online(), g.count());
                }
                if (g.issuedBackend().equals(b.name())) {
                    issued = issued.plus(g.online(), g.count());
                }
            }
            backends.add(new BackendProgress(b.name(), b.type(), b.name().equals(enabled), trusted, issued));
        }
        if (enabled == null) {
            return new RotationProgress(
                    mesh,
                    false,
                    Phase.STABLE,
                    Optional.empty(),
                    Optional.empty(),
                    List.of(),
                    backends,
                    holders,
                    without,
                    Map.of());
        }
        Map<Reason, Long> laggards = new EnumMap<>(Reason.class);
        for (TrustGroup g : groups) {
            if (g.holder()) {
                Reason.of(g.online(), g.issuedBackend(), g.supportedBackends(), listed, enabled)
                        .ifPresent(r -> laggards.merge(r, g.count(), Long::sum));
            }
        }
        String newest = listed.get(listed.size() - 1);
        Phase phase;
        if (listed.size() > 1 && laggards.containsKey(Reason.LACKS_ROOT)) {
            phase = Phase.TRUST_PROPAGATING;
        } else if (laggards.containsKey(Reason.LACKS_ROOT)
                || laggards.containsKey(Reason.OLD_ISSUER)
                || laggards.containsKey(Reason.STALE_ROOT)) {
            phase = Phase.RE_ISSUING;
        } else if (listed.size() > 1) {
            phase = enabled.equals(newest) ? Phase.READY_TO_RETIRE : Phase.READY_TO_SWITCH;
        } else {
            phase = Phase.STABLE;
        }
        Optional<String> target = enabled.equals(newest) ? Optional.empty() : Optional.of(newest);
        List<String> retiring = enabled.equals(newest)
                ? listed.stream().filter(b -> !b.equals(enabled)).toList()
                : List.of();
        return new RotationProgress(
                mesh, true, phase, Optional.of(enabled), target, retiring, backends, holders, without, laggards);
    }
}

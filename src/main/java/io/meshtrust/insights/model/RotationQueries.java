package io.meshtrust.insights.model;

import io.smallrye.mutiny.Uni;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The read model of CA rotation (issue 15 point 4; README, "CA rotation"): which backends' roots the data planes of a
 * mesh were given ({@code supportedBackends}) and which backend issued what they hold ({@code issuedBackend}), counted
 * in the database and paged there for the data planes holding a rotation up. A data plane counts as a <em>holder</em>
 * while its certificate is unexpired; one without a certificate, or with an expired one, gets everything from the
 * current mesh when it asks, so it holds nothing up.
 *
 * <p>The rule that says whether, and why, a holder holds the next step up is {@link Reason#of}; the PostgreSQL adapter
 * mirrors it in SQL and {@code RotationQueriesOnPostgresTest} checks that both agree.
 */
public interface RotationQueries {

    /**
     * Data planes of the given meshes grouped by what they hold: one group per mesh, issuer, bundle and status.
     *
     * @param onlineSince contacts at or after this instant make a data plane Online (as in {@link InsightQueries})
     * @param now         certificates with {@code notAfter <= now} are expired
     * @return per mesh (every mesh asked for, possibly with no group), its groups
     */
    Uni<Map<String, List<TrustGroup>>> trustGroups(Collection<String> meshes, Instant onlineSince, Instant now);

    /** The holders of one mesh that hold the next step up ({@link Reason#of} not empty), by name, one page. */
    Uni<LaggardPage> laggards(LaggardQuery query);

    /**
     * Data planes with the same issuer, bundle and status.
     *
     * @param holder            the certificate is unexpired (else the issuer and bundle are the expired one's, or
     *                          empty when there is none)
     * @param issuedBackend     the backend that issued the certificate, or empty
     * @param supportedBackends the backends whose roots its bundle holds
     */
    record TrustGroup(
            boolean holder, String issuedBackend, List<String> supportedBackends, boolean online, long count) {
        public TrustGroup {
            issuedBackend = issuedBackend == null ? "" : issuedBackend;
            supportedBackends = List.copyOf(supportedBackends);
        }
    }

    /**
     * What a mesh asks of its holders now: trust every listed backend, trust nothing else, hold a certificate of the
     * enabled one.
     *
     * @param listed  the mesh's backends, in order
     * @param enabled the enabled backend (mTLS on)
     * @param reason  only laggards with this reason
     */
    record LaggardQuery(
            String mesh,
            List<String> listed,
            String enabled,
            Instant onlineSince,
            Instant now,
            Optional<Reason> reason,
            Optional<String> nameContains,
            int offset,
            int size) {
        public LaggardQuery {
            Objects.requireNonNull(enabled, "enabled");
            listed = List.copyOf(listed);
        }
    }

    /** One data plane holding the next step up. */
    record Laggard(
            String name,
            Reason reason,
            String issuedBackend,
            List<String> supportedBackends,
            Instant certificateExpirationTime,
            Instant renewAfter,
            Instant lastSeen) {
        public Laggard {
            supportedBackends = List.copyOf(supportedBackends);
        }
    }

    record LaggardPage(long total, List<Laggard> items) {
        public LaggardPage {
            items = List.copyOf(items);
        }
    }

    /** Why a holder holds the next step of a rotation up, first failing first. */
    enum Reason {
        /** Its bundle lacks the root of a listed backend: a peer's certificate from it would be refused. */
        LACKS_ROOT("lacks root", "lacks-root"),
        /** Its certificate is not from the enabled backend. */
        OLD_ISSUER("old issuer", "old-issuer"),
        /** Its bundle still trusts a backend no longer listed (the rotation is not over until it is gone). */
        STALE_ROOT("stale root", "stale-root"),
        /** It is offline and not in the state the mesh asks for; it does not block, it renews when it returns. */
        OFFLINE("offline", "offline");

        private final String label;
        private final String spelling;

        Reason(String label, String spelling) {
            this.label = label;
            this.spelling = spelling;
        }

        /** As the JSON shows it. */
        public String label() {
            return label;
        }

        /** As the {@code reason} query parameter spells it. */
        public String spelling() {
            return spelling;
        }

        public static Optional<Reason> parse(String spelling) {
            return Arrays.stream(values())
                    .filter(r -> r.spelling.equals(spelling))
                    .findFirst();
        }

        /**
         * Whether, and why, a holder holds the next step up: in order, a listed root missing from its bundle, an
         * issuer other than the enabled backend, a root in its bundle that is no longer listed; an offline holder that
         * fails any of them is {@link #OFFLINE}.
         */
        public static Optional<Reason> of(
                boolean online, String issuedBackend, List<String> supported, List<String> listed, String enabled) {
            var trusts = new HashSet<>(supported);
            Reason failing = null;
            if (!trusts.containsAll(listed)) {
                failing = LACKS_ROOT;
            } else if (!enabled.equals(issuedBackend)) {
                failing = OLD_ISSUER;
            } else if (!new HashSet<>(listed).containsAll(trusts)) {
                failing = STALE_ROOT;
            }
            if (failing == null) {
                return Optional.empty();
            }
            return Optional.of(online ? failing : OFFLINE);
        }
    }
}

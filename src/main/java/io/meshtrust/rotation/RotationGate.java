package io.meshtrust.rotation;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshtrust.api.Violation;
import io.meshtrust.insights.DataplaneStatus;
import io.meshtrust.insights.model.RotationQueries;
import io.meshtrust.insights.model.RotationQueries.TrustGroup;
import io.meshtrust.mesh.Mesh;
import io.meshtrust.resources.MeshLifecycle;
import io.meshtrust.resources.SpecMapper;
import io.meshtrust.resources.WriteOptions;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;
import org.jboss.logging.Logger;

/**
 * The gate of a CA rotation (issue 15 point 2; README, "CA rotation"). Kuma forbids changing {@code enabledBackend}
 * while mTLS is on ({@code pkg/core/managers/apis/mesh/mesh_manager.go}, {@code ValidateUpdate}); Kong Mesh allows it
 * and leaves the waiting to the operator. meshtrust allows it once it cannot break a handshake:
 *
 * <ul>
 *   <li>switching to backend B is allowed when every online data plane holding an unexpired certificate was given B's
 *       root (its {@code supportedBackends} holds B): a peer's certificate from B is then accepted everywhere;</li>
 *   <li>removing backend A is allowed when no online data plane holds an unexpired certificate A issued: no peer
 *       presents one once A's root leaves the bundles.</li>
 * </ul>
 *
 * Offline data planes do not block (they renew when they return, and are listed by {@code GET .../ca-rotation}).
 * Otherwise the update is refused with Kuma's validation body and a message saying how many data planes hold it up and
 * where to see them; {@code ?force=true} overrides, and the override is logged (who, what, how many) and counted
 * ({@code ca_rotation_forced_total{mesh,action}}).
 */
@Singleton
public class RotationGate implements MeshLifecycle {

    private static final Logger LOG = Logger.getLogger(RotationGate.class);

    private final RotationQueries queries;
    private final DataplaneStatus status;
    private final InstantSource clock;
    private final MeterRegistry registry;

    public RotationGate(RotationQueries queries, DataplaneStatus status, InstantSource clock, MeterRegistry registry) {
        this.queries = queries;
        this.status = status;
        this.clock = clock;
        this.registry = registry;
    }

    @Override
    public Uni<List<Violation>> validateUpdate(String mesh, ObjectNode before, ObjectNode after, WriteOptions options) {
        Mesh.Mtls old = mtls(before);
        Mesh.Mtls now = mtls(after);
        if (old == null || now == null || old.enabledBackend() == null || now.enabledBackend() == null) {
            // mTLS turned on or off: Kuma's rules (nothing is issued under the old state, or nothing will be).
            return Uni.createFrom().item(List.of());
        }
        boolean switching = !Objects.equals(old.enabledBackend(), now.enabledBackend());
        Set<String> removed = new LinkedHashSet<>(names(old));
        removed.removeAll(names(now));
        if (!switching && removed.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        Instant at = clock.instant();
        return queries.trustGroups(List.of(mesh), status.onlineSince(at), at).map(all -> {
            List<TrustGroup> holders = all.getOrDefault(mesh, List.of()).stream()
                    .filter(TrustGroup::holder)
                    .toList();
            List<Violation> violations = new ArrayList<>();
            if (switching) {
                String target = now.enabledBackend();
                long online = count(holders, true, g -> !g.supportedBackends().contains(target));
                long offline = count(holders, false, g -> !g.supportedBackends().contains(target));
                if (online > 0) {
                    String what = "switch from \"" + old.enabledBackend() + "\" to \"" + target + "\"";
                    if (options.force()) {
                        forced(mesh, "switch", what, online, options);
                    } else {
                        violations.add(new Violation(
                                "mtls.enabledBackend",
                                "cannot switch to backend \"" + target + "\" yet: " + online + " of "
                                        + count(holders, true, g -> true)
                                        + " online dataplanes have not been given its root" + offline(offline)
                                        + "; they renew within the renewal spread window. See GET /meshes/" + mesh
                                        + "/ca-rotation?reason=lacks-root for the dataplanes, and switch when its"
                                        + " phase is ready-to-switch, or repeat with ?force=true to switch anyway"
                                        + " (handshakes with them will fail)"));
                    }
                }
            }
            for (String backend : removed) {
                long online = count(holders, true, g -> g.issuedBackend().equals(backend));
                long offline = count(holders, false, g -> g.issuedBackend().equals(backend));
                if (online > 0) {
                    String what = "removal of \"" + backend + "\"";
                    if (options.force()) {
                        forced(mesh, "remove", what, online, options);
                    } else {
                        violations.add(new Violation(
                                "mtls.backends",
                                "cannot remove backend \"" + backend + "\" yet: " + online
                                        + " online dataplanes hold unexpired certificates it issued" + offline(offline)
                                        + "; they renew within the renewal spread window. See GET /meshes/" + mesh
                                        + "/ca-rotation?reason=old-issuer for the dataplanes, and remove it when its"
                                        + " phase is ready-to-retire, or repeat with ?force=true to remove it anyway"
                                        + " (handshakes with them will fail)"));
                    }
                }
            }
            return violations;
        });
    }

    private void forced(String mesh, String action, String what, long online, WriteOptions options) {
        LOG.warnf(
                "mesh %s: %s forced by %s although %d online dataplanes are not ready (?force=true)",
                mesh, what, options.caller(), online);
        Counter.builder("ca_rotation_forced")
                .description("CA rotation steps forced past the gate (?force=true), by mesh and action")
                .tag("mesh", mesh)
                .tag("action", action)
                .register(registry)
                .increment();
    }

    private static String offline(long offline) {
        return offline == 0 ? "" : " (" + offline + " offline dataplanes do not block: they renew when they return)";
    }

    private static long count(List<TrustGroup> holders, boolean online, Predicate<TrustGroup> p) {
        return holders.stream()
                .filter(g -> g.online() == online && p.test(g))
                .mapToLong(TrustGroup::count)
                .sum();
    }

    private static List<String> names(Mesh.Mtls mtls) {
        return mtls.backends().stream().map(Mesh.Backend::name).toList();
    }

    private static Mesh.Mtls mtls(ObjectNode spec) {
        return spec == null ? null : SpecMapper.bind(spec, Mesh.class).mtls();
    }
}

package io.meshtrust.rotation;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshtrust.insights.model.RotationQueries.Reason;
import io.meshtrust.insights.model.RotationQueries.TrustGroup;
import io.meshtrust.mesh.Mesh;
import io.meshtrust.rotation.RotationProgress.Phase;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** The phases of a rotation and the laggard rule, on counts as the stores give them. */
class RotationProgressTest {

    static Mesh.Mtls mtls(String enabled, String... backends) {
        List<Mesh.Backend> list = new ArrayList<>();
        for (String b : backends) {
            list.add(new Mesh.Backend(b, "builtin", null, null, null, null));
        }
        return new Mesh.Mtls(enabled, list, null);
    }

    static TrustGroup online(String issued, String... supported) {
        return new TrustGroup(true, issued, List.of(supported), true, 1);
    }

    static TrustGroup offline(String issued, String... supported) {
        return new TrustGroup(true, issued, List.of(supported), false, 1);
    }

    @Test
    void aRotationGoesThroughEveryPhaseInOrder() {
        var a = mtls("a", "a");
        assertThat(RotationProgress.of("m", a, List.of(online("a", "a"))).phase())
                .isEqualTo(Phase.STABLE);
        var ab = mtls("a", "a", "b");
        var propagating = RotationProgress.of("m", ab, List.of(online("a", "a", "b"), online("a", "a")));
        assertThat(propagating.phase()).isEqualTo(Phase.TRUST_PROPAGATING);
        assertThat(propagating.target()).contains("b");
        assertThat(propagating.laggards()).containsEntry(Reason.LACKS_ROOT, 1L);
        assertThat(RotationProgress.of("m", ab, List.of(online("a", "a", "b"))).phase())
                .isEqualTo(Phase.READY_TO_SWITCH);
        var switched = mtls("b", "a", "b");
        var reissuing = RotationProgress.of("m", switched, List.of(online("a", "a", "b"), online("b", "a", "b")));
        assertThat(reissuing.phase()).isEqualTo(Phase.RE_ISSUING);
        assertThat(reissuing.laggards()).containsEntry(Reason.OLD_ISSUER, 1L);
        var retire = RotationProgress.of("m", switched, List.of(online("b", "a", "b")));
        assertThat(retire.phase()).isEqualTo(Phase.READY_TO_RETIRE);
        assertThat(retire.retiring()).containsExactly("a");
        var b = mtls("b", "b");
        var stale = RotationProgress.of("m", b, List.of(online("b", "a", "b")));
        assertThat(stale.phase()).isEqualTo(Phase.RE_ISSUING);
        assertThat(stale.laggards()).containsEntry(Reason.STALE_ROOT, 1L);
        assertThat(RotationProgress.of("m", b, List.of(online("b", "b"))).phase())
                .isEqualTo(Phase.STABLE);
    }

    @Test
    void offlineHoldersAndExpiredCertificatesNeverBlock() {
        var ab = mtls("a", "a", "b");
        var p = RotationProgress.of(
                "m",
                ab,
                List.of(online("a", "a", "b"), offline("a", "a"), new TrustGroup(false, "a", List.of("a"), true, 5)));
        assertThat(p.phase()).isEqualTo(Phase.READY_TO_SWITCH);
        assertThat(p.laggards()).containsEntry(Reason.OFFLINE, 1L).doesNotContainKey(Reason.LACKS_ROOT);
        assertThat(p.blockingLaggards()).isZero();
        assertThat(p.withoutCertificate().online()).isEqualTo(5);
        assertThat(p.backends().get(1).trustedBy()).isEqualTo(new RotationProgress.Counts(1, 0));
    }

    @Test
    void mtlsOffIsStableWithNothingToDo() {
        var p = RotationProgress.of("m", mtls(null, "a", "b"), List.of(online("a", "a")));
        assertThat(p.mtlsEnabled()).isFalse();
        assertThat(p.phase()).isEqualTo(Phase.STABLE);
        assertThat(p.laggards()).isEmpty();
        assertThat(RotationProgress.of("m", null, List.of()).nextStep()).isEqualTo("nothing: mTLS is off on this mesh");
    }

    /** The holders the mesh asks nothing more of are exactly those Reason.of clears; the phase is stable only then. */
    @Property
    void stableMeansNoHolderIsALaggardAndOneBackend(@ForAll("meshes") List<Object> drawn) {
        @SuppressWarnings("unchecked")
        List<String> listed = (List<String>) drawn.get(0);
        String enabled = (String) drawn.get(1);
        @SuppressWarnings("unchecked")
        List<TrustGroup> groups = (List<TrustGroup>) drawn.get(2);
        var p = RotationProgress.of("m", mtls(enabled, listed.toArray(String[]::new)), groups);
        long blocking = groups.stream()
                .filter(g -> g.holder() && g.online())
                .filter(g -> Reason.of(true, g.issuedBackend(), g.supportedBackends(), listed, enabled)
                        .isPresent())
                .mapToLong(TrustGroup::count)
                .sum();
        assertThat(p.blockingLaggards()).isEqualTo(blocking);
        assertThat(p.phase() == Phase.STABLE).isEqualTo(blocking == 0 && listed.size() == 1);
        assertThat(p.phase() == Phase.READY_TO_SWITCH || p.phase() == Phase.READY_TO_RETIRE)
                .isEqualTo(blocking == 0 && listed.size() > 1);
        long holders = groups.stream()
                .filter(TrustGroup::holder)
                .mapToLong(TrustGroup::count)
                .sum();
        assertThat(p.holders().total()).isEqualTo(holders);
    }

    @Provide
    Arbitrary<List<Object>> meshes() {
        List<String> universe = List.of("a", "b", "c");
        Arbitrary<List<String>> listed =
                Arbitraries.of(universe).list().ofMinSize(1).ofMaxSize(3).uniqueElements();
        Arbitrary<TrustGroup> group = Combinators.combine(
                        Arbitraries.of(true, false),
                        Arbitraries.of("a", "b", "c", ""),
                        Arbitraries.of(universe).list().ofMaxSize(3).uniqueElements(),
                        Arbitraries.of(true, false),
                        Arbitraries.longs().between(1, 1000))
                .as(TrustGroup::new);
        return listed.flatMap(
                l -> Combinators.combine(Arbitraries.of(l), group.list().ofMaxSize(6))
                        .as((enabled, groups) -> List.of(l, enabled, groups)));
    }
}

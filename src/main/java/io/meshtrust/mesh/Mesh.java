package io.meshtrust.mesh;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;

/**
 * The spec of a Kuma Mesh as meshtrust models it (docs/kuma-ca-insights.md §1.1). {@code mtls} is typed because the trust
 * plane acts on it; the other sections of Kuma's Mesh are kept as JSON objects so that Kuma clients round-trip them.
 * Zero values are omitted, as protobuf JSON does.
 */
// Bound by Jackson through reflection (SpecMapper); native images need the records registered. With targets set,
// Quarkus
// registers only the targets, so Mesh itself is listed too.
@RegisterForReflection(
        targets = {
            Mesh.class,
            Mesh.Mtls.class,
            Mesh.Backend.class,
            Mesh.Mode.class,
            Mesh.DpCert.class,
            Mesh.Rotation.class,
            Mesh.RootChain.class
        })
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Mesh(
        Mtls mtls,
        ObjectNode tracing,
        ObjectNode logging,
        ObjectNode metrics,
        ObjectNode networking,
        ObjectNode routing,
        ObjectNode constraints,
        List<String> skipCreatingInitialPolicies,
        ObjectNode meshServices) {

    /** The mTLS section: {@code enabledBackend} empty means mTLS is off. */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record Mtls(String enabledBackend, List<Backend> backends, Boolean skipValidation) {
        public Mtls {
            enabledBackend = enabledBackend == null || enabledBackend.isEmpty() ? null : enabledBackend;
            skipValidation = Boolean.TRUE.equals(skipValidation) ? Boolean.TRUE : null;
            backends = backends == null ? List.of() : List.copyOf(backends);
        }
    }

    /** One CA backend; {@code conf} is the plugin's own configuration. */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record Backend(String name, String type, Mode mode, DpCert dpCert, RootChain rootChain, ObjectNode conf) {
        public Backend {
            // STRICT is the protobuf zero value and therefore never written.
            mode = mode == Mode.STRICT ? null : mode;
        }
    }

    /** Backend mode: STRICT accepts only mTLS inbound; PERMISSIVE accepts plaintext too. */
    public enum Mode {
        STRICT,
        PERMISSIVE
    }

    /** Data-plane certificate settings. */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record DpCert(Rotation rotation, String requestTimeout) {}

    /** {@code expiration} is a Kuma duration string such as {@code 1d}. */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record Rotation(String expiration) {}

    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record RootChain(String requestTimeout) {}
}

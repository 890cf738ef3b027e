package io.meshtrust.certificates;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshtrust.api.ApiException;
import io.meshtrust.api.Titled;
import io.meshtrust.api.Violation;
import io.meshtrust.authn.RequestIdentity;
import io.meshtrust.ca.CaMaterialCache;
import io.meshtrust.dataplanes.Dataplane;
import io.meshtrust.insights.CertStateClock;
import io.meshtrust.insights.model.CertState;
import io.meshtrust.resources.JsonBodies;
import io.meshtrust.resources.SpecMapper;
import io.meshtrust.store.DataplaneInsight;
import io.meshtrust.store.InsightStore;
import io.meshtrust.store.Resource;
import io.meshtrust.store.ResourceKey;
import io.meshtrust.store.ResourceStore;
import io.meshtrust.store.ResourceType;
import io.meshtrust.values.GoDuration;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * meshtrust's data-plane endpoints (README, "Data-plane certificates"): {@code POST .../certificate} mints,
 * {@code GET .../certificate} shows the current certificate and whether it is due, {@code POST .../heartbeat} records
 * contact (Online status).
 * Callers: the data plane with its dataplane token, or an admin ({@link DataplaneCallers}).
 */
@Path("/meshes/{mesh}/dataplanes/{name}")
@Produces(MediaType.APPLICATION_JSON)
public class DataplaneCertificateResource {

    static final String MINT_TITLE = "Could not issue a certificate";
    static final String HEARTBEAT_TITLE = "Could not record the heartbeat";
    static final int MAX_BODY = 64 * 1024;

    private final RequestIdentity identity;
    private final DataplaneCallers callers;
    private final DataplaneCertificates certificates;
    private final ResourceStore store;
    private final InsightStore insights;
    private final InstantSource clock;
    private final CertStateClock states;

    public DataplaneCertificateResource(
            RequestIdentity identity,
            DataplaneCallers callers,
            DataplaneCertificates certificates,
            ResourceStore store,
            InsightStore insights,
            InstantSource clock,
            CertStateClock states) {
        this.identity = identity;
        this.callers = callers;
        this.certificates = certificates;
        this.store = store;
        this.insights = insights;
        this.clock = clock;
        this.states = states;
    }

    /** The response of a mint; {@code privateKey} only in server-key mode. */
    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record IssuedJson(
            String certificate,
            String caBundle,
            String privateKey,
            String serialNumber,
            String notBefore,
            String notAfter,
            String renewAfter,
            String backend,
            String spiffeId,
            List<String> uris,
            long certificateRegenerations) {}

    /** The current certificate's metadata and whether it is due. */
    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record StatusJson(
            String mesh,
            String name,
            String state,
            boolean renewalDue,
            List<String> reasons,
            String serialNumber,
            String notBefore,
            String notAfter,
            String renewAfter,
            String lastCertificateRegeneration,
            Long certificateRegenerations,
            String backend,
            String identity,
            String lastSeen) {}

    @POST
    @Path("certificate")
    @Consumes(MediaType.WILDCARD)
    public Uni<Response> issue(@PathParam("mesh") String mesh, @PathParam("name") String name, byte[] body) {
        var caller = callers.identify(identity, mesh, name);
        DataplaneCertificates.KeySource source;
        try {
            source = keySource(body);
        } catch (ApiException e) {
            return Uni.createFrom().failure(mintFailure(e));
        }
        return dataplane(mesh, name, caller)
                .chain(dp -> certificates.issue(dp.resource(), dp.spec(), source))
                .map(issued -> Response.ok(json(issued)).build())
                .onFailure()
                .transform(DataplaneCertificateResource::mintFailure);
    }

    /**
     * The one translation of minting's domain failures to Kuma's error bodies (title {@value #MINT_TITLE}): a bad
     * request is a 400 with one violation, mTLS disabled a 400, a CA that cannot be loaded a 503. The backoff
     * ({@link DataplaneCertificates.BackingOffException}, 503 with {@code Retry-After}) is only titled: it has its own
     * row in {@code http/ErrorMapper}.
     */
    static Throwable mintFailure(Throwable failure) {
        Throwable mapped = failure;
        if (failure instanceof InvalidCertificateRequestException e) {
            mapped = ApiException.Invalid.of(e.field(), e.getMessage());
        } else if (failure instanceof CaMaterialCache.MtlsDisabledException e) {
            mapped = new ApiException.BadRequest(e.getMessage());
        } else if (failure instanceof CaMaterialCache.CaUnavailableException e) {
            mapped = new ApiException.CaUnavailable(e.getMessage());
        }
        return Titled.wrap(mapped, MINT_TITLE);
    }

    @GET
    @Path("certificate")
    public Uni<Response> status(@PathParam("mesh") String mesh, @PathParam("name") String name) {
        var caller = callers.identify(identity, mesh, name);
        return dataplane(mesh, name, caller)
                .chain(dp -> certificates.status(dp.resource(), dp.spec()))
                .map(status -> Response.ok(json(mesh, name, status, states.at(status.now())))
                        .build());
    }

    /**
     * Contact, and optionally what the data plane runs: an empty body (or {@code {}}) records contact only;
     * {@code {"version": <Kuma's Version>}} also replaces the stated version ({@link HeartbeatBody}).
     */
    @POST
    @Path("heartbeat")
    @Consumes(MediaType.WILDCARD)
    public Uni<Response> heartbeat(@PathParam("mesh") String mesh, @PathParam("name") String name, byte[] body) {
        var caller = callers.identify(identity, mesh, name);
        ObjectNode version;
        try {
            version = HeartbeatBody.version(body);
        } catch (HeartbeatBody.InvalidHeartbeatException e) {
            ApiException mapped = e.violations().isEmpty()
                    ? new ApiException.BadRequest(e.getMessage())
                    : new ApiException.Invalid(e.violations());
            return Uni.createFrom().failure(Titled.wrap(mapped, HEARTBEAT_TITLE));
        }
        return dataplane(mesh, name, caller)
                .chain(dp -> insights.recordContact(dp.resource().key(), clock.instant(), version))
                .map(ignored -> Response.noContent().build());
    }

    /** A Dataplane with its spec bound once, for the binding check and for what the endpoint does next. */
    record BoundDataplane(Resource resource, Dataplane spec) {}

    /** The Dataplane, read once, that {@code caller} may act for. */
    private Uni<BoundDataplane> dataplane(String mesh, String name, DataplaneCallers.Caller caller) {
        return store.get(ResourceKey.inMesh(ResourceType.DATAPLANE, mesh, name))
                .map(found -> found.orElseThrow(ApiException.NotFound::new))
                .map(resource -> {
                    var dp = new BoundDataplane(resource, SpecMapper.bind(resource.spec(), Dataplane.class));
                    callers.checkBinding(caller, tagsAndLabels(dp), resource.labels());
                    return dp;
                });
    }

    /** {@code {"csr": PEM}}, or {@code {}} / {@code {"keyType": ...}}; an empty body is {@code {}}. */
    static DataplaneCertificates.KeySource keySource(byte[] body) {
        if (body == null || body.length == 0) {
            return new DataplaneCertificates.KeySource.ServerKey(DataplaneKeys.ServerKeyType.fromJson(null));
        }
        if (body.length > MAX_BODY) {
            throw ApiException.Invalid.of("", "request body is larger than " + MAX_BODY + " bytes");
        }
        JsonNode json;
        try {
            json = JsonBodies.readObject(body);
        } catch (JsonBodies.MalformedJsonException e) {
            throw new ApiException.BadRequest(
                    e.getMessage() + ": send {\"csr\": \"<PEM>\"} or {\"keyType\": \"rsa2048\"}");
        }
        List<Violation> violations = new ArrayList<>();
        for (Iterator<String> it = json.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!field.equals("csr") && !field.equals("keyType")) {
                violations.add(new Violation(field, "unknown field: expected csr or keyType"));
            }
        }
        JsonNode csr = json.get("csr");
        JsonNode keyType = json.get("keyType");
        if (csr != null && !csr.isNull() && !csr.isTextual()) {
            violations.add(new Violation("csr", "must be a string holding a PEM-encoded PKCS#10 certificate request"));
        }
        if (keyType != null && !keyType.isNull() && !keyType.isTextual()) {
            violations.add(new Violation("keyType", "must be a string: rsa2048 or ecdsa-p256"));
        }
        boolean hasCsr = csr != null && csr.isTextual();
        if (hasCsr && keyType != null && !keyType.isNull()) {
            violations.add(new Violation("keyType", "cannot be combined with csr: the CSR's key is used"));
        }
        DataplaneKeys.ServerKeyType type = null;
        if (!hasCsr && keyType != null && keyType.isTextual()) {
            try {
                type = DataplaneKeys.ServerKeyType.fromJson(keyType.asText());
            } catch (InvalidCertificateRequestException e) {
                violations.add(new Violation(e.field(), e.getMessage()));
            }
        }
        if (!violations.isEmpty()) {
            throw new ApiException.Invalid(violations);
        }
        return hasCsr
                ? new DataplaneCertificates.KeySource.Csr(csr.asText())
                : new DataplaneCertificates.KeySource.ServerKey(
                        type != null ? type : DataplaneKeys.ServerKeyType.fromJson(null));
    }

    static Map<String, Set<String>> tagsAndLabels(BoundDataplane dataplane) {
        Map<String, Set<String>> all = new HashMap<>();
        var spec = dataplane.spec();
        if (spec.networking() != null) {
            spec.networking()
                    .inbound()
                    .forEach(i -> i.tags()
                            .forEach((k, v) ->
                                    all.computeIfAbsent(k, x -> new TreeSet<>()).add(v)));
            if (spec.networking().gateway() != null) {
                spec.networking()
                        .gateway()
                        .tags()
                        .forEach((k, v) ->
                                all.computeIfAbsent(k, x -> new TreeSet<>()).add(v));
            }
        }
        dataplane
                .resource()
                .labels()
                .forEach((k, v) -> all.computeIfAbsent(k, x -> new TreeSet<>()).add(v));
        return all;
    }

    static IssuedJson json(DataplaneCertificates.Issued issued) {
        String spiffe = issued.uris().stream()
                .filter(u -> u.startsWith("spiffe://"))
                .findFirst()
                .orElse(null);
        return new IssuedJson(
                issued.certificatePem(),
                issued.caBundlePem(),
                issued.privateKeyPem(),
                issued.serialNumber(),
                issued.notBefore().toString(),
                issued.notAfter().toString(),
                issued.renewAfter().toString(),
                issued.backend(),
                spiffe,
                issued.uris(),
                issued.regenerations());
    }

    /** The status at {@code at} (the status's instant, with the overdue grace). */
    static StatusJson json(String mesh, String name, DataplaneCertificates.Status status, CertState.At at) {
        var insight = status.insight();
        var cert = insight.flatMap(DataplaneInsight::currentCertificate);
        var mtls = insight.flatMap(DataplaneInsight::mtlsStats);
        String lastSeen =
                insight.map(DataplaneInsight::lastSeen).map(Instant::toString).orElse(null);
        List<String> reasons = new ArrayList<>();
        if (cert.isEmpty()) {
            reasons.add("no certificate has been issued");
            return new StatusJson(
                    mesh,
                    name,
                    CertState.NONE.value(),
                    true,
                    reasons,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    status.tags().toString(),
                    lastSeen);
        }
        var c = cert.get();
        CertState state = CertState.of(c.notAfter(), c.renewAfter(), at);
        if (state == CertState.EXPIRED) {
            reasons.add("the certificate expired at " + c.notAfter());
        } else if (state == CertState.OVERDUE) {
            reasons.add("overdue: past renewAfter (" + c.renewAfter() + ") by more than the grace of "
                    + GoDuration.format(at.grace()) + "; the data plane should have renewed and did not");
        } else if (state == CertState.RENEW_DUE) {
            reasons.add("past renewAfter (" + c.renewAfter() + ")");
        }
        boolean due = state != CertState.VALID;
        if (status.ca().isEmpty()) {
            reasons.add(status.caProblem());
            due = true;
        } else if (!status.ca().get().mtlsFingerprint().equals(c.mtlsFingerprint())) {
            // Due at renewAfter, which the change brought forward to this dataplane's place in the renewal spread
            // window (RenewalTriggers): saying "due now" here would make every agent of the mesh renew at once.
            reasons.add("the mesh's mtls settings changed since issuance (renew by renewAfter)");
        }
        if (!status.tags().toString().equals(c.identity())) {
            reasons.add("the dataplane's tags changed since issuance");
            due = true;
        }
        return new StatusJson(
                mesh,
                name,
                state.value(),
                due,
                reasons,
                c.serialNumber(),
                c.notBefore().toString(),
                c.notAfter().toString(),
                c.renewAfter().toString(),
                mtls.map(m -> m.lastCertificateRegeneration())
                        .map(Instant::toString)
                        .orElse(null),
                mtls.map(m -> m.certificateRegenerations()).orElse(null),
                mtls.map(m -> m.issuedBackend()).orElse(null),
                c.identity(),
                lastSeen);
    }
}

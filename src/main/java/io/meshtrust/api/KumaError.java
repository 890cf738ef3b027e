package io.meshtrust.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;

/**
 * Kuma's error body (AIP-193 style, {@code type: /std-errors}), key order as Kuma writes it. {@code details} and
 * {@code causes} repeat {@code detail} and {@code invalid_parameters} for pre-2.3 clients.
 */
// Serialised by Jackson through reflection (entity of a Response, which Quarkus cannot see). With targets set, Quarkus
// registers only the targets, so the record itself is listed too.
@RegisterForReflection(targets = {KumaError.class, KumaError.InvalidParameter.class, KumaError.Cause.class})
@JsonPropertyOrder({"type", "status", "title", "detail", "instance", "invalid_parameters", "details", "causes"})
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record KumaError(
        String type,
        int status,
        String title,
        String detail,
        String instance,
        @JsonProperty("invalid_parameters") List<InvalidParameter> invalidParameters,
        String details,
        List<Cause> causes) {

    public static final String TYPE = "/std-errors";

    public static KumaError of(int status, String title, String detail) {
        return new KumaError(TYPE, status, title, detail, null, List.of(), detail, List.of());
    }

    public static KumaError of(int status, String title, String detail, List<Violation> violations) {
        return new KumaError(
                TYPE,
                status,
                title,
                detail,
                null,
                violations.stream()
                        .map(v -> new InvalidParameter(v.field(), v.message()))
                        .toList(),
                detail,
                violations.stream().map(v -> new Cause(v.field(), v.message())).toList());
    }

    public KumaError withInstance(String id) {
        return new KumaError(type, status, title, detail, id, invalidParameters, details, causes);
    }

    public record InvalidParameter(String field, String reason) {}

    public record Cause(String field, String message) {}
}

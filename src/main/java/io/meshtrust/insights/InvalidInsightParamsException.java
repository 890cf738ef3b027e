package io.meshtrust.insights;

import io.meshtrust.api.Violation;
import java.util.List;

/**
 * An insight query's parameters are not valid, one violation per bad parameter (Kuma's
 * {@code pkg/core/validators/types.go}, {@code ValidationError}); {@code http/ErrorMapper} makes it Kuma's 400 with
 * detail {@code Resource is not valid} and the violations, as for any resource.
 */
public final class InvalidInsightParamsException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final List<Violation> violations;

    public InvalidInsightParamsException(List<Violation> violations) {
        super("Resource is not valid", null, false, false);
        this.violations = List.copyOf(violations);
    }

    static InvalidInsightParamsException of(String field, String message) {
        return new InvalidInsightParamsException(List.of(new Violation(field, message)));
    }

    public List<Violation> violations() {
        return violations;
    }
}

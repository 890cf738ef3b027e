package io.meshtrust.api;

import java.util.function.Function;

/**
 * A failure together with the title of the operation that failed (Kuma's {@code HandleError(…, title)}).
 * The first title attached wins, so a mesh lookup's {@code Failed to retrieve Mesh} survives the endpoint's own.
 */
public final class Titled extends RuntimeException {

    private final String title;

    private Titled(String title, Throwable cause) {
        super(title, cause, false, false);
        this.title = title;
    }

    public String title() {
        return title;
    }

    /** Wraps a failure with a title unless it already has one. */
    public static Throwable wrap(Throwable failure, String title) {
        return failure instanceof Titled ? failure : new Titled(title, failure);
    }

    /** For {@code uni.onFailure().transform(Titled.as("…"))}. */
    public static Function<Throwable, Throwable> as(String title) {
        return failure -> wrap(failure, title);
    }
}

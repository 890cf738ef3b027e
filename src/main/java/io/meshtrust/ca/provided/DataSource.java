package io.meshtrust.ca.provided;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshtrust.api.Violation;
import io.meshtrust.secrets.SecretData;
import io.meshtrust.store.ResourceKey;
import io.meshtrust.store.ResourceStore;
import io.meshtrust.store.ResourceType;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * Kuma's DataSource (docs/kuma-ca-insights.md §3.1): exactly one of {@code secret} (a Secret of the same mesh), {@code file}
 * (deprecated), {@code inline} (base64) or {@code inlineString}.
 */
public record DataSource(Kind kind, String value) {

    public enum Kind {
        SECRET,
        FILE,
        INLINE,
        INLINE_STRING
    }

    /** The source, or violations at {@code field} (Kuma's step 2 of §3.3). */
    static Parsed parse(JsonNode json, String field) {
        List<Violation> v = new ArrayList<>();
        if (json == null || json.isNull()) {
            v.add(new Violation(field, "has to be defined"));
            return new Parsed(Optional.empty(), v);
        }
        for (var candidate : List.of(Kind.SECRET, Kind.FILE, Kind.INLINE, Kind.INLINE_STRING)) {
            JsonNode value = json.get(key(candidate));
            if (value == null || value.isNull()) {
                continue;
            }
            if (!value.isTextual()) {
                v.add(new Violation(field + "." + key(candidate), "has to be a string"));
                return new Parsed(Optional.empty(), v);
            }
            if (candidate != Kind.INLINE_STRING && value.textValue().isEmpty()) {
                v.add(new Violation(field + "." + key(candidate), "cannot be empty"));
                return new Parsed(Optional.empty(), v);
            }
            return new Parsed(Optional.of(new DataSource(candidate, value.textValue())), v);
        }
        v.add(new Violation(field, "data source has to be chosen. Available sources: secret, file, inline"));
        return new Parsed(Optional.empty(), v);
    }

    record Parsed(Optional<DataSource> source, List<Violation> violations) {}

    static String key(Kind kind) {
        return switch (kind) {
            case SECRET -> "secret";
            case FILE -> "file";
            case INLINE -> "inline";
            case INLINE_STRING -> "inlineString";
        };
    }

    /**
     * The bytes, or a failed Uni with Kuma's {@code could not load data: …} message.
     */
    Uni<byte[]> load(String mesh, ResourceStore store, Vertx vertx) {
        return switch (kind) {
            case SECRET ->
                store.get(ResourceKey.inMesh(ResourceType.SECRET, mesh, value))
                        .map(found -> found.map(r -> SecretData.of(r.spec()))
                                .orElseThrow(() -> new LoadException("resource not found: type=\"Secret\" name=\""
                                        + value + "\" mesh=\"" + mesh + "\"")));
            case FILE ->
                Uni.createFrom()
                        .completionStage(
                                () -> vertx.fileSystem().readFile(value).toCompletionStage())
                        .map(buffer -> buffer.getBytes())
                        .onFailure()
                        .transform(e -> new LoadException("open " + value + ": "
                                + (rootCause(e) instanceof NoSuchFileException
                                                || String.valueOf(e.getMessage())
                                                        .contains("NoSuchFile")
                                        ? "no such file or directory"
                                        : "cannot be read")));
            case INLINE ->
                Uni.createFrom().item(() -> {
                    try {
                        return Base64.getDecoder().decode(value);
                    } catch (IllegalArgumentException e) {
                        throw new LoadException("inline is not valid base64");
                    }
                });
            case INLINE_STRING -> Uni.createFrom().item(value.getBytes(StandardCharsets.UTF_8));
        };
    }

    private static Throwable rootCause(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }

    /** A source that cannot be read; the message is Kuma's text without the {@code could not load data:} prefix. */
    static final class LoadException extends RuntimeException {
        LoadException(String message) {
            super(message, null, false, false);
        }
    }
}

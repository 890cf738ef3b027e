package io.meshtrust.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code apply -f FILE|-}: resources in Kuma's universal format (YAML or JSON, YAML documents separated by
 * {@code ---}), each PUT to its path in order. All documents are checked before the first request.
 */
@Command(
        name = "apply",
        mixinStandardHelpOptions = true,
        description = "Create or modify resources from a file (YAML or JSON) or stdin (-f -).")
final class ApplyCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(
            names = {"-f", "--file"},
            required = true,
            paramLabel = "FILE",
            description = "path to the file, or - for stdin")
    String file;

    /** One document to PUT. */
    record Resource(Resources.Type type, String mesh, String name, JsonNode body) {
        String path() {
            return type.item(mesh, name);
        }
    }

    @Override
    public Integer call() {
        List<Resource> resources = parse(read());
        if (resources.isEmpty()) {
            throw new CliException("no resources in " + (file.equals("-") ? "stdin" : file));
        }
        var api = RootCommand.api(spec);
        for (Resource r : resources) {
            byte[] json;
            try {
                json = Resources.JSON
                        .copy()
                        .disable(SerializationFeature.INDENT_OUTPUT)
                        .writeValueAsBytes(r.body());
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            try {
                api.putJson(r.path(), json);
            } catch (CliException e) {
                throw e.wrap("failed to apply " + r.type().kind + " \"" + r.name() + "\": ");
            }
        }
        return 0;
    }

    private String read() {
        try {
            if (file.equals("-")) {
                return new String(System.in.readAllBytes(), StandardCharsets.UTF_8);
            }
            return Files.readString(Path.of(file), StandardCharsets.UTF_8);
        } catch (IOException | UncheckedIOException e) {
            throw new CliException("could not read " + file + ": " + e.getMessage());
        } catch (InvalidPathException e) {
            throw new CliException("could not read " + file + ": " + e.getMessage());
        }
    }

    /** The resources of a YAML (multi-document) or JSON text, checked. */
    static List<Resource> parse(String text) {
        var documents = new ArrayList<JsonNode>();
        try {
            String trimmed = text.strip();
            if (trimmed.startsWith("{")) {
                documents.add(Resources.JSON.readTree(trimmed));
            } else {
                try (var values = Resources.YAML.readerFor(JsonNode.class).<JsonNode>readValues(text)) {
                    while (values.hasNextValue()) {
                        JsonNode doc = values.nextValue();
                        if (doc != null && !doc.isNull() && !doc.isMissingNode()) {
                            documents.add(doc);
                        }
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            throw new CliException(
                    "could not parse the resources: " + why.lines().findFirst().orElse(why));
        }
        var resources = new ArrayList<Resource>();
        for (int i = 0; i < documents.size(); i++) {
            resources.add(check(documents.get(i), i + 1));
        }
        return resources;
    }

    private static Resource check(JsonNode doc, int index) {
        String where = "document " + index + ": ";
        if (!doc.isObject()) {
            throw new CliException(where + "a resource must be an object with type, name and mesh");
        }
        String kind = doc.path("type").asText("");
        if (kind.isEmpty()) {
            throw new CliException(where + "type: cannot be empty");
        }
        Resources.Type type = Resources.Type.ofKind(kind);
        if (type == null) {
            throw new CliException(
                    where + "unsupported type \"" + kind + "\" (supported: Mesh, Dataplane, Secret, GlobalSecret)");
        }
        String name = doc.path("name").asText("");
        if (name.isEmpty()) {
            throw new CliException(where + kind + ": name: cannot be empty");
        }
        String mesh = doc.path("mesh").asText("");
        if (type.meshScoped && mesh.isEmpty()) {
            throw new CliException(where + kind + " \"" + name + "\": mesh: cannot be empty");
        }
        return new Resource(type, type.meshScoped ? mesh : null, name, doc);
    }
}

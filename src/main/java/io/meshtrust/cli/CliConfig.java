package io.meshtrust.cli;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The CLI's configuration file in kumactl's format ({@code ~/.kumactl/config}): control planes with their API server
 * coordinates, contexts naming a control plane, the current context. Without a file the control plane is kumactl's
 * default {@code local} at {@code http://localhost:5681}. Written 0600 (it may hold tokens), atomically.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public final class CliConfig {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            // header values and tokens stay strings for kumactl too: "1", not 1
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS));

    public List<ContextEntry> contexts = new ArrayList<>();
    public List<ControlPlane> controlPlanes = new ArrayList<>();
    public String currentContext = "";

    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public static final class ContextEntry {
        public String name;
        public String controlPlane;
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public static final class ControlPlane {
        public String name;
        public Coordinates coordinates = new Coordinates();
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public static final class Coordinates {
        public ApiServer apiServer = new ApiServer();
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_DEFAULT)
    public static final class ApiServer {
        public String url;
        public String caCertFile;
        /** kumactl's client certificate for admin access (mutual TLS); only a reference to the file is stored. */
        public String clientCertFile;

        public String clientKeyFile;
        public boolean skipVerify;
        public String authType;
        public Map<String, String> authConf = new LinkedHashMap<>();
        /** Headers sent with every request ({@code --headers}), kumactl's {@code addHeaders}. */
        public List<Header> addHeaders = new ArrayList<>();
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public static final class Header {
        public String key;
        public String value;

        public Header() {}

        Header(String key, String value) {
            this.key = key;
            this.value = value;
        }
    }

    /** kumactl's built-in configuration: control plane and context {@code local} at {@code http://localhost:5681}. */
    static CliConfig defaults() {
        var config = new CliConfig();
        var cp = new ControlPlane();
        cp.name = "local";
        cp.coordinates.apiServer.url = "http://localhost:5681";
        config.controlPlanes.add(cp);
        var context = new ContextEntry();
        context.name = "local";
        context.controlPlane = "local";
        config.contexts.add(context);
        config.currentContext = "local";
        return config;
    }

    /** @throws CliException when the file exists but cannot be read or parsed */
    static CliConfig load(Path file) {
        if (!Files.exists(file)) {
            return defaults();
        }
        try {
            CliConfig config = YAML.readValue(file.toFile(), CliConfig.class);
            return config == null ? defaults() : config;
        } catch (IOException e) {
            throw new CliException("could not read the config file " + file + ": "
                    + e.getMessage().lines().findFirst().orElse(""));
        }
    }

    /** Writes to a temporary file in the same directory, then renames it over the old one. */
    void save(Path file) {
        try {
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(
                    dir,
                    ".config",
                    ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            try {
                YAML.writeValue(tmp.toFile(), this);
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new CliException("could not write the config file " + file + ": " + e.getMessage());
        }
    }

    Optional<ControlPlane> controlPlane(String name) {
        return controlPlanes.stream().filter(cp -> name.equals(cp.name)).findFirst();
    }

    /**
     * The control plane of the current context.
     *
     * @throws CliException when the context or its control plane is missing
     */
    ControlPlane current() {
        var context = contexts.stream()
                .filter(c -> currentContext.equals(c.name))
                .findFirst()
                .orElseThrow(() -> new CliException("current context \"" + currentContext + "\" does not exist"));
        return controlPlane(context.controlPlane)
                .orElseThrow(() -> new CliException(
                        "control plane \"" + context.controlPlane + "\" of the current context does not exist"));
    }
}

package io.meshtrust.cli;

import io.meshtrust.testsupport.TestKeys;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;

/** Runs the CLI in-process with captured streams. */
final class Cli {

    record Result(int exitCode, String out, String err) {}

    private Cli() {}

    static Result run(String... args) {
        return run(offline(InstantSource.system()), args);
    }

    /** A context whose config file does not exist: kumactl's defaults (control plane {@code local}). */
    static Main.Context offline(InstantSource clock) {
        return new Main.Context(clock, Path.of("target", "cli-test-no-config", "config"));
    }

    /** A context whose config file names one control plane at {@code url} as the current one. */
    static Main.Context controlPlane(Path file, InstantSource clock, String url) {
        try {
            Files.writeString(file, """
                    contexts:
                    - name: test
                      controlPlane: test
                    controlPlanes:
                    - name: test
                      coordinates:
                        apiServer:
                          url: %s
                    currentContext: test
                    """.formatted(url));
            return new Main.Context(clock, file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Result run(Main.Context context, String... args) {
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        int code = Main.run(
                args,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                context);
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    static String resource(String name) {
        return TestKeys.resource(name);
    }
}

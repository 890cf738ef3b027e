package io.meshtrust.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.InstantSource;

/** Runs the CLI in-process with captured streams. */
final class Cli {

    record Result(int exitCode, String out, String err) {}

    private Cli() {}

    static Result run(String... args) {
        return run(new Main.Context(InstantSource.system(), Main.Context.DEFAULT_CONTROL_PLANE), args);
    }

    static Result run(Main.Context context, String... args) {
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        int code = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), context);
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    static String resource(String name) {
        return io.meshtrust.support.TestKeys.resource(name);
    }
}

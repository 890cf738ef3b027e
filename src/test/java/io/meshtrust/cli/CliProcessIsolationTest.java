package io.meshtrust.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.SocketPermission;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Permission;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI run as its own JVM (as the launcher script does) loads no Quarkus, CDI, Vert.x or Netty class and never
 * listens on a port: running a command never starts the server. Checked from the JVM's class-loading log, with the
 * test classpath, which holds all of Quarkus, so nothing is missing that could be loaded; listening is caught by a
 * security manager in the child JVM ({@link NoListen}; Java 17 still has {@code -Djava.security.manager=<class>}).
 */
class CliProcessIsolationTest {

    /** Prefixes of classes that only the server needs: Quarkus, CDI, the reactive stack, persistence. */
    static final List<String> SERVER_ONLY = List.of(
            "io.quarkus.",
            "jakarta.enterprise.",
            "jakarta.inject.",
            "jakarta.ws.rs.",
            "io.smallrye.",
            "io.vertx.",
            "io.netty.",
            "org.hibernate.",
            "org.jboss.resteasy.",
            "io.agroal.");

    /** The only packages of our own the CLI may use: itself and the plain-Java helpers it shares with the server. */
    static final Pattern OWN_ALLOWED = Pattern.compile("io\\.meshtrust\\.(cli|crypto|tokens)\\.[^.]+");

    static final Pattern LOADED = Pattern.compile("\\[class,load\\] (\\S+) source:");

    @TempDir
    Path dir;

    @Test
    void generateSigningKeyLoadsNothingOfTheServer() throws Exception {
        var run = runCli(List.of(), "generate", "signing-key");
        assertThat(run.exitCode).as(run.stderr).isZero();
        assertThat(run.stdout).isNotEmpty();
        assertLoadsNothingOfTheServer(run.classes);
    }

    @Test
    void getMeshesAgainstAControlPlaneLoadsNothingOfTheServer() throws Exception {
        try (var stub = new StubControlPlane(false)) {
            stub.pages.put("/meshes", """
                    {"total":1,"items":[{"type":"Mesh","name":"demo"}],"next":null}
                    """);
            Path config = dir.resolve("config");
            Cli.controlPlane(config, InstantSource.system(), stub.url());
            var run = runCli(List.of("--config-file", config.toString()), "get", "meshes");
            assertThat(run.exitCode).as(run.stderr).isZero();
            assertThat(run.stdout).startsWith("NAME ").contains("demo");
            assertThat(stub.targets).contains("/meshes");
            assertLoadsNothingOfTheServer(run.classes);
            // the log covers the network part too: the CLI's HTTP client was loaded
            assertThat(run.classes).contains("java.net.http.HttpClient");
        }
    }

    @Test
    void aJvmThatListensOnAPortIsStoppedAndTheRuleSeesServerClasses() throws Exception {
        // the checks can fail: a JVM that opens a server socket is stopped; server classes are reported
        Path source = dir.resolve("Listen.java");
        Files.writeString(source, """
                public class Listen {
                    public static void main(String[] args) throws Exception {
                        try (var socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                            System.out.print(socket.getLocalPort());
                        }
                    }
                }
                """);
        var run = runJava(List.of(source.toString()));
        assertThat(run.exitCode).isEqualTo(NoListen.EXIT_CODE);
        assertThat(run.stderr).contains("listens on a port");
        assertThat(run.stdout).isEmpty();
        assertThat(violations(List.of(
                        "io.quarkus.runtime.Application",
                        "io.meshtrust.store.ResourceStore",
                        "io.meshtrust.cli.Main",
                        "io.meshtrust.cli.Main$$Lambda$92/0x00007fbc700a9668")))
                .containsExactly("io.quarkus.runtime.Application", "io.meshtrust.store.ResourceStore");
    }

    private static void assertLoadsNothingOfTheServer(List<String> classes) {
        assertThat(classes).as("the class-loading log").contains("io.meshtrust.cli.Main", NoListen.class.getName());
        assertThat(violations(classes)).isEmpty();
    }

    static List<String> violations(List<String> classes) {
        var bad = new ArrayList<String>();
        for (String c : classes) {
            boolean serverOnly = SERVER_ONLY.stream().anyMatch(c::startsWith);
            boolean ownOutsideCli =
                    c.startsWith("io.meshtrust.") && !OWN_ALLOWED.matcher(c).matches();
            if (serverOnly || ownOutsideCli) {
                bad.add(c);
            }
        }
        return bad;
    }

    /**
     * Installed in the child JVM: the first attempt to listen on a port (any API: {@code ServerSocket},
     * {@code ServerSocketChannel}, hence Netty and Vert.x, all ask {@code checkListen}) ends the JVM with
     * {@link #EXIT_CODE}. Everything else is allowed.
     */
    public static final class NoListen extends SecurityManager {
        static final int EXIT_CODE = 97;

        @Override
        public void checkPermission(Permission permission) {
            if (permission instanceof SocketPermission
                    && permission.getActions().contains("listen")) {
                System.err.println("the JVM listens on a port: " + permission);
                System.err.flush();
                Runtime.getRuntime().halt(EXIT_CODE);
            }
        }

        @Override
        public void checkPermission(Permission permission, Object context) {
            checkPermission(permission);
        }
    }

    record Run(int exitCode, String stdout, String stderr, List<String> classes) {}

    private Run runCli(List<String> before, String... args) throws IOException, InterruptedException {
        var command = new ArrayList<String>();
        command.add(Main.class.getName());
        command.addAll(before);
        command.addAll(List.of(args));
        return runJava(command);
    }

    /** Runs {@code java} with the test classpath, a class-loading log, {@link NoListen} and {@code arguments}. */
    private Run runJava(List<String> arguments) throws IOException, InterruptedException {
        Path log = dir.resolve("classes.log");
        Path out = dir.resolve("out.txt");
        Path err = dir.resolve("err.txt");
        var command = new ArrayList<String>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xlog:class+load=info:file=" + log);
        command.add("-Djava.security.manager=" + NoListen.class.getName());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.addAll(arguments);
        var builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        // no config of the developer's own
        builder.environment().put("MESHTRUST_CONFIG", dir.resolve("no-config").toString());
        Process process = builder.start();
        if (!process.waitFor(2, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("the JVM did not exit: " + command);
        }
        var classes = new ArrayList<String>();
        for (String line : Files.readAllLines(log)) {
            var m = LOADED.matcher(line);
            if (m.find()) {
                classes.add(m.group(1));
            }
        }
        return new Run(process.exitValue(), Files.readString(out), Files.readString(err), classes);
    }
}

package io.meshtrust.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The packaged server ({@code target/quarkus-app/quarkus-run.jar}) as a child process: started with a given
 * environment, its output captured, waited for by polling readiness with a bounded deadline, and stopped.
 *
 * <p>Use it in try-with-resources so the process is killed even when an assertion fails; a JVM shutdown hook kills
 * anything still running if a test run is aborted. The child inherits no {@code KUMA_*} variable from the test JVM, so
 * a developer's shell cannot change what a test sees.
 *
 * <pre>{@code
 * try (var server = ServerProcess.builder().env("KUMA_API_SERVER_HTTP_PORT", "15681").start()) {
 *     server.awaitReady(diagnosticsPort, Duration.ofSeconds(60));
 * }
 * }</pre>
 */
public final class ServerProcess implements AutoCloseable {

    /** System property with the runner jar; failsafe sets it, the default suits a run from the project folder. */
    public static final String RUNNER_JAR_PROPERTY = "test.meshtrust.runner-jar";

    private static final Set<Process> RUNNING = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> RUNNING.forEach(Process::destroyForcibly)));
    }

    private final String name;
    private final Process process;
    private final StringBuffer output = new StringBuffer();
    private final Thread reader;

    private ServerProcess(String name, Process process) {
        this.name = name;
        this.process = process;
        this.reader = new Thread(this::copyOutput, "output-" + name);
        this.reader.setDaemon(true);
        this.reader.start();
    }

    /** @return a builder for a server process */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Waits until {@code GET http://127.0.0.1:<diagnosticsPort>/q/health/ready} answers 200.
     *
     * @param diagnosticsPort the management port ({@code KUMA_DIAGNOSTICS_SERVER_PORT})
     * @param timeout the deadline
     * @throws AssertionError with the captured output when the process exits or the deadline passes
     */
    public void awaitReady(int diagnosticsPort, Duration timeout) {
        URI ready = URI.create("http://127.0.0.1:" + diagnosticsPort + "/q/health/ready");
        HttpClient client =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new AssertionError(
                        name + " exited with " + process.exitValue() + " before it was ready:\n" + output());
            }
            try {
                HttpResponse<Void> response = client.send(
                        HttpRequest.newBuilder(ready)
                                .timeout(Duration.ofSeconds(2))
                                .build(),
                        HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for " + name, e);
            }
            pause(Duration.ofMillis(200));
        }
        throw new AssertionError(name + " was not ready within " + timeout + ":\n" + output());
    }

    /**
     * Waits for the process to end by itself.
     *
     * @param timeout the deadline
     * @return the exit status
     * @throws AssertionError with the captured output when it is still running at the deadline
     */
    public int awaitExit(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError(name + " still running after " + timeout + ":\n" + output());
            }
            reader.join(TimeUnit.SECONDS.toMillis(10)); // the rest of the output
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for " + name, e);
        }
    }

    /** @return stdout and stderr so far, interleaved as written */
    public String output() {
        return output.toString();
    }

    /** @return whether the process is still running */
    public boolean isAlive() {
        return process.isAlive();
    }

    /** @return the operating-system process id */
    public long pid() {
        return process.pid();
    }

    /** Stops the process: SIGTERM (Quarkus shuts down gracefully), then SIGKILL if it lingers. */
    @Override
    public void close() {
        try {
            if (process.isAlive()) {
                process.destroy();
                if (!process.waitFor(20, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            }
            reader.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        } finally {
            RUNNING.remove(process);
        }
    }

    private void copyOutput() {
        try (var in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                output.append(line).append('\n');
                System.out.println("[" + name + "] " + line); // test output, shown in failsafe reports
            }
        } catch (IOException e) {
            output.append("[output lost: ").append(e).append("]\n");
        }
    }

    /** Waits without Thread.sleep: returns early if the process ends meanwhile. */
    private void pause(Duration duration) {
        try {
            process.onExit().get(duration.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException expected) {
            // the usual case: still running
        } catch (ExecutionException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for " + name, e);
        }
    }

    /**
     * Free TCP ports, distinct from each other. They are free when returned; another process could still take one
     * before the server binds it, which is unlikely enough for tests.
     *
     * @param count how many
     * @return the ports
     */
    public static int[] freePorts(int count) {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                sockets.add(new ServerSocket(0));
            }
            return sockets.stream().mapToInt(ServerSocket::getLocalPort).toArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            for (ServerSocket socket : sockets) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // closing a listening socket we opened does not fail in practice
                }
            }
        }
    }

    /** Configures and starts a {@link ServerProcess}. */
    public static final class Builder {

        private final Map<String, String> env = new LinkedHashMap<>();
        private final List<String> jvmOptions = new ArrayList<>(List.of("-Xmx256m"));
        private String name = "server";
        private Path jar = Path.of(System.getProperty(RUNNER_JAR_PROPERTY, "target/quarkus-app/quarkus-run.jar"));

        private Builder() {}

        /** Sets an environment variable of the child (e.g. {@code KUMA_API_SERVER_HTTP_PORT}). */
        public Builder env(String variable, String value) {
            env.put(variable, value);
            return this;
        }

        /** Sets several environment variables. */
        public Builder env(Map<String, String> variables) {
            env.putAll(variables);
            return this;
        }

        /** Adds a JVM option, e.g. {@code -Xmx128m}. */
        public Builder jvmOption(String option) {
            jvmOptions.add(option);
            return this;
        }

        /** Names the process in assertion messages and output lines, e.g. {@code replica-2}. */
        public Builder name(String name) {
            this.name = name;
            return this;
        }

        /** Uses another runner jar. */
        public Builder jar(Path jar) {
            this.jar = jar;
            return this;
        }

        /**
         * Starts the process.
         *
         * @return the running process; close it
         * @throws IllegalStateException when the runner jar is missing (run {@code ./mvnw package} first)
         */
        public ServerProcess start() {
            if (!Files.isRegularFile(jar)) {
                throw new IllegalStateException(jar.toAbsolutePath() + " is missing: package the application first");
            }
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(jvmOptions);
            command.add("-jar");
            command.add(jar.toString());
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            builder.environment().keySet().removeIf(variable -> variable.startsWith("KUMA_"));
            builder.environment().putAll(env);
            try {
                Process process = builder.start();
                RUNNING.add(process);
                return new ServerProcess(name, process);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start " + name, e);
            }
        }
    }
}

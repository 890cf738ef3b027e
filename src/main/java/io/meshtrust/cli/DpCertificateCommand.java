package io.meshtrust.cli;

import io.meshtrust.values.GoDuration;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code dp certificate}: keeps a dataplane's certificate fresh in a directory (issue 7 point 7). The key is generated
 * here and never sent: the agent posts a CSR to {@code POST /meshes/{mesh}/dataplanes/{name}/certificate}, writes
 * {@code cert.pem}, {@code key.pem} (0600) and {@code ca.pem} together ({@link CertificateDirectory}), sleeps until the
 * answer's {@code renewAfter} and renews with a new key ({@link DataplaneCertificateAgent}); every
 * {@code --check-interval} meanwhile it reports contact and renews early when the server says the certificate became
 * due (a CA rotation, issue 15). With {@code --token-file}
 * it authenticates with that dataplane token, otherwise with the current control plane's own settings.
 *
 * <p>SIGTERM: a shutdown hook stops the loop and waits (up to 10 s) for it to finish what it is writing; files are
 * switched by one rename, so an interrupted agent never leaves a half-written certificate behind.
 */
@Command(
        name = "certificate",
        mixinStandardHelpOptions = true,
        description = "Keep a dataplane certificate (cert.pem, key.pem, ca.pem) fresh in a directory.")
final class DpCertificateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(
            names = {"-m", "--mesh"},
            required = true,
            description = "mesh of the dataplane")
    String mesh;

    @Option(names = "--name", required = true, description = "name of the dataplane")
    String name;

    @Option(names = "--dir", required = true, description = "directory for cert.pem, key.pem and ca.pem (created 0700)")
    Path dir;

    @Option(names = "--token-file", description = "file with the dataplane token (default: the control plane's auth)")
    Path tokenFile;

    @Option(
            names = "--key-type",
            defaultValue = "ecdsa-p256",
            description = "type of the private key: one of ecdsa-p256|rsa2048 (default: ecdsa-p256)")
    String keyType;

    @Option(names = "--once", description = "issue one certificate, write the files and exit")
    boolean once;

    @Option(
            names = "--on-renew",
            description = "command run with sh -c after each write "
                    + "(env MESHTRUST_CERT_FILE, MESHTRUST_KEY_FILE, MESHTRUST_CA_FILE, MESHTRUST_CERT_DIR)")
    String onRenew;

    @Option(
            names = "--check-interval",
            defaultValue = "30s",
            description = "while waiting, report contact and ask whether the certificate became due this often; "
                    + "0 disables (Go duration, default: 30s)")
    String checkInterval;

    @Override
    public Integer call() {
        if (mesh.isBlank() || name.isBlank()) {
            throw new CliException("--mesh and --name cannot be empty");
        }
        DataplaneCsr type = DataplaneCsr.parse(keyType);
        Duration interval = checkInterval(checkInterval);
        var files = new CertificateDirectory(dir);
        var err = spec.commandLine().getErr();
        var hook = onRenew == null || onRenew.isBlank()
                ? null
                : new RenewHook(onRenew, files, err, RenewHook.DEFAULT_TIMEOUT);
        var configured = CliConfig.load(RootCommand.configFile(spec)).current().coordinates.apiServer;
        var agent = new DataplaneCertificateAgent(
                name,
                type,
                requester(configured, tokenFile, mesh, name),
                files,
                hook,
                once,
                RootCommand.context(spec).clock(),
                DataplaneCertificateAgent.Sleeper.REAL,
                Backoff.standard(),
                checker(configured, tokenFile, mesh, name),
                interval,
                spec.commandLine().getOut(),
                err);
        return runUntilTerminated(agent);
    }

    /** POSTs the CSR with a client built per request, so a token file replaced meanwhile is read again. */
    static DataplaneCertificateAgent.Requester requester(
            CliConfig.ApiServer configured, Path tokenFile, String mesh, String name) {
        String path = "/meshes/" + segment(mesh) + "/dataplanes/" + segment(name) + "/certificate";
        return csr -> {
            var server = tokenFile == null ? configured : withToken(configured, readToken(tokenFile));
            return new ApiClient(server, BuildInfo.userAgent(BuildInfo.AGENT)).postJson(path, Map.of("csr", csr));
        };
    }

    /**
     * {@code POST .../heartbeat} (contact: the dataplane stays Online) stating the agent's version ({@link #heartbeat}),
     * then {@code GET .../certificate}; a client per check, as for {@link #requester}.
     */
    static DataplaneCertificateAgent.Checker checker(
            CliConfig.ApiServer configured, Path tokenFile, String mesh, String name) {
        String path = "/meshes/" + segment(mesh) + "/dataplanes/" + segment(name);
        return () -> {
            var server = tokenFile == null ? configured : withToken(configured, readToken(tokenFile));
            var api = new ApiClient(server, BuildInfo.userAgent(BuildInfo.AGENT));
            api.postJson(path + "/heartbeat", heartbeat());
            return api.get(path + "/certificate");
        };
    }

    /**
     * The heartbeat's body: the agent's version in Kuma's {@code Version} shape (what kuma-dp puts in its xDS node
     * metadata, {@code pkg/core/xds/metadata.go}): {@code kumaDp.version} is the reporting client,
     * {@code meshtrust-dp/<version>}; it knows nothing of an Envoy, so it says nothing about one.
     */
    static Map<String, Object> heartbeat() {
        return Map.of("version", Map.of("kumaDp", Map.of("version", BuildInfo.product(BuildInfo.AGENT))));
    }

    /** A Go duration, zero or more; pflag's wording for a bad value. */
    static Duration checkInterval(String text) {
        return CheckInterval.parse(text);
    }

    /**
     * Apart, so that the command's class does not name {@code io.meshtrust.values} types: the JVM would load them to
     * verify it whenever the CLI starts ({@code CliProcessIsolationTest}).
     */
    private static final class CheckInterval {
        static Duration parse(String text) {
            Duration interval;
            try {
                interval = GoDuration.parse(text);
            } catch (GoDuration.InvalidDurationException e) {
                throw new CliException(
                        "invalid argument \"" + text + "\" for \"--check-interval\" flag: " + e.getMessage());
            }
            if (interval.isNegative()) {
                throw new CliException(
                        "invalid argument \"" + text + "\" for \"--check-interval\" flag: must not be negative");
            }
            return interval;
        }
    }

    static CliConfig.ApiServer withToken(CliConfig.ApiServer configured, String token) {
        var server = new CliConfig.ApiServer();
        server.url = configured.url;
        server.caCertFile = configured.caCertFile;
        server.clientCertFile = configured.clientCertFile;
        server.clientKeyFile = configured.clientKeyFile;
        server.skipVerify = configured.skipVerify;
        server.addHeaders = configured.addHeaders;
        server.authType = Auth.TOKENS;
        server.authConf = Map.of("token", token);
        return server;
    }

    /** @throws CliException (exit 1) naming the file, never showing its content */
    static String readToken(Path file) {
        String token;
        try {
            token = Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new CliException("could not read the token file " + file + ": "
                    + e.getClass().getSimpleName());
        }
        if (token.isEmpty()) {
            throw new CliException("the token file " + file + " is empty");
        }
        return token;
    }

    private static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** Runs the agent; on SIGTERM (JVM shutdown) stops it and waits for it to return. */
    private static int runUntilTerminated(DataplaneCertificateAgent agent) {
        Thread worker = Thread.currentThread();
        var done = new CountDownLatch(1);
        Thread onShutdown = new Thread(
                () -> {
                    agent.stop();
                    worker.interrupt();
                    try {
                        done.await(10, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                },
                "meshtrust-dp-certificate-stop");
        Runtime.getRuntime().addShutdownHook(onShutdown);
        try {
            return agent.run();
        } finally {
            done.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(onShutdown);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running: the JVM exits after it
            }
        }
    }
}

package io.meshtrust.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.meshtrust.crypto.PemCodec;
import io.meshtrust.crypto.PemException;
import java.io.IOException;
import java.io.PrintWriter;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The {@code dp certificate} loop: a new key, a CSR, {@code POST .../certificate}, the files switched together
 * ({@link CertificateDirectory}), the {@code --on-renew} hook, then a sleep until the answer's {@code renewAfter}, and
 * again with a new key.
 *
 * <p>While it waits for {@code renewAfter}, the agent checks in every {@code checkInterval} ({@link Checker}: {@code POST
 * .../heartbeat}, which keeps the dataplane Online, then {@code GET .../certificate}): when the mesh's mTLS changes
 * (a CA backend added, switched or removed) the server brings every certificate's {@code renewAfter} forward (issue
 * 15 point 3), and the agent renews at once when the answer says {@code renewalDue} with a {@code renewAfter} that has
 * passed, or sleeps to an earlier {@code renewAfter} (due or not: a due time ahead is the server's spread, README "No
 * renewal storm"). A check that fails on the server's side (unreachable, 5xx, an unusable answer) prints one line
 * on stderr and keeps the current wait; a 4xx ends the agent as on issuance. A zero interval disables the checks.
 *
 * <p>An unreachable server or a 5xx answer (exit code {@link CliException#SERVER}) is retried with {@link Backoff},
 * one line on stderr per failed attempt, the current files untouched; the key of that round is kept across its
 * retries (it never left the process). Any other failure (401, 403, 404, 400: the request itself is wrong) ends the
 * agent with {@link CliException#USER}. An interrupt (or {@link #stop()}) ends it cleanly with exit code 0.
 */
final class DataplaneCertificateAgent {

    /** The least time between two issuances, so a {@code renewAfter} in the past cannot make the agent spin. */
    static final Duration MIN_WAIT = Duration.ofSeconds(1);

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Sends a CSR and answers the 2xx body, or throws {@link CliException} (exit code says whether to retry). */
    @FunctionalInterface
    interface Requester {
        String request(String csrPem);
    }

    /** Reports contact and reads the certificate's status; throws {@link CliException} as {@link Requester} does. */
    @FunctionalInterface
    interface Checker {
        String check();
    }

    /** What {@code GET .../certificate} answered, as far as the agent uses it ({@code renewAfter} may be null). */
    record Status(boolean renewalDue, Instant renewAfter, String reasons) {}

    /** Waits; replaced in tests so that nothing sleeps for real. */
    @FunctionalInterface
    interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;

        Sleeper REAL = d -> Thread.sleep(Math.max(0, d.toMillis()));
    }

    /** What the server answered, as far as the agent uses it. */
    record Issued(
            String certificatePem, String caBundlePem, String serialNumber, Instant notAfter, Instant renewAfter) {}

    private final String dataplane;
    private final DataplaneCsr keyType;
    private final Requester requester;
    private final CertificateDirectory files;
    private final RenewHook hook;
    private final boolean once;
    private final InstantSource clock;
    private final Sleeper sleeper;
    private final Backoff backoff;
    private final Checker checker;
    private final Duration checkInterval;
    private final PrintWriter out;
    private final PrintWriter err;
    private volatile boolean stopped;

    /**
     * @param hook the {@code --on-renew} command, or null
     * @param once stop after the first certificate is written
     * @param checker the check-in while waiting, or null for none
     * @param checkInterval time between two check-ins; zero (or a null checker) disables them
     */
    DataplaneCertificateAgent(
            String dataplane,
            DataplaneCsr keyType,
            Requester requester,
            CertificateDirectory files,
            RenewHook hook,
            boolean once,
            InstantSource clock,
            Sleeper sleeper,
            Backoff backoff,
            Checker checker,
            Duration checkInterval,
            PrintWriter out,
            PrintWriter err) {
        this.dataplane = dataplane;
        this.keyType = keyType;
        this.requester = requester;
        this.files = files;
        this.hook = hook;
        this.once = once;
        this.clock = clock;
        this.sleeper = sleeper;
        this.backoff = backoff;
        this.checker = checker;
        this.checkInterval = checkInterval;
        this.out = out;
        this.err = err;
    }

    /** Makes {@link #run()} return at its next step; the caller also interrupts the thread running it. */
    void stop() {
        stopped = true;
    }

    /**
     * Runs until stopped (or, with {@code once}, until the first certificate is written).
     *
     * @return 0 when stopped or done
     * @throws CliException exit code 1 when the server refuses the request (any 4xx), the token file cannot be read
     *     or the files cannot be written; exit code 2 when stopped with {@code once} before a certificate was written.
     *     An unusable answer (not JSON, a certificate for another key) counts as a server error and is retried.
     */
    int run() {
        try {
            files.create();
        } catch (IOException e) {
            throw new CliException("could not create the directory " + files.dir() + ": " + e.getMessage());
        }
        int failures = 0;
        KeyPair key = null;
        while (!isStopped()) {
            if (key == null) {
                key = keyType.generate();
            }
            Issued issued;
            try {
                issued = issue(key);
            } catch (CliException e) {
                if (isStopped()) {
                    break;
                }
                if (e.exitCode() != CliException.SERVER) {
                    throw e.wrap("failed to issue a certificate for dataplane \"" + dataplane + "\": ");
                }
                failures++;
                Duration delay = backoff.delay(failures);
                // A control plane backing off its CA says when it will try again; asking earlier only gets 503.
                if (e instanceof ApiClient.ErrorAnswer answer
                        && answer.retryAfter().isPresent()
                        && answer.retryAfter().get().compareTo(delay) > 0) {
                    delay = answer.retryAfter().get();
                }
                err.println("dp certificate: attempt " + failures + " failed: " + e.getMessage() + "; retrying in "
                        + seconds(delay));
                err.flush();
                if (!sleep(delay)) {
                    break;
                }
                continue;
            }
            failures = 0;
            try {
                files.write(issued.certificatePem(), PemCodec.encodePrivateKey(key), issued.caBundlePem());
            } catch (IOException e) {
                if (isStopped()) {
                    break;
                }
                throw new CliException(
                        "could not write the certificate files in " + files.dir() + ": " + e.getMessage());
            }
            key = null; // a new one for every certificate
            out.println("certificate " + issued.serialNumber() + " for dataplane \"" + dataplane + "\" written to "
                    + files.dir() + " (notAfter " + issued.notAfter() + ", renewAfter " + issued.renewAfter() + ")");
            out.flush();
            if (hook != null) {
                hook.run(issued); // a failure is reported there and does not stop the agent
            }
            if (once) {
                return 0;
            }
            if (!awaitRenewal(issued.renewAfter())) {
                break;
            }
        }
        if (once) {
            throw new CliException("stopped before a certificate was issued", CliException.SERVER);
        }
        out.println("dp certificate: stopped");
        out.flush();
        return 0;
    }

    /**
     * Waits until {@code renewAfter} (at least {@link #MIN_WAIT}), checking in every {@link #checkInterval}; returns
     * early when a check says the certificate is due.
     *
     * @return false when stopped or interrupted meanwhile
     * @throws CliException when a check is refused (4xx)
     */
    private boolean awaitRenewal(Instant renewAfter) {
        Instant target = renewAfter;
        Instant earliest = clock.instant().plus(MIN_WAIT);
        if (target.isBefore(earliest)) {
            target = earliest;
        }
        boolean checks = checker != null && !checkInterval.isNegative() && !checkInterval.isZero();
        while (true) {
            Duration remaining = Duration.between(clock.instant(), target);
            if (!checks || remaining.compareTo(checkInterval) <= 0) {
                return remaining.isNegative() || remaining.isZero() || sleep(remaining);
            }
            if (!sleep(checkInterval)) {
                return false;
            }
            Status status;
            try {
                status = check();
            } catch (CliException e) {
                if (isStopped()) {
                    return false;
                }
                if (e.exitCode() != CliException.SERVER) {
                    throw e.wrap("failed to check the certificate of dataplane \"" + dataplane + "\": ");
                }
                err.println("dp certificate: check failed: " + e.getMessage() + "; renewing at " + target);
                err.flush();
                continue;
            }
            // Due, and its renewAfter passed (or none is known): now. Due with a renewAfter still ahead is the server's
            // renewal spread after a change of the mesh's mTLS: that instant, or no renewal storm.
            Instant now = clock.instant();
            if (status.renewalDue()
                    && (status.renewAfter() == null || !status.renewAfter().isAfter(now))) {
                out.println("dp certificate: renewal due (" + status.reasons() + ")");
                out.flush();
                return !isStopped();
            }
            if (status.renewAfter() != null && status.renewAfter().isBefore(target)) {
                target = status.renewAfter().isBefore(earliest) ? earliest : status.renewAfter();
                out.println("dp certificate: renewAfter moved to " + status.renewAfter());
                out.flush();
            }
        }
    }

    /** One check-in; an answer that cannot be parsed counts as a server error. */
    Status check() {
        String body = checker.check();
        try {
            JsonNode json = JSON.readTree(body);
            if (json == null || !json.path("renewalDue").isBoolean()) {
                throw new CliException("unusable answer from the control plane: no renewalDue", CliException.SERVER);
            }
            String renewAfter = json.path("renewAfter").asText("");
            List<String> reasons = new ArrayList<>();
            json.path("reasons").forEach(r -> reasons.add(r.asText()));
            return new Status(
                    json.path("renewalDue").asBoolean(),
                    renewAfter.isEmpty() ? null : Instant.parse(renewAfter),
                    String.join("; ", reasons));
        } catch (IOException | DateTimeParseException e) {
            throw new CliException(
                    "unusable answer from the control plane: "
                            + String.valueOf(e.getMessage()).lines().findFirst().orElse(""),
                    CliException.SERVER);
        }
    }

    private boolean isStopped() {
        return stopped || Thread.currentThread().isInterrupted();
    }

    /** Sleeps; false when interrupted or stopped meanwhile. */
    private boolean sleep(Duration duration) {
        try {
            sleeper.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        return !isStopped();
    }

    /** One request for this key; an answer that does not fit the key or cannot be parsed counts as a server error. */
    Issued issue(KeyPair key) {
        String body = requester.request(keyType.csrPem(key, dataplane));
        try {
            JsonNode json = JSON.readTree(body);
            String certificate = required(json, "certificate");
            String caBundle = required(json, "caBundle");
            X509Certificate leaf = PemCodec.parseCertificates(certificate).get(0);
            PemCodec.parseCertificates(caBundle);
            if (!Arrays.equals(leaf.getPublicKey().getEncoded(), key.getPublic().getEncoded())) {
                throw new CliException("the control plane answered a certificate for another key", CliException.SERVER);
            }
            return new Issued(
                    certificate,
                    caBundle,
                    json.path("serialNumber").asText(""),
                    Instant.parse(required(json, "notAfter")),
                    Instant.parse(required(json, "renewAfter")));
        } catch (IOException | PemException | DateTimeParseException e) {
            throw new CliException(
                    "unusable answer from the control plane: "
                            + e.getMessage().lines().findFirst().orElse(""),
                    CliException.SERVER);
        }
    }

    private static String required(JsonNode json, String field) {
        String value = json.path(field).asText("");
        if (value.isEmpty()) {
            throw new CliException("unusable answer from the control plane: no " + field, CliException.SERVER);
        }
        return value;
    }

    private static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.1fs", d.toMillis() / 1000.0);
    }
}

package io.meshtrust.cli;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The {@code --on-renew} command, run with {@code sh -c} after every certificate written (the first included). Its
 * environment adds {@code MESHTRUST_CERT_DIR}, {@code MESHTRUST_CERT_FILE}, {@code MESHTRUST_KEY_FILE},
 * {@code MESHTRUST_CA_FILE}, {@code MESHTRUST_CERT_SERIAL} and {@code MESHTRUST_CERT_NOT_AFTER}; its output (stdout
 * and stderr) is copied to the agent's stderr, each line prefixed with {@code on-renew: }. A command that fails, cannot
 * start or runs longer than the timeout (it is then killed) is reported on stderr; the agent goes on either way.
 */
final class RenewHook {

    static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(1);

    private final String command;
    private final CertificateDirectory files;
    private final PrintWriter err;
    private final Duration timeout;

    RenewHook(String command, CertificateDirectory files, PrintWriter err, Duration timeout) {
        this.command = command;
        this.files = files;
        this.err = err;
        this.timeout = timeout;
    }

    /**
     * Runs the command and waits for it; an interrupt kills it and leaves the thread interrupted.
     *
     * @return whether it exited with 0
     */
    boolean run(DataplaneCertificateAgent.Issued issued) {
        var builder = new ProcessBuilder("sh", "-c", command)
                .redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        var env = builder.environment();
        env.put("MESHTRUST_CERT_DIR", files.dir().toString());
        env.put("MESHTRUST_CERT_FILE", files.file(CertificateDirectory.CERT).toString());
        env.put("MESHTRUST_KEY_FILE", files.file(CertificateDirectory.KEY).toString());
        env.put("MESHTRUST_CA_FILE", files.file(CertificateDirectory.CA).toString());
        env.put("MESHTRUST_CERT_SERIAL", issued.serialNumber());
        env.put("MESHTRUST_CERT_NOT_AFTER", issued.notAfter().toString());
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            report("could not start the --on-renew command: " + e.getMessage());
            return false;
        }
        Thread copier = new Thread(() -> copyOutput(process), "meshtrust-on-renew-output");
        copier.setDaemon(true);
        copier.start();
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                report("the --on-renew command did not finish within " + timeout.toSeconds() + "s and was killed");
                return false;
            }
            copier.join(1000);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            return false;
        }
        int exit = process.exitValue();
        if (exit != 0) {
            report("the --on-renew command failed with exit code " + exit + "; the agent goes on");
            return false;
        }
        return true;
    }

    private void copyOutput(Process process) {
        try (var reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                synchronized (err) {
                    err.println("on-renew: " + line);
                    err.flush();
                }
            }
        } catch (IOException ignored) {
            // the process was killed
        }
    }

    private void report(String message) {
        synchronized (err) {
            err.println("dp certificate: " + message);
            err.flush();
        }
    }
}

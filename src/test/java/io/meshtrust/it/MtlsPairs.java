package io.meshtrust.it;

import io.meshtrust.crypto.PemCodec;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/**
 * Two dataplanes holding mutual TLS with the files their {@code dp certificate} agents keep (issue 15 point 6): one
 * side serves, the other connects, a new connection every {@code pause}, each side building its TLS context from its
 * own {@code cert.pem}/{@code key.pem} and trusting the roots in its own {@code ca.pem}, read again before every
 * handshake, and each checking the other's SPIFFE URI. Either in this JVM (JSSE's PKIX path building) or in a Python
 * process ({@code it/mtls_pair.py}: OpenSSL's, which picks an issuer by name and key identifier).
 */
final class MtlsPairs {

    /**
     * Socket timeouts: generous, so that a failure means TLS refused, not a busy machine (two replicas, 20 agents and
     * the pairs share two cores).
     */
    static final int IO_TIMEOUT_MS = 20_000;

    private MtlsPairs() {}

    /** One dataplane's side: its certificate directory and the URI its peer expects to see. */
    record Side(String name, Path dir, String uri) {}

    /** The files of one version of a certificate directory, read together. */
    record Files3(List<X509Certificate> chain, PrivateKey key, List<X509Certificate> roots) {}

    /** A running pair; results are counted until {@link #close()}. */
    interface Pair extends AutoCloseable {
        String describe();

        /** Handshakes that completed with both identities checked and the ping answered. */
        long ok();

        /** Every failure, with the side that saw it and why. */
        List<String> failures();

        /** Successful handshakes whose two leaves were signed by different CAs (authority key identifiers differ). */
        long mixed();

        @Override
        void close();
    }

    /** A running pair: what it counted, and how to stop it (both kinds of pair are one of these). */
    private record Running(
            String describe, AtomicLong handshakes, List<String> failures, AtomicLong mixedHandshakes, Runnable stopper)
            implements Pair {
        @Override
        public long ok() {
            return handshakes.get();
        }

        @Override
        public long mixed() {
            return mixedHandshakes.get();
        }

        @Override
        public void close() {
            stopper.run();
        }
    }

    /**
     * Resolves {@code ..data} once and reads the three files from that version, so they belong together; a version
     * pruned meanwhile is resolved again.
     */
    static Files3 read(Path dir) throws Exception {
        Exception last = null;
        for (int attempt = 0; attempt < 10; attempt++) {
            Path version = dir.resolve("..data").toRealPath();
            try {
                return new Files3(
                        PemCodec.parseCertificates(Files.readString(version.resolve("cert.pem"))),
                        PemCodec.parsePrivateKey(Files.readString(version.resolve("key.pem"))),
                        PemCodec.parseCertificates(Files.readString(version.resolve("ca.pem"))));
            } catch (NoSuchFileException e) {
                last = e; // switched between resolving and reading: resolve the new version at once
            }
        }
        throw last;
    }

    static SSLContext context(Path dir) throws Exception {
        var files = read(dir);
        var keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        keys.setKeyEntry("dp", files.key(), new char[0], files.chain().toArray(new Certificate[0]));
        var kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, new char[0]);
        var trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        for (int i = 0; i < files.roots().size(); i++) {
            trust.setCertificateEntry("root-" + i, files.roots().get(i));
        }
        var tmf = TrustManagerFactory.getInstance("PKIX");
        tmf.init(trust);
        var context = SSLContext.getInstance("TLSv1.3");
        context.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        return context;
    }

    static List<String> uris(X509Certificate certificate) throws CertificateParsingException {
        var names = certificate.getSubjectAlternativeNames();
        List<String> uris = new ArrayList<>();
        if (names != null) {
            for (var name : names) {
                if ((Integer) name.get(0) == 6) {
                    uris.add((String) name.get(1));
                }
            }
        }
        return uris;
    }

    /** The authority key identifier's extension bytes, or an empty array. */
    static byte[] aki(Certificate certificate) {
        byte[] value = ((X509Certificate) certificate).getExtensionValue("2.5.29.35");
        return value == null ? new byte[0] : value;
    }

    /**
     * One handshake in this JVM, {@code server} serving on a fresh socket and {@code client} connecting.
     *
     * @return null when both sides succeeded, else what failed (one entry per side that saw a failure)
     */
    static Outcome handshake(Side server, Side client) {
        var failures = new CopyOnWriteArrayList<String>();
        var mixed = new AtomicBoolean();
        try (var listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            listener.setSoTimeout(IO_TIMEOUT_MS);
            Thread serving = new Thread(
                    () -> {
                        try (Socket raw = listener.accept()) {
                            raw.setSoTimeout(IO_TIMEOUT_MS);
                            var tls = (SSLSocket) context(server.dir())
                                    .getSocketFactory()
                                    .createSocket(raw, "127.0.0.1", raw.getPort(), true);
                            tls.setUseClientMode(false);
                            tls.setNeedClientAuth(true);
                            tls.startHandshake();
                            var peer = (X509Certificate) tls.getSession().getPeerCertificates()[0];
                            if (!uris(peer).contains(client.uri())) {
                                throw new IllegalStateException(
                                        "client presented " + uris(peer) + ", expected " + client.uri());
                            }
                            readExactly(tls.getInputStream(), "ping");
                            tls.getOutputStream().write("pong".getBytes(StandardCharsets.US_ASCII));
                            tls.getOutputStream().flush();
                            tls.close();
                        } catch (Exception e) {
                            failures.add("server " + server.name() + ": " + e);
                        }
                    },
                    "mtls-server-" + server.name());
            serving.start();
            try {
                var ssl = context(client.dir());
                try (var tls = (SSLSocket) ssl.getSocketFactory().createSocket()) {
                    tls.connect(
                            new InetSocketAddress(InetAddress.getLoopbackAddress(), listener.getLocalPort()),
                            IO_TIMEOUT_MS);
                    tls.setSoTimeout(IO_TIMEOUT_MS);
                    tls.startHandshake();
                    var peer = tls.getSession().getPeerCertificates()[0];
                    if (!uris((X509Certificate) peer).contains(server.uri())) {
                        throw new IllegalStateException(
                                "server presented " + uris((X509Certificate) peer) + ", expected " + server.uri());
                    }
                    mixed.set(!Arrays.equals(aki(peer), aki(tls.getSession().getLocalCertificates()[0])));
                    OutputStream out = tls.getOutputStream();
                    out.write("ping".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    readExactly(tls.getInputStream(), "pong");
                }
            } catch (Exception e) {
                failures.add("client " + client.name() + ": " + e);
            }
            serving.join(2L * IO_TIMEOUT_MS);
        } catch (IOException e) {
            failures.add("listener: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return new Outcome(List.copyOf(failures), mixed.get());
    }

    record Outcome(List<String> failures, boolean mixed) {
        boolean ok() {
            return failures.isEmpty();
        }
    }

    private static void readExactly(InputStream in, String expected) throws IOException {
        byte[] got = in.readNBytes(expected.length());
        if (!expected.equals(new String(got, StandardCharsets.US_ASCII))) {
            throw new IOException(
                    "expected \"" + expected + "\", read \"" + new String(got, StandardCharsets.US_ASCII) + "\"");
        }
    }

    /** A pair in this JVM: a thread re-handshaking every {@code pause}. */
    static Pair java(Side server, Side client, Duration pause) {
        var ok = new AtomicLong();
        var mixed = new AtomicLong();
        var failures = new CopyOnWriteArrayList<String>();
        var stop = new AtomicBoolean();
        Thread loop = new Thread(
                () -> {
                    while (!stop.get()) {
                        var outcome = handshake(server, client);
                        if (outcome.ok()) {
                            ok.incrementAndGet();
                            if (outcome.mixed()) {
                                mixed.incrementAndGet();
                            }
                        } else if (!stop.get()) {
                            failures.addAll(outcome.failures());
                        }
                        try {
                            // The load's cadence (a new handshake every pause), not a wait for a condition.
                            Thread.sleep(pause.toMillis());
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                },
                "mtls-pair-" + server.name() + "-" + client.name());
        loop.start();
        return new Running("java " + server.name() + " <- " + client.name(), ok, failures, mixed, () -> {
            stop.set(true);
            try {
                loop.join(3L * IO_TIMEOUT_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    /** A pair in a Python process ({@code it/mtls_pair.py}), whose result lines are counted here. */
    static Pair python(Side server, Side client, Duration pause, Path workDir) throws IOException {
        Path script = workDir.resolve("mtls_pair.py");
        if (!Files.exists(script)) {
            try (var in = MtlsPairs.class.getResourceAsStream("/it/mtls_pair.py")) {
                Files.copy(in, script);
            }
        }
        var process = new ProcessBuilder(
                        "python3",
                        script.toString(),
                        server.dir().toString(),
                        server.uri(),
                        client.dir().toString(),
                        client.uri(),
                        Long.toString(pause.toMillis()))
                .redirectErrorStream(true)
                .start();
        var ok = new AtomicLong();
        var failures = new CopyOnWriteArrayList<String>();
        var closing = new AtomicBoolean();
        Thread reader = new Thread(
                () -> {
                    try (var lines = new BufferedReader(
                            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                        String line;
                        while ((line = lines.readLine()) != null) {
                            if (line.startsWith("ready ")) {
                                continue; // the port it serves on, for a reader of the process's output
                            }
                            if (line.equals("ok")) {
                                ok.incrementAndGet();
                            } else if (!closing.get()) {
                                failures.add("python " + line);
                            }
                        }
                    } catch (IOException e) {
                        if (!closing.get()) {
                            failures.add("python output: " + e);
                        }
                    }
                },
                "mtls-python-" + server.name() + "-" + client.name());
        reader.setDaemon(true);
        reader.start();
        // Python does not report whether a handshake mixed the two CAs: its count stays 0.
        return new Running("python " + server.name() + " <- " + client.name(), ok, failures, new AtomicLong(), () -> {
            closing.set(true);
            try {
                process.getOutputStream().close();
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
                reader.join(5_000);
            } catch (IOException e) {
                process.destroyForcibly();
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        });
    }
}

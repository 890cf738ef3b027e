package io.meshtrust.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.StringReader;
import java.io.StringWriter;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemWriter;

/**
 * A control plane that only mints dataplane certificates, with Bouncy Castle: it signs the CSR's public key with its
 * own root and answers the fields of {@code POST .../certificate}; {@link #status} turns it into a failing one, and
 * {@link #stop()}/{@link #start()} make it unreachable and back on the same port.
 */
final class FakeDataplaneCa implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    record Request(String path, String authorization, SubjectPublicKeyInfo publicKey) {}

    final List<Request> requests = new CopyOnWriteArrayList<>();
    final KeyPair caKey;
    final X509CertificateHolder caCertificate;
    final InstantSource clock;
    /** 200 mints; anything else answers Kuma's error body with that status. */
    volatile int status = 200;

    /** A {@code Retry-After} header sent with every non-200 answer, when set. */
    volatile String retryAfter;
    /** Mint the next certificates for the CA's own key instead of the CSR's (a broken control plane). */
    volatile boolean wrongKey;
    /** renewAfter = now + this. */
    volatile Duration renewIn = Duration.ofMinutes(48);

    /** The {@code User-Agent} of every request, in order. */
    final List<String> userAgents = new CopyOnWriteArrayList<>();
    /** The bodies of the heartbeats, in order. */
    final List<String> heartbeatBodies = new CopyOnWriteArrayList<>();

    /** Paths of the heartbeats and status reads ({@code POST .../heartbeat}, {@code GET .../certificate}), in order. */
    final List<String> checks = new CopyOnWriteArrayList<>();
    /** The status of both check-in requests; 200 answers {@link #checkBody} to the GET and 204 to the heartbeat. */
    volatile int checkStatus = 200;
    /** The body of {@code GET .../certificate}. */
    volatile String checkBody = "{\"renewalDue\":false,\"reasons\":[]}";

    private final int port;
    private HttpServer server;
    private long serial = 1000;

    FakeDataplaneCa(InstantSource clock) throws Exception {
        this.clock = clock;
        var generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        caKey = generator.generateKeyPair();
        var name = new X500Name("CN=fake-mesh-ca");
        Instant now = Instant.now();
        caCertificate = new X509v3CertificateBuilder(
                        name,
                        BigInteger.ONE,
                        Date.from(now.minusSeconds(60)),
                        Date.from(now.plus(Duration.ofDays(1))),
                        name,
                        SubjectPublicKeyInfo.getInstance(caKey.getPublic().getEncoded()))
                .build(new JcaContentSignerBuilder("SHA256withECDSA").build(caKey.getPrivate()));
        start(0);
        port = server.getAddress().getPort();
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    String caPem() throws Exception {
        return pem("CERTIFICATE", caCertificate.getEncoded());
    }

    void stop() {
        server.stop(0);
    }

    void start() throws Exception {
        start(port);
    }

    private void start(int onPort) throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), onPort), 0);
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getRawPath();
            userAgents.add(String.valueOf(exchange.getRequestHeaders().getFirst("User-Agent")));
            if (path.endsWith("/heartbeat") || exchange.getRequestMethod().equals("GET")) {
                String checkRequest = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                if (path.endsWith("/heartbeat")) {
                    heartbeatBodies.add(checkRequest);
                }
                checks.add(exchange.getRequestMethod() + " " + path);
                int code = checkStatus;
                byte[] bytes = (code != 200
                                ? "{\"type\":\"/std-errors\",\"status\":" + code
                                        + ",\"title\":\"Refused\",\"detail\":\"status " + code + "\"}"
                                : path.endsWith("/heartbeat") ? "" : checkBody)
                        .getBytes(StandardCharsets.UTF_8);
                if (code == 200 && bytes.length == 0) {
                    exchange.sendResponseHeaders(204, -1);
                } else {
                    exchange.getResponseHeaders().add("Content-Type", "application/json");
                    exchange.sendResponseHeaders(code, bytes.length);
                    exchange.getResponseBody().write(bytes);
                }
                exchange.close();
                return;
            }
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            int answer;
            String response;
            try {
                var csr = (PKCS10CertificationRequest) new PEMParser(
                                new StringReader(JSON.readTree(body).path("csr").asText()))
                        .readObject();
                requests.add(new Request(
                        exchange.getRequestURI().getRawPath(),
                        exchange.getRequestHeaders().getFirst("Authorization"),
                        csr.getSubjectPublicKeyInfo()));
                answer = status;
                response = answer == 200
                        ? mint(
                                wrongKey
                                        ? SubjectPublicKeyInfo.getInstance(
                                                caKey.getPublic().getEncoded())
                                        : csr.getSubjectPublicKeyInfo())
                        : "{\"type\":\"/std-errors\",\"status\":" + answer
                                + ",\"title\":\"Refused\",\"detail\":\"status " + answer + "\"}";
            } catch (Exception e) {
                answer = 500;
                response = "{\"title\":\"fake failed\",\"detail\":\""
                        + e.getClass().getSimpleName() + "\"}";
            }
            byte[] bytes = response.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            if (answer != 200 && retryAfter != null) {
                exchange.getResponseHeaders().add("Retry-After", retryAfter);
            }
            exchange.sendResponseHeaders(answer, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
    }

    private synchronized String mint(SubjectPublicKeyInfo publicKey) throws Exception {
        Instant now = clock.instant();
        Instant notAfter = now.plus(renewIn.multipliedBy(5).dividedBy(4));
        var leaf = new X509v3CertificateBuilder(
                        caCertificate.getSubject(),
                        BigInteger.valueOf(++serial),
                        Date.from(now.minusSeconds(10)),
                        Date.from(notAfter),
                        new X500Name("CN=dp"),
                        publicKey)
                .build(new JcaContentSignerBuilder("SHA256withECDSA").build(caKey.getPrivate()));
        var json = new LinkedHashMap<String, Object>();
        json.put("certificate", pem("CERTIFICATE", leaf.getEncoded()));
        json.put("caBundle", caPem());
        json.put("serialNumber", String.valueOf(serial));
        json.put("notBefore", now.minusSeconds(10).toString());
        json.put("notAfter", notAfter.toString());
        json.put("renewAfter", now.plus(renewIn).toString());
        json.put("backend", "ca-1");
        json.put("spiffeId", "spiffe://fake/web");
        json.put("uris", List.of("spiffe://fake/web"));
        return JSON.writeValueAsString(json);
    }

    static String pem(String type, byte[] der) throws Exception {
        var out = new StringWriter();
        try (var writer = new PemWriter(out)) {
            writer.writeObject(new PemObject(type, der));
        }
        return out.toString();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}

package io.meshtrust.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshtrust.testsupport.Golden;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;

/**
 * The body limit ({@code quarkus.http.limits.max-body-size}, 1 MiB) answers Kuma's JSON 413 whether the size is
 * announced in {@code Content-Length} or only found out while a chunked body streams in; bodies under the limit are
 * not affected. Raw sockets, because HTTP clients decide framing themselves.
 */
@QuarkusTest
class BodyLimitTest {

    private static final int LIMIT = 1024 * 1024;

    @TestHTTPResource("/")
    URL base;

    /** A response read off the socket: status, lower-cased header block and the (de-chunked) body. */
    record Raw(int status, String headers, String body) {}

    @Test
    void chunkedBodyOverTheLimitGetsKumasJson413AndNothingIsStored() throws IOException {
        String json = secret("chunked-big", "A".repeat(LIMIT + 10));
        Raw r = chunked("/global-secrets/chunked-big", json.getBytes(StandardCharsets.UTF_8), 16 * 1024);
        assertThat(r.status()).as(r.body()).isEqualTo(413);
        assertThat(r.headers()).contains("content-type: application/json");
        JsonNode body = Golden.parse(r.body());
        assertThat(body.path("type").asText()).isEqualTo("/std-errors");
        assertThat(body.path("status").asInt()).isEqualTo(413);
        assertThat(body.path("title").asText()).isEqualTo("Payload Too Large");
        assertThat(body.path("detail").asText())
                .isEqualTo("The request body is larger than the limit of " + LIMIT + " bytes");
        given().get("/global-secrets/chunked-big").then().statusCode(404);
    }

    @Test
    void announcedBodyOverTheLimitGetsTheSame413() throws IOException {
        byte[] json = secret("announced-big", "A".repeat(LIMIT + 10)).getBytes(StandardCharsets.UTF_8);
        Raw r = send(
                "PUT /global-secrets/announced-big HTTP/1.1\r\nHost: " + host() + "\r\n"
                        + "Content-Type: application/json\r\nContent-Length: " + json.length + "\r\n\r\n",
                json,
                0);
        assertThat(r.status()).isEqualTo(413);
        assertThat(Golden.parse(r.body()).path("detail").asText())
                .isEqualTo("The request body is larger than the limit of " + LIMIT + " bytes");
        given().get("/global-secrets/announced-big").then().statusCode(404);
    }

    @Test
    void chunkedBodyUnderTheLimitIsStored() throws IOException {
        String data = "QUJD".repeat(200_000); // 800,000 characters of base64, in 8 KiB chunks
        Raw r = chunked(
                "/global-secrets/chunked-ok", secret("chunked-ok", data).getBytes(StandardCharsets.UTF_8), 8 * 1024);
        assertThat(r.status()).as(r.body()).isIn(200, 201);
        given().get("/global-secrets/chunked-ok").then().statusCode(200).body("data", Matchers.equalTo(data));
        given().delete("/global-secrets/chunked-ok").then().statusCode(200);
    }

    private static String secret(String name, String data) {
        return "{\"type\":\"GlobalSecret\",\"name\":\"" + name + "\",\"data\":\"" + data + "\"}";
    }

    private String host() {
        return base.getHost() + ":" + base.getPort();
    }

    private Raw chunked(String path, byte[] body, int chunk) throws IOException {
        var out = new ByteArrayOutputStream();
        for (int i = 0; i < body.length; i += chunk) {
            int n = Math.min(chunk, body.length - i);
            out.write((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body, i, n);
            out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        return send(
                "PUT " + path + " HTTP/1.1\r\nHost: " + host() + "\r\nContent-Type: application/json\r\n"
                        + "Transfer-Encoding: chunked\r\n\r\n",
                out.toByteArray(),
                chunk);
    }

    /** Writes the head and the body (in pieces of {@code piece} bytes, 0 = at once), stopping if the server hangs up. */
    private Raw send(String head, byte[] body, int piece) throws IOException {
        try (var socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            int step = piece <= 0 ? body.length : piece;
            try {
                for (int i = 0; i < body.length; i += step) {
                    out.write(body, i, Math.min(step, body.length - i));
                }
                out.flush();
            } catch (IOException hungUp) {
                // The server may answer and close before the whole body is sent: the answer is what counts.
            }
            return read(socket.getInputStream());
        }
    }

    private static Raw read(InputStream in) throws IOException {
        var all = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        try {
            for (int n; (n = in.read(buf)) > 0; ) {
                all.write(buf, 0, n);
                if (complete(all.toString(StandardCharsets.ISO_8859_1))) {
                    break;
                }
            }
        } catch (SocketTimeoutException | SocketException e) {
            // what arrived is parsed below
        }
        String text = all.toString(StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        assertThat(end).as("a response head in: " + text).isPositive();
        String headers = text.substring(0, end).toLowerCase(Locale.ROOT);
        String body = text.substring(end + 4);
        if (headers.contains("transfer-encoding: chunked")) {
            body = dechunk(body);
        }
        int status = Integer.parseInt(headers.substring(9, 12));
        return new Raw(status, headers, new String(body.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8));
    }

    private static boolean complete(String text) {
        int end = text.indexOf("\r\n\r\n");
        if (end < 0) {
            return false;
        }
        String headers = text.substring(0, end).toLowerCase(Locale.ROOT);
        int at = headers.indexOf("content-length: ");
        if (at >= 0) {
            int stop = headers.indexOf("\r\n", at);
            long length = Long.parseLong(headers.substring(at + 16, stop < 0 ? headers.length() : stop)
                    .trim());
            return text.length() - end - 4 >= length;
        }
        return headers.contains("transfer-encoding: chunked") && text.endsWith("0\r\n\r\n");
    }

    private static String dechunk(String body) {
        var out = new StringBuilder();
        int i = 0;
        while (i < body.length()) {
            int eol = body.indexOf("\r\n", i);
            int size = Integer.parseInt(body.substring(i, eol).trim(), 16);
            if (size == 0) {
                break;
            }
            out.append(body, eol + 2, eol + 2 + size);
            i = eol + 2 + size + 2;
        }
        return out.toString();
    }
}

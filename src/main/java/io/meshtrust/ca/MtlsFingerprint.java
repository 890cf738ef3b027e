package io.meshtrust.ca;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

/**
 * A digest of a Mesh's {@code mtls} section, independent of key order. Kuma regenerates every leaf of a mesh when
 * anything in {@code mtls} changes (docs/kuma-ca-insights.md §5.2: enabled backend, any backend field, {@code dpCert},
 * {@code skipValidation}); comparing the digest a certificate was issued under with the current one says the same.
 */
public final class MtlsFingerprint {

    private MtlsFingerprint() {}

    /** The digest (hex SHA-256) of {@code mtls}; a missing section has the digest of JSON {@code null}. */
    public static String of(JsonNode mtls) {
        var canonical = new StringBuilder();
        write(mtls, canonical);
        try {
            var digest = MessageDigest.getInstance("SHA-256")
                    .digest(canonical.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }

    private static void write(JsonNode node, StringBuilder out) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            out.append("null");
        } else if (node.isObject()) {
            Map<String, JsonNode> sorted = new TreeMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                var e = it.next();
                sorted.put(e.getKey(), e.getValue());
            }
            out.append('{');
            sorted.forEach((k, v) -> {
                out.append(quote(k)).append(':');
                write(v, out);
                out.append(',');
            });
            out.append('}');
        } else if (node.isArray()) {
            out.append('[');
            node.forEach(v -> {
                write(v, out);
                out.append(',');
            });
            out.append(']');
        } else {
            out.append(node.toString());
        }
    }

    private static String quote(String s) {
        return TextNode.valueOf(s).toString();
    }
}

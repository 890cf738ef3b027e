package io.meshtrust.tokens;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The one strict gate every token passes before anything else decodes it (issue 13, point 3). A token has exactly one
 * accepted spelling, the one Kuma's issuer writes (docs/kuma-tokens.md §5.3): three non-empty segments separated by
 * {@code .}, each unpadded base64url ({@code [A-Za-z0-9_-]} only, no {@code =}, no whitespace, not the {@code +/}
 * alphabet) with canonical trailing bits (the unused low bits of the last character are zero, checked by re-encoding
 * the decoded bytes and comparing). jose4j, under SmallRye JWT, decodes leniently; after this gate there is nothing
 * left for it to be lenient about.
 *
 * <p>Bounds, all checked before any RSA work: the whole token is at most {@link #MAX_TOKEN_LENGTH} characters (it
 * travels in an {@code Authorization} header, and Quarkus refuses request headers over 20 KiB in total); header and
 * payload are strict UTF-8 JSON objects, without duplicate member names, trailing data or nesting deeper than
 * {@link #MAX_JSON_DEPTH}.
 */
public final class CompactJws {

    /** Larger than any token Kuma or kumactl issues, below Quarkus' 20 KiB limit on a request's headers. */
    public static final int MAX_TOKEN_LENGTH = 16 * 1024;
    /** Kuma's deepest claim is {@code Tags: {tag: [values]}} (depth 3); external issuers get room, attackers none. */
    public static final int MAX_JSON_DEPTH = 16;

    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final ObjectMapper JSON = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxNestingDepth(MAX_JSON_DEPTH)
                            .maxStringLength(MAX_TOKEN_LENGTH)
                            .maxNumberLength(64)
                            .build())
                    .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                    .build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private final String signingInput;
    private final JsonNode header;
    private final byte[] payload;
    private final byte[] signature;

    private CompactJws(String signingInput, JsonNode header, byte[] payload, byte[] signature) {
        this.signingInput = signingInput;
        this.header = header;
        this.payload = payload;
        this.signature = signature;
    }

    /**
     * Splits and decodes a compact JWS; the header must be a JSON object, the payload is only base64url-decoded
     * (see {@link #jsonObject} for claims).
     *
     * @throws InvalidTokenException for anything but the one accepted spelling
     */
    public static CompactJws parse(String token) throws InvalidTokenException {
        if (token == null || token.isEmpty()) {
            throw new InvalidTokenException("token is empty");
        }
        if (token.length() > MAX_TOKEN_LENGTH) {
            throw new InvalidTokenException("token is longer than " + MAX_TOKEN_LENGTH + " characters");
        }
        int first = token.indexOf('.');
        int second = first < 0 ? -1 : token.indexOf('.', first + 1);
        if (second < 0 || token.indexOf('.', second + 1) >= 0) {
            throw new InvalidTokenException("token is malformed: token contains an invalid number of segments");
        }
        byte[] header = strictBase64Url(token.substring(0, first), "header");
        byte[] payload = strictBase64Url(token.substring(first + 1, second), "claims");
        byte[] signature = strictBase64Url(token.substring(second + 1), "signature");
        return new CompactJws(token.substring(0, second), jsonObject(header, "header"), payload, signature);
    }

    /** {@code b64url(header) + "." + b64url(payload)}, as received (and therefore canonical). */
    public String signingInput() {
        return signingInput;
    }

    public JsonNode header() {
        return header;
    }

    public byte[] payload() {
        return payload.clone();
    }

    public byte[] signature() {
        return signature.clone();
    }

    /**
     * Strict UTF-8, one JSON object, bounded as described on the class.
     *
     * @param what {@code header} or {@code claims}, for the message
     */
    public static JsonNode jsonObject(byte[] bytes, String what) throws InvalidTokenException {
        String text;
        try {
            text = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new InvalidTokenException("token is malformed: the " + what + " is not valid UTF-8");
        }
        JsonNode node;
        try {
            node = JSON.readTree(text);
        } catch (JsonProcessingException | RuntimeException e) {
            // Jackson's message may quote the input: it stays out of ours
            throw new InvalidTokenException("token is malformed: could not JSON decode the " + what);
        }
        if (node == null || !node.isObject()) {
            throw new InvalidTokenException("token is malformed: " + what + " is not a JSON object");
        }
        return node;
    }

    private static byte[] strictBase64Url(String segment, String what) throws InvalidTokenException {
        if (segment.isEmpty()) {
            throw new InvalidTokenException("token is malformed: the " + what + " segment is empty");
        }
        for (int i = 0; i < segment.length(); i++) {
            char c = segment.charAt(i);
            boolean alphabet =
                    c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_';
            if (!alphabet) {
                throw new InvalidTokenException("token is malformed: the " + what
                        + " is not unpadded base64url (a character outside [A-Za-z0-9_-])");
            }
        }
        if (segment.length() % 4 == 1) {
            throw new InvalidTokenException("token is malformed: the " + what + " has an impossible base64url length");
        }
        byte[] bytes = Base64.getUrlDecoder().decode(segment);
        // The decoder ignores the unused low bits of the last character; only the canonical spelling re-encodes equal.
        if (!B64.encodeToString(bytes).equals(segment)) {
            throw new InvalidTokenException("token is malformed: the " + what + " is not canonical base64url");
        }
        return bytes;
    }
}

package io.meshtrust.api;

/**
 * Go's {@code strconv.Atoi} on a 64-bit platform, as Kuma reads numeric query parameters ({@code size},
 * {@code offset} in {@code pkg/api-server/pagination.go}): an optional {@code +} or {@code -}, then ASCII digits only,
 * within int64. Java's {@code Integer.parseInt} differs: it takes any Unicode digit ({@code ١٢}) and stops at int32,
 * so a parameter Kuma reads as a large number would be reported as a syntax error.
 */
public final class GoAtoi {

    private GoAtoi() {}

    /** Refused input, with Go's message: {@code strconv.Atoi: parsing "x": invalid syntax} (or {@code value out of range}). */
    public static final class AtoiException extends Exception {
        private static final long serialVersionUID = 1L;

        AtoiException(String input, String reason) {
            super("strconv.Atoi: parsing " + quote(input) + ": " + reason, null, false, false);
        }
    }

    /** @throws AtoiException for empty text, a character other than a leading sign and ASCII digits, or beyond int64 */
    public static long parse(String s) throws AtoiException {
        int start = !s.isEmpty() && (s.charAt(0) == '+' || s.charAt(0) == '-') ? 1 : 0;
        if (start == s.length()) {
            throw new AtoiException(s, "invalid syntax");
        }
        for (int i = start; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                throw new AtoiException(s, "invalid syntax");
            }
        }
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) { // only ASCII digits remain: the value is out of range
            throw new AtoiException(s, "value out of range");
        }
    }

    /** Go's {@code strconv.Quote} for the printable ASCII Kuma's messages carry; other characters are escaped. */
    static String quote(String s) {
        StringBuilder out = new StringBuilder("\"");
        s.codePoints().forEach(c -> {
            if (c == '"' || c == '\\') {
                out.append('\\').appendCodePoint(c);
            } else if (c >= 0x20 && c < 0x7f) {
                out.appendCodePoint(c);
            } else if (c <= 0xffff) {
                out.append(String.format("\\u%04x", c));
            } else {
                out.append(String.format("\\U%08x", c));
            }
        });
        return out.append('"').toString();
    }
}

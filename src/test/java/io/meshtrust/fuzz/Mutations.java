package io.meshtrust.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Generators shared by the fuzz suite: hostile strings and byte-level mutations of a valid input. A mutation keeps most
 * of its base, so it reaches the parser's deeper branches instead of failing at the first byte.
 */
public final class Mutations {

    /** Strings that break naive parsers: separators, signs, huge numbers, non-ASCII digits, controls, emoji. */
    private static final List<String> TRICKY = List.of(
            "",
            " ",
            "0",
            "-0",
            "+",
            "-",
            ".",
            "..",
            "_",
            "__",
            ":",
            "[",
            "]",
            "%",
            "%00",
            "\u0000",
            "\n",
            "\r\n",
            "\t",
            "\u00b5",
            "\u03bc",
            "\u0661",
            "\uff11",
            "\ud83d\ude00",
            "\ud800",
            "9223372036854775807",
            "9223372036854775808",
            "-9223372036854775808",
            "18446744073709551616",
            "2147483647",
            "2147483648",
            "-2147483649",
            "1e9",
            "0x10",
            "1_000",
            "NaN",
            "Infinity",
            "null",
            "true",
            "\"",
            "\\",
            "'",
            "<",
            "&",
            "=",
            "?",
            "#",
            "/",
            "../",
            "%2F",
            "kri",
            "y",
            "ms",
            "h",
            "ns");

    private Mutations() {}

    /** Any short string: tokens from {@link #TRICKY}, digits, letters and arbitrary code points, concatenated. */
    public static Arbitrary<String> hostileString() {
        Arbitrary<String> piece = Arbitraries.oneOf(
                Arbitraries.of(TRICKY),
                Arbitraries.strings().numeric().ofMinLength(1).ofMaxLength(25),
                Arbitraries.strings().alpha().ofMaxLength(6),
                Arbitraries.strings().ofMaxLength(6),
                Arbitraries.strings().all().ofMaxLength(4));
        return piece.list().ofMaxSize(5).map(parts -> String.join("", parts));
    }

    /** A byte-level mutation of {@code base}: flip, insert, delete, duplicate or truncate, one to four times. */
    public static Arbitrary<byte[]> mutatedBytes(byte[] base) {
        Arbitrary<Edit> edit = Combinators.combine(
                        Arbitraries.integers().between(0, 5),
                        Arbitraries.doubles().between(0, 1),
                        Arbitraries.integers().between(0, 255),
                        Arbitraries.integers().between(1, 64))
                .as(Edit::new);
        return edit.list().ofMinSize(1).ofMaxSize(4).map(edits -> {
            byte[] out = base;
            for (Edit e : edits) {
                out = e.apply(out);
            }
            return out;
        });
    }

    /** {@link #mutatedBytes} of a text, read back as ISO-8859-1 so that every byte survives as one char. */
    public static Arbitrary<String> mutatedText(String base) {
        return mutatedBytes(base.getBytes(StandardCharsets.ISO_8859_1))
                .map(b -> new String(b, StandardCharsets.ISO_8859_1));
    }

    /** One edit at a relative position, so the same edit applies to any length. */
    record Edit(int kind, double where, int value, int span) {

        byte[] apply(byte[] in) {
            int at = (int) (where * in.length);
            return switch (kind) {
                case 0 -> set(in, at, (byte) value);
                case 1 -> splice(in, at, 0, new byte[] {(byte) value});
                case 2 -> splice(in, at, Math.min(span, in.length - at), new byte[0]);
                case 3 -> splice(in, at, 0, slice(in, at, Math.min(span, in.length - at)));
                case 4 -> slice(in, 0, at);
                default -> set(in, at, (byte) (at < in.length ? in[at] ^ (1 << (value % 8)) : value));
            };
        }

        private static byte[] set(byte[] in, int at, byte b) {
            if (at >= in.length) {
                return splice(in, in.length, 0, new byte[] {b});
            }
            byte[] out = in.clone();
            out[at] = b;
            return out;
        }

        private static byte[] slice(byte[] in, int from, int length) {
            byte[] out = new byte[length];
            System.arraycopy(in, from, out, 0, length);
            return out;
        }

        private static byte[] splice(byte[] in, int at, int remove, byte[] insert) {
            byte[] out = new byte[in.length - remove + insert.length];
            System.arraycopy(in, 0, out, 0, at);
            System.arraycopy(insert, 0, out, at, insert.length);
            System.arraycopy(in, at + remove, out, at + insert.length, in.length - at - remove);
            return out;
        }
    }
}

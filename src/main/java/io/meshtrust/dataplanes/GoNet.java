package io.meshtrust.dataplanes;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The two address checks Kuma's Dataplane validator uses ({@code pkg/core/resources/apis/mesh/dataplane_validator.go}),
 * with Go's semantics rather than Java's (InetAddress would resolve names and accepts forms Go refuses):
 * <ul>
 *   <li>{@link #parseIp}: Go's {@code net.ParseIP} (Go 1.22+, {@code netip.ParseAddr} without a zone): dotted IPv4
 *       with exactly four decimal fields of at most 255 and no leading zeros; IPv6 with up to eight groups of one to
 *       four hex digits, one {@code ::} standing for at least one zero group, an IPv4 tail in the last 32 bits;
 *   <li>{@link #isDnsName}: govalidator's {@code IsDNSName}: not an IP, at most 255 characters besides dots, labels
 *       of letters, digits, {@code _} and {@code -} (not first), each at most 63, an optional trailing {@code .} or
 *       {@code _}. So {@code 999.1.1.1} is a domain name for Kuma, and so it is here.
 * </ul>
 */
final class GoNet {

    private static final Pattern DNS_NAME =
            Pattern.compile("^([a-zA-Z0-9_][a-zA-Z0-9_-]{0,62})(\\.[a-zA-Z0-9_][a-zA-Z0-9_-]{0,62})*[._]?$");
    private static final Pattern HEX_GROUP = Pattern.compile("[0-9a-fA-F]{1,4}");

    private GoNet() {}

    /** The 16-byte form (IPv4 as {@code ::ffff:a.b.c.d}) of an IP literal as Go parses it, or null. */
    static byte[] parseIp(String s) {
        if (s == null || s.isEmpty()) {
            return null;
        }
        if (s.indexOf(':') >= 0) {
            return parseV6(s);
        }
        byte[] v4 = parseV4(s);
        if (v4 == null) {
            return null;
        }
        byte[] ip = new byte[16];
        ip[10] = (byte) 0xff;
        ip[11] = (byte) 0xff;
        System.arraycopy(v4, 0, ip, 12, 4);
        return ip;
    }

    static boolean isIp(String s) {
        return parseIp(s) != null;
    }

    static boolean isDnsName(String s) {
        if (s == null || s.isEmpty() || s.replace(".", "").length() > 255) {
            return false;
        }
        return !isIp(s) && DNS_NAME.matcher(s).matches();
    }

    /** Go's {@code IP.IsUnspecified}: {@code 0.0.0.0} or {@code ::}. */
    static boolean isUnspecified(byte[] ip) {
        return ip != null && (Arrays.equals(ip, new byte[16]) || Arrays.equals(ip, parseIp("0.0.0.0")));
    }

    private static byte[] parseV4(String s) {
        String[] fields = s.split("\\.", -1);
        if (fields.length != 4) {
            return null;
        }
        byte[] out = new byte[4];
        for (int i = 0; i < 4; i++) {
            String f = fields[i];
            if (f.isEmpty()
                    || f.length() > 3
                    || !f.chars().allMatch(c -> c >= '0' && c <= '9')
                    || (f.length() > 1 && f.charAt(0) == '0')) {
                return null;
            }
            int v = Integer.parseInt(f);
            if (v > 255) {
                return null;
            }
            out[i] = (byte) v;
        }
        return out;
    }

    private static byte[] parseV6(String s) {
        if (s.indexOf('%') >= 0) {
            return null; // a zone: net.ParseIP refuses it
        }
        int ellipsis = s.indexOf("::");
        if (ellipsis >= 0 && s.indexOf("::", ellipsis + 1) >= 0) {
            return null;
        }
        List<Integer> head = groups(ellipsis >= 0 ? s.substring(0, ellipsis) : s, ellipsis < 0);
        List<Integer> tail = ellipsis >= 0 ? groups(s.substring(ellipsis + 2), true) : List.of();
        if (head == null || tail == null) {
            return null;
        }
        int total = head.size() + tail.size();
        if (ellipsis < 0 ? total != 8 : total > 7) {
            return null;
        }
        byte[] ip = new byte[16];
        for (int i = 0; i < head.size(); i++) {
            ip[2 * i] = (byte) (head.get(i) >> 8);
            ip[2 * i + 1] = (byte) (int) head.get(i);
        }
        int start = 8 - tail.size();
        for (int i = 0; i < tail.size(); i++) {
            ip[2 * (start + i)] = (byte) (tail.get(i) >> 8);
            ip[2 * (start + i) + 1] = (byte) (int) tail.get(i);
        }
        return ip;
    }

    /** Colon-separated hex groups; an IPv4 tail (two groups) only in the last place and only where allowed. */
    private static List<Integer> groups(String part, boolean v4Tail) {
        List<Integer> out = new ArrayList<>();
        if (part.isEmpty()) {
            return out;
        }
        String[] fields = part.split(":", -1);
        for (int i = 0; i < fields.length; i++) {
            String f = fields[i];
            if (v4Tail && i == fields.length - 1 && f.indexOf('.') >= 0) {
                byte[] v4 = parseV4(f);
                if (v4 == null) {
                    return null;
                }
                out.add(((v4[0] & 0xff) << 8) | (v4[1] & 0xff));
                out.add(((v4[2] & 0xff) << 8) | (v4[3] & 0xff));
            } else if (HEX_GROUP.matcher(f).matches()) {
                out.add(Integer.parseInt(f, 16));
            } else {
                return null;
            }
        }
        return out;
    }
}

package org.orderhub.security;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** A list of addresses and networks ({@code 10.0.0.0/8}, {@code ::1}), and whether an address lies in one. */
public final class Networks {

    /** A literal IPv4 or IPv6 address: only these are parsed, so nothing here ever asks DNS. */
    private static final Pattern LITERAL = Pattern.compile("[0-9.]+|\\[?[0-9a-fA-F:.]*:[0-9a-fA-F:.]*]?");

    private record Network(byte[] prefix, int bits) {
        boolean contains(byte[] address) {
            if (address.length != prefix.length) {
                return false;
            }
            for (int i = 0; i < bits; i++) {
                int mask = 0x80 >> (i % 8);
                if ((address[i / 8] & mask) != (prefix[i / 8] & mask)) {
                    return false;
                }
            }
            return true;
        }
    }

    private final List<Network> networks;

    private Networks(List<Network> networks) {
        this.networks = List.copyOf(networks);
    }

    /** Comma-separated literal addresses and networks; throws naming the first entry that is neither. */
    public static Networks parse(String entries) {
        List<Network> parsed = new ArrayList<>();
        for (String entry : entries == null || entries.isBlank() ? List.<String>of() : Credentials.split(entries)) {
            String[] parts = entry.split("/", 2);
            byte[] address = literal(parts[0]);
            if (address == null) {
                throw new IllegalArgumentException("'" + entry + "' is not an address or a network (10.0.0.0/8)");
            }
            int bits;
            try {
                bits = parts.length == 1 ? address.length * 8 : Integer.parseInt(parts[1]);
            } catch (NumberFormatException e) {
                bits = -1;
            }
            if (bits < 0 || bits > address.length * 8) {
                throw new IllegalArgumentException("'" + entry + "' has no valid prefix length");
            }
            parsed.add(new Network(address, bits));
        }
        return new Networks(parsed);
    }

    /** The bytes of a literal address, or null if {@code text} is none. */
    public static byte[] literal(String text) {
        String t = text == null ? "" : text.trim();
        if (t.startsWith("[") && t.endsWith("]")) {
            t = t.substring(1, t.length() - 1);
        }
        if (t.isEmpty() || !LITERAL.matcher(t).matches()) {
            return null;
        }
        try {
            return InetAddress.getByName(t).getAddress();
        } catch (UnknownHostException e) {
            return null;
        }
    }

    public boolean isEmpty() {
        return networks.isEmpty();
    }

    /** Whether the literal address lies in one of the networks (false for anything that is no address). */
    public boolean contains(String address) {
        byte[] bytes = literal(address);
        return bytes != null && contains(bytes);
    }

    public boolean contains(byte[] address) {
        for (Network n : networks) {
            if (n.contains(address)) {
                return true;
            }
        }
        return false;
    }
}

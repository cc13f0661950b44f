package org.orderhub.security;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * The rule for every URL an operator or admin gives the hub to call (a site's terminal, subscribers,
 * exports, pollers): a plain http or https URL to a host, with no credentials, fragment, property
 * placeholder or Camel endpoint option in it, and inside the optional allow-list
 * {@code orderhub.outbound.allowed-hosts}. A host that resolves to a loopback, link-local (where cloud
 * metadata services answer), unspecified or known metadata address is refused unless an allow-list entry
 * names it (the host name itself, or a network holding its addresses): a URL an admin or operator gives
 * must not turn the hub into a way to reach its own machine. Calls never build a Camel endpoint from such a
 * URL; this class keeps a stored URL from reaching anything but the HTTP request line even so.
 */
public final class OutboundUrls {

    /** Loopback, unspecified, link-local and the metadata addresses of the big clouds. */
    private static final Networks LOCAL = Networks.parse("127.0.0.0/8,::1/128,0.0.0.0/8,::/128,169.254.0.0/16,"
            + "fe80::/10,fd00:ec2::254/128,100.100.100.200/32");

    private final Set<String> camelOptions;
    private final List<String> allowed;

    /**
     * @param camelOptions names of the camel-http endpoint options (lower case): a query parameter so named
     *                     is refused, since it can only be an attempt to configure the hub's HTTP client
     * @param allowedHosts comma-separated host names ({@code pos.example.com}, {@code *.example.com}),
     *                     addresses or networks ({@code 10.0.0.0/8}); blank allows every host
     */
    public OutboundUrls(Set<String> camelOptions, String allowedHosts) {
        this.camelOptions = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        this.camelOptions.addAll(camelOptions);
        this.allowed = allowedHosts == null || allowedHosts.isBlank() ? List.of()
                : Credentials.split(allowedHosts.toLowerCase(Locale.ROOT));
    }

    /** Why {@code url} may not be called, or null when it may: the admin API answers 400 with this reason. */
    public String problem(String url) {
        if (url.contains("{{") || url.contains("}}") || url.toLowerCase(Locale.ROOT).contains("%7b%7b")) {
            return "must not contain property placeholders ({{...}})";
        }
        if (url.indexOf('#') >= 0 || url.toLowerCase(Locale.ROOT).contains("%23")) {
            return "must not contain '#' (a fragment or a Camel bean reference)";
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return "is not a valid URL: " + e.getReason();
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            return "must be an http or https URL";
        }
        if (uri.getRawUserInfo() != null) {
            return "must not carry credentials (user:password@)";
        }
        if (uri.getHost() == null) {
            return "must name a host";
        }
        if (uri.getRawQuery() != null) {
            for (String pair : uri.getRawQuery().split("&")) {
                String name = pair.split("=", 2)[0];
                if (camelOptions.contains(name) || name.startsWith("httpClient.") || name.startsWith("httpConnection.")) {
                    return "query parameter '" + name + "' is an option of the hub's HTTP client, which the hub sets itself";
                }
            }
        }
        return hostRefusal(uri.getHost());
    }

    /** Why the hub may not connect to {@code host}, or null. */
    private String hostRefusal(String host) {
        if (!allowedHost(host)) {
            return "host " + host + " is not in orderhub.outbound.allowed-hosts";
        }
        if (local(host)) {
            return "host " + host + " is a loopback, link-local or metadata address; name it in "
                    + "orderhub.outbound.allowed-hosts to allow it";
        }
        return null;
    }

    /**
     * The URL to put in the request line of a call, for a URL that may have been stored before these
     * rules: credentials and fragment dropped, braces escaped (camel-http resolves {@code {{...}}} in
     * {@code CamelHttpUri}). Throws when it is no http(s) URL or its host is not allowed.
     */
    public String forCall(String url) {
        URI uri;
        try {
            uri = new URI(url.replace("{", "%7B").replace("}", "%7D"));
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a valid URL: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
            throw new IllegalArgumentException("not an http or https URL");
        }
        String refused = hostRefusal(uri.getHost());
        if (refused != null) {
            throw new IllegalArgumentException(refused);
        }
        return scheme + "://" + uri.getRawAuthority().substring(uri.getRawAuthority().indexOf('@') + 1)
                + (uri.getRawPath() == null ? "" : uri.getRawPath())
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    }

    /**
     * Why a host the hub connects to by another protocol (an SMTP server) may not be used, or null: a plain
     * host name or address, inside {@code orderhub.outbound.allowed-hosts}.
     */
    public String hostProblem(String host) {
        if (host == null || !HOST.matcher(host).matches()) {
            return "is not a host name or address";
        }
        return hostRefusal(host);
    }

    private static final java.util.regex.Pattern HOST = java.util.regex.Pattern.compile(
            "[A-Za-z0-9]([A-Za-z0-9.-]{0,251}[A-Za-z0-9])?|\\[[0-9A-Fa-f:.]+]");

    private static String bare(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        return h.startsWith("[") && h.endsWith("]") ? h.substring(1, h.length() - 1) : h;
    }

    /** The host resolves to a local address (see {@link #LOCAL}) and no entry names it. */
    private boolean local(String host) {
        String h = bare(host);
        for (String entry : allowed) {
            if (entry.equals(h) || entry.contains("/") && inNetwork(h, entry)) {
                return false;
            }
        }
        try {
            for (InetAddress address : InetAddress.getAllByName(h)) {
                if (LOCAL.contains(address.getAddress())) {
                    return true;
                }
            }
        } catch (UnknownHostException unknown) {
            return false; // the call itself will fail
        }
        return false;
    }

    private boolean allowedHost(String host) {
        if (allowed.isEmpty() || allowed.contains("*")) {
            return true;
        }
        String h = bare(host);
        for (String entry : allowed) {
            if (entry.equals(h) || entry.startsWith("*.") && h.endsWith(entry.substring(1))) {
                return true;
            }
        }
        for (String entry : allowed) {
            if (entry.contains("/") && inNetwork(h, entry)) {
                return true;
            }
        }
        return false;
    }

    /** Every address the host resolves to lies in the network (a literal address is not looked up). */
    private static boolean inNetwork(String host, String cidr) {
        try {
            String[] parts = cidr.split("/", 2);
            byte[] net = InetAddress.getByName(parts[0]).getAddress();
            int bits = Integer.parseInt(parts[1]);
            if (bits < 0 || bits > net.length * 8) {
                return false;
            }
            InetAddress[] addresses = InetAddress.getAllByName(host);
            for (InetAddress address : addresses) {
                byte[] a = address.getAddress();
                if (a.length != net.length || !samePrefix(a, net, bits)) {
                    return false;
                }
            }
            return addresses.length > 0;
        } catch (UnknownHostException | NumberFormatException e) {
            return false;
        }
    }

    private static boolean samePrefix(byte[] a, byte[] b, int bits) {
        for (int i = 0; i < bits; i++) {
            int mask = 0x80 >> (i % 8);
            if ((a[i / 8] & mask) != (b[i / 8] & mask)) {
                return false;
            }
        }
        return true;
    }
}

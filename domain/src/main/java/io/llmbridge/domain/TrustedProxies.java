package io.llmbridge.domain;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The proxies whose {@code X-Forwarded-For} is believed. Anyone can send that header, so it
 * names the client only when the peer that connected is a configured proxy; then the list is
 * read from the right, skipping further trusted proxies, and the first address that is not one
 * is the client (what nginx's {@code real_ip_recursive} does).
 */
public final class TrustedProxies {
    public static final TrustedProxies NONE = new TrustedProxies(List.of());

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV4_WITH_PORT = Pattern.compile("(\\d{1,3}(?:\\.\\d{1,3}){3}):\\d{1,5}");
    private static final Pattern BRACKETED_IPV6 = Pattern.compile("\\[([0-9A-Fa-f:.]+)](?::\\d{1,5})?");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

    private final List<Range> ranges;

    private TrustedProxies(List<Range> ranges) {
        this.ranges = List.copyOf(ranges);
    }

    /**
     * @param entries addresses ({@code 10.0.0.7}, {@code ::1}) or CIDR ranges ({@code 10.0.0.0/8})
     * @throws IllegalArgumentException naming the first entry that is neither
     */
    public static TrustedProxies of(List<String> entries) {
        List<Range> ranges = new ArrayList<>();
        for (String entry : entries) {
            ranges.add(Range.parse(entry == null ? "" : entry.strip()));
        }
        return new TrustedProxies(ranges);
    }

    /**
     * The client's address.
     *
     * @param peer          the address that connected; null when unknown
     * @param forwardedFor  every {@code X-Forwarded-For} value, in order
     */
    public String clientIp(InetAddress peer, List<String> forwardedFor) {
        if (peer == null) {
            return null;
        }
        InetAddress client = peer;
        if (trusts(peer)) {
            List<String> hops = new ArrayList<>();
            for (String value : forwardedFor) {
                for (String hop : value.split(",")) {
                    if (!hop.isBlank()) {
                        hops.add(hop.strip());
                    }
                }
            }
            for (int i = hops.size() - 1; i >= 0 && trusts(client); i--) {
                InetAddress hop = literal(forwardedHop(hops.get(i)));
                if (hop == null) {
                    break; // not an address: the last trusted hop is all that is known
                }
                client = hop;
            }
        }
        return client.getHostAddress();
    }

    private boolean trusts(InetAddress address) {
        for (Range range : ranges) {
            if (range.contains(address)) {
                return true;
            }
        }
        return false;
    }

    /** Some proxies append the port; an IPv6 address may come bracketed. */
    private static String forwardedHop(String hop) {
        var withPort = IPV4_WITH_PORT.matcher(hop);
        if (withPort.matches()) {
            return withPort.group(1);
        }
        var bracketed = BRACKETED_IPV6.matcher(hop);
        return bracketed.matches() ? bracketed.group(1) : hop;
    }

    /** An address literal, or null; never a name, so no header can make the gateway look up DNS. */
    private static InetAddress literal(String text) {
        if (!IPV4.matcher(text).matches() && !IPV6.matcher(text).matches()) {
            return null;
        }
        try {
            return InetAddress.getByName(text);
        } catch (UnknownHostException e) {
            return null;
        }
    }

    private record Range(byte[] network, int prefix) {
        static Range parse(String entry) {
            int slash = entry.indexOf('/');
            InetAddress address = literal(slash < 0 ? entry : entry.substring(0, slash));
            if (address == null) {
                throw new IllegalArgumentException("'" + entry + "' is not an IP address or CIDR range");
            }
            int bits = address.getAddress().length * 8;
            int prefix = bits;
            if (slash >= 0) {
                try {
                    prefix = Integer.parseInt(entry.substring(slash + 1));
                } catch (NumberFormatException e) {
                    prefix = -1;
                }
                if (prefix < 0 || prefix > bits) {
                    throw new IllegalArgumentException("'" + entry + "' has a prefix length outside 0 to " + bits);
                }
            }
            return new Range(address.getAddress(), prefix);
        }

        boolean contains(InetAddress address) {
            byte[] candidate = address.getAddress();
            if (candidate.length != network.length) {
                return false;
            }
            int whole = prefix / 8;
            for (int i = 0; i < whole; i++) {
                if (candidate[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefix % 8;
            if (rest == 0) {
                return true;
            }
            int mask = 0xFF << (8 - rest);
            return (candidate[whole] & mask) == (network[whole] & mask);
        }
    }
}

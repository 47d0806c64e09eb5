package io.llmbridge.adapter.support.http;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * {@code NO_PROXY} as curl reads it: {@code *} for every host; a name for that host and its
 * subdomains (a leading {@code .} or {@code *.} changes nothing); {@code host:port} for one port;
 * IP addresses and CIDR ranges ({@code 10.0.0.0/8}) for upstreams given by address. Names are
 * never resolved: the rule looks at the upstream URL only.
 */
final class NoProxyRule {
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private NoProxyRule() {
    }

    static boolean bypasses(List<String> entries, String host, int port) {
        String target = unbracket(host.toLowerCase(Locale.ROOT));
        for (String raw : entries) {
            String entry = raw.strip().toLowerCase(Locale.ROOT);
            if (entry.equals("*")) {
                return true;
            }
            Entry parsed = Entry.parse(entry);
            if (parsed == null || (parsed.port != null && parsed.port != port)) {
                continue;
            }
            if (parsed.host.contains("/") ? inRange(parsed.host, target) : matchesName(parsed.host, target)) {
                return true;
            }
        }
        return false;
    }

    /** An entry's host (or range) and port; null for an empty entry. */
    private record Entry(String host, Integer port) {
        static Entry parse(String entry) {
            if (entry.isEmpty()) {
                return null;
            }
            String host = entry;
            String port = null;
            if (entry.startsWith("[")) {
                int close = entry.indexOf(']');
                host = close < 0 ? entry.substring(1) : entry.substring(1, close);
                port = close >= 0 && entry.startsWith(":", close + 1) ? entry.substring(close + 2) : null;
            } else if (entry.indexOf(':') >= 0 && entry.indexOf(':') == entry.lastIndexOf(':')) {
                host = entry.substring(0, entry.indexOf(':'));
                port = entry.substring(entry.indexOf(':') + 1);
            }
            try {
                return new Entry(host, port == null ? null : Integer.valueOf(port));
            } catch (NumberFormatException notAPort) {
                return null;
            }
        }
    }

    private static boolean matchesName(String entry, String host) {
        String domain = entry.startsWith("*.") ? entry.substring(2) : entry.startsWith(".") ? entry.substring(1) : entry;
        return host.equals(domain) || host.endsWith("." + domain);
    }

    /** Whether a literal address lies in a CIDR range; a host name never does. */
    private static boolean inRange(String cidr, String host) {
        int slash = cidr.indexOf('/');
        byte[] network = literal(cidr.substring(0, slash));
        byte[] address = literal(host);
        int bits;
        try {
            bits = Integer.parseInt(cidr.substring(slash + 1));
        } catch (NumberFormatException e) {
            return false;
        }
        if (network == null || address == null || network.length != address.length || bits < 0 || bits > network.length * 8) {
            return false;
        }
        for (int i = 0; i < bits; i++) {
            int mask = 0x80 >> (i % 8);
            if ((network[i / 8] & mask) != (address[i / 8] & mask)) {
                return false;
            }
        }
        return true;
    }

    /** The bytes of an IP address literal; null for anything else (no name is ever looked up). */
    private static byte[] literal(String text) {
        if (!IPV4.matcher(text).matches() && text.indexOf(':') < 0) {
            return null;
        }
        try {
            return InetAddress.getByName(text).getAddress();
        } catch (UnknownHostException e) {
            return null;
        }
    }

    private static String unbracket(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }
}

package io.llmbridge.domain;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrustedProxiesTest {
    private static final TrustedProxies PROXIES = TrustedProxies.of(List.of("10.0.0.0/8", "192.168.1.5", "fd00::/8"));

    private static InetAddress ip(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    @Test
    void a_peer_that_is_not_a_trusted_proxy_is_the_client_whatever_it_claims() {
        assertEquals("203.0.113.9", PROXIES.clientIp(ip("203.0.113.9"), List.of("1.1.1.1")));
        assertEquals("10.1.1.1", TrustedProxies.NONE.clientIp(ip("10.1.1.1"), List.of("1.1.1.1")));
    }

    @Test
    void behind_trusted_proxies_the_client_is_the_rightmost_untrusted_hop() {
        assertEquals("198.51.100.7", PROXIES.clientIp(ip("10.0.0.2"), List.of("6.6.6.6, 198.51.100.7, 192.168.1.5")));
        assertEquals("198.51.100.7", PROXIES.clientIp(ip("192.168.1.5"), List.of("6.6.6.6", "198.51.100.7")),
                "several header lines are one list");
        assertEquals("2001:db8:0:0:0:0:0:1", PROXIES.clientIp(ip("fd00::1"), List.of("[2001:db8::1]:4711")));
        assertEquals("198.51.100.7", PROXIES.clientIp(ip("10.0.0.2"), List.of("198.51.100.7:51234")));
    }

    @Test
    void a_proxy_without_the_header_or_with_garbage_in_it_is_itself_the_client() {
        assertEquals("10.0.0.2", PROXIES.clientIp(ip("10.0.0.2"), List.of()));
        assertEquals("10.0.0.2", PROXIES.clientIp(ip("10.0.0.2"), List.of("evil.example.com")));
        assertEquals("10.0.0.3", PROXIES.clientIp(ip("10.0.0.2"), List.of("unknown, 10.0.0.3")));
    }

    @Test
    void only_addresses_inside_a_range_are_trusted() {
        TrustedProxies narrow = TrustedProxies.of(List.of("172.16.0.0/12"));
        assertEquals("1.2.3.4", narrow.clientIp(ip("172.31.255.255"), List.of("1.2.3.4")));
        assertEquals("172.32.0.1", narrow.clientIp(ip("172.32.0.1"), List.of("1.2.3.4")));
        assertNull(narrow.clientIp(null, List.of("1.2.3.4")));
    }

    @Test
    void entries_that_are_not_addresses_or_ranges_are_refused_by_name() {
        for (String bad : List.of("proxy.internal", "10.0.0.0/33", "10.0.0.0/x", "", "::1/129")) {
            IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> TrustedProxies.of(List.of(bad)));
            assertTrue(error.getMessage().contains("'" + bad + "'"), error.getMessage());
        }
    }
}

package io.llmbridge.adapter.support.http;

import io.helidon.webclient.api.HttpClientResponse;
import io.llmbridge.application.port.out.provider.OutboundNetwork;
import io.llmbridge.application.port.out.provider.OutboundProxy;
import io.llmbridge.application.port.out.provider.ProxyServer;
import io.llmbridge.domain.Secret;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockserver.configuration.Configuration;
import org.mockserver.integration.ClientAndServer;
import org.mockserver.model.HttpRequest;

import java.io.InputStream;
import java.net.URI;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockserver.model.HttpRequest.request;
import static org.mockserver.model.HttpResponse.response;

/** Real connections: MockServer plays the upstream, and another MockServer the company proxy. */
class UpstreamClientsTest {
    private static final java.time.Duration TIMEOUT = java.time.Duration.ofSeconds(30);
    private static ClientAndServer upstream;
    private static ClientAndServer proxy;
    private static ClientAndServer guardedProxy;
    private static X509Certificate mockServerCa;

    @BeforeAll
    static void start() throws Exception {
        upstream = ClientAndServer.startClientAndServer(0);
        proxy = ClientAndServer.startClientAndServer(0);
        guardedProxy = ClientAndServer.startClientAndServer(Configuration.configuration()
                .proxyAuthenticationUsername("alice").proxyAuthenticationPassword("s3cret"), 0);
        try (InputStream pem = ClientAndServer.class.getResourceAsStream("/org/mockserver/socket/CertificateAuthorityCertificate.pem")) {
            mockServerCa = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(pem);
        }
    }

    @AfterAll
    static void stop() {
        upstream.stop();
        proxy.stop();
        guardedProxy.stop();
    }

    @BeforeEach
    void reset() {
        upstream.reset();
        proxy.reset();
        guardedProxy.reset();
        upstream.when(request().withPath("/v1/ping")).respond(response().withStatusCode(200).withBody("pong"));
    }

    private static URI upstreamUri(String scheme) {
        return URI.create(scheme + "://127.0.0.1:" + upstream.getPort() + "/v1/ping");
    }

    private static ProxyServer server(ClientAndServer proxy) {
        return new ProxyServer("127.0.0.1", proxy.getPort(), null, null);
    }

    private static OutboundNetwork through(ProxyServer server, List<String> noProxy, X509Certificate... trust) {
        return new OutboundNetwork(new OutboundProxy(server, server, noProxy, "the test"), List.of(trust), false);
    }

    private static String get(OutboundNetwork network, URI uri) {
        UpstreamClient client = UpstreamClients.create(network, uri);
        try (HttpClientResponse response = client.post(uri, new byte[0], TIMEOUT, request -> { })) {
            assertEquals(200, response.status().code());
            return response.as(String.class);
        }
    }

    private static HttpRequest[] proxied(ClientAndServer proxy) {
        return proxy.retrieveRecordedRequests(request().withPath("/v1/ping"));
    }

    @Test
    void a_plain_http_upstream_is_reached_through_the_proxy() {
        assertEquals("pong", get(through(server(proxy), List.of()), upstreamUri("http")));
        assertEquals(1, proxied(proxy).length, "the proxy carried the request");
        assertEquals(1, upstream.retrieveRecordedRequests(request().withPath("/v1/ping")).length);
    }

    @Test
    void without_a_proxy_the_upstream_is_called_directly() {
        assertEquals("pong", get(OutboundNetwork.DIRECT, upstreamUri("http")));
        assertEquals(0, proxied(proxy).length);
        assertEquals(1, upstream.retrieveRecordedRequests(request().withPath("/v1/ping")).length);
    }

    @Test
    void a_plain_http_upstream_gets_no_tls_context_even_with_an_extra_ca() {
        assertFalse(TrustMaterial.tls(new OutboundNetwork(null, List.of(mockServerCa), false), upstreamUri("http")).enabled());
        assertTrue(TrustMaterial.tls(new OutboundNetwork(null, List.of(mockServerCa), false), upstreamUri("https")).enabled());
    }

    @Test
    void a_no_proxy_host_is_called_directly() {
        assertEquals("pong", get(through(server(proxy), List.of("localhost", "127.0.0.0/8")), upstreamUri("http")));
        assertEquals(0, proxied(proxy).length);
    }

    @Test
    void an_https_upstream_is_tunnelled_with_connect_and_trusted_through_the_extra_ca() {
        assertEquals("pong", get(through(server(proxy), List.of(), mockServerCa), upstreamUri("https")));
        HttpRequest[] tunnelled = proxied(proxy);
        assertEquals(1, tunnelled.length, "the proxy carried the request");
        assertTrue(tunnelled[0].isSecure(), "inside a TLS tunnel");
        assertEquals(1, upstream.retrieveRecordedRequests(request().withPath("/v1/ping").withSecure(true)).length);
    }

    @Test
    void an_https_upstream_signed_by_an_unknown_ca_is_refused() {
        assertThrows(RuntimeException.class, () -> get(through(server(proxy), List.of()), upstreamUri("https")));
        assertThrows(RuntimeException.class, () -> get(OutboundNetwork.DIRECT, upstreamUri("https")));
        assertEquals(0, upstream.retrieveRecordedRequests(request().withPath("/v1/ping")).length);
    }

    @Test
    void the_extra_ca_adds_to_the_jdks_trust_and_host_names_are_still_verified() {
        // 127.0.0.2 reaches the same server, whose certificate does not name it.
        URI otherName = URI.create("https://127.0.0.2:" + upstream.getPort() + "/v1/ping");
        OutboundNetwork trusting = new OutboundNetwork(null, List.of(mockServerCa), false);
        assertEquals("pong", get(trusting, upstreamUri("https")));
        assertThrows(RuntimeException.class, () -> get(trusting, otherName));
    }

    @Test
    void insecure_skip_verify_accepts_any_certificate_and_name() {
        URI otherName = URI.create("https://127.0.0.2:" + upstream.getPort() + "/v1/ping");
        assertEquals("pong", get(new OutboundNetwork(null, List.of(), true), otherName));
    }

    @Test
    void proxy_credentials_are_sent_to_the_proxy() {
        ProxyServer withCredentials = new ProxyServer("127.0.0.1", guardedProxy.getPort(), "alice", new Secret("s3cret"));
        ProxyServer wrong = new ProxyServer("127.0.0.1", guardedProxy.getPort(), "alice", new Secret("guess"));
        assertEquals("pong", get(through(withCredentials, List.of(), mockServerCa), upstreamUri("https")));
        assertEquals("pong", get(through(withCredentials, List.of()), upstreamUri("http")));
        assertThrows(RuntimeException.class, () -> get(through(wrong, List.of(), mockServerCa), upstreamUri("https")),
                "the proxy refused the tunnel");
        try (HttpClientResponse refused = UpstreamClients.create(through(server(guardedProxy), List.of()), upstreamUri("http"))
                .post(upstreamUri("http"), new byte[0], TIMEOUT, request -> { })) {
            assertEquals(407, refused.status().code());
        }
        HttpRequest[] arrived = upstream.retrieveRecordedRequests(request().withPath("/v1/ping"));
        assertEquals(2, arrived.length);
        assertTrue(arrived[0].isSecure());
        assertTrue(arrived[0].getFirstHeader("Proxy-Authorization").isEmpty(), "the credentials stayed with the proxy");
    }

    @Test
    void a_required_proxy_missing_for_the_upstreams_scheme_is_refused_with_a_message_for_the_operator() {
        OutboundNetwork httpOnly = new OutboundNetwork(new OutboundProxy(server(proxy), null, List.of(), "HTTP_PROXY"), List.of(), false);
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> UpstreamClients.create(httpOnly, URI.create("https://api.openai.com/v1")));
        assertEquals("requires_proxy is true, but HTTP_PROXY names no proxy for https upstreams like https://api.openai.com",
                refused.getMessage());
    }

    @Test
    void descriptions_name_the_proxy_but_never_its_password() {
        ProxyServer withCredentials = new ProxyServer("proxy.corp", 3128, "alice", new Secret("s3cret"));
        String description = UpstreamClients.describe(through(withCredentials, List.of()), URI.create("https://api.openai.com"));
        assertEquals("through proxy http://proxy.corp:3128 (with credentials) (the test)", description);
    }
}

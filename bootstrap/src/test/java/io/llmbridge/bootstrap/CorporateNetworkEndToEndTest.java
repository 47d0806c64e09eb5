package io.llmbridge.bootstrap;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockserver.configuration.Configuration;
import org.mockserver.integration.ClientAndServer;
import org.mockserver.model.HttpRequest;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockserver.model.HttpRequest.request;
import static org.mockserver.model.HttpResponse.response;

/**
 * The gateway behind a company proxy: a MockServer plays the proxy (recording what it carried),
 * another the upstream, serving HTTPS with MockServer's own CA, which the gateway trusts through
 * {@code tls.trust_store}.
 */
class CorporateNetworkEndToEndTest {
    private static final String PROXY_PASSWORD = "s3cr/t-pr0xy";
    private static ClientAndServer upstream;
    private static ClientAndServer proxy;
    private static ClientAndServer guardedProxy;
    private static Path companyCa;
    private TestGateway gateway;
    private final List<Path> logFiles = new java.util.ArrayList<>();

    @BeforeAll
    static void start() throws IOException {
        upstream = ClientAndServer.startClientAndServer(0);
        proxy = ClientAndServer.startClientAndServer(0);
        guardedProxy = ClientAndServer.startClientAndServer(Configuration.configuration()
                .proxyAuthenticationUsername("alice").proxyAuthenticationPassword(PROXY_PASSWORD), 0);
        companyCa = Files.createTempFile("company-ca", ".pem");
        try (InputStream pem = ClientAndServer.class.getResourceAsStream("/org/mockserver/socket/CertificateAuthorityCertificate.pem")) {
            Files.write(companyCa, pem.readAllBytes());
        }
    }

    @AfterAll
    static void stop() throws IOException {
        upstream.stop();
        proxy.stop();
        guardedProxy.stop();
        Files.deleteIfExists(companyCa);
    }

    @BeforeEach
    void reset() {
        upstream.reset();
        proxy.reset();
        guardedProxy.reset();
        upstream.when(request().withPath("/.*/v1/chat/completions")).respond(response().withStatusCode(200).withBody(
                "{\"id\":\"c\",\"object\":\"chat.completion\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
                        + "\"content\":\"hello from upstream\"},\"finish_reason\":\"stop\"}]}"));
    }

    @AfterEach
    void stopGateway() {
        TestGateway.restoreTestLogging();
        if (gateway != null) {
            gateway.close();
        }
    }

    /** A keyless provider at {@code scheme://127.0.0.1:<upstream>/<name>/v1}. */
    private static String provider(String name, String scheme, boolean requiresProxy, String extra) {
        return "  " + name + ":\n    base_url: " + scheme + "://127.0.0.1:" + upstream.getPort() + "/" + name + "/v1\n"
                + "    api_key_required: false\n    requires_proxy: " + requiresProxy + "\n" + extra + "    models:\n      m: {retries: 0}\n";
    }

    private static String trustStore() {
        return "tls:\n  trust_store: " + companyCa + "\n";
    }

    private static String proxySection(ClientAndServer server, String credentials) {
        String url = "http://" + credentials + "127.0.0.1:" + server.getPort();
        return "proxy:\n  http: \"" + url + "\"\n  https: \"" + url + "\"\n";
    }

    private static String chat(String model) {
        return "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    }

    private static HttpRequest[] carried(ClientAndServer server, String provider) {
        return server.retrieveRecordedRequests(request().withPath("/" + provider + "/v1/chat/completions"));
    }

    private static HttpRequest[] arrived(String provider) {
        return upstream.retrieveRecordedRequests(request().withPath("/" + provider + "/v1/chat/completions"));
    }

    private static void answered(HttpResponse<String> response) {
        assertEquals(200, response.statusCode(), response.body());
        assertTrue(response.body().contains("hello from upstream"), response.body());
    }

    /** The application log goes to a file of the test's own folder, at INFO, to be read back. */
    private TestGateway startLogging(String providers, String moreYaml) {
        return TestGateway.startLogging(providers, moreYaml, Map.of(), dir -> {
            Path file = dir.resolve("app.log");
            logFiles.add(file);
            return "logging:\n  level: info\n  output:\n    console: false\n    file: {path: \"" + file + "\"}\n"
                    + "  audit:\n    path: \"" + dir.resolve("audit.log") + "\"\n";
        });
    }

    private List<String> logLines() {
        List<String> lines = new java.util.ArrayList<>();
        for (Path file : logFiles) {
            try {
                lines.addAll(Files.readAllLines(file));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        return lines;
    }

    @Test
    void only_providers_that_require_the_proxy_go_through_it() {
        gateway = TestGateway.start(provider("tunnelled", "https", true, "") + provider("forwarded", "http", true, "")
                + provider("direct", "https", false, ""), proxySection(proxy, "") + trustStore(), Map.of());

        answered(gateway.chat(chat("tunnelled/m")));
        answered(gateway.chat(chat("forwarded/m")));
        answered(gateway.chat(chat("direct/m")));

        HttpRequest[] tunnelled = carried(proxy, "tunnelled");
        assertEquals(1, tunnelled.length, "an https upstream goes through the proxy");
        assertTrue(tunnelled[0].isSecure(), "inside a CONNECT tunnel, TLS to the upstream");
        HttpRequest[] forwarded = carried(proxy, "forwarded");
        assertEquals(1, forwarded.length, "a plain http upstream goes through the proxy");
        assertFalse(forwarded[0].isSecure());
        assertEquals(0, carried(proxy, "direct").length, "requires_proxy: false never touches the proxy");
        assertEquals(2, proxy.retrieveRecordedRequests(request()).length, "nothing else went through the proxy");
        assertEquals(1, arrived("tunnelled").length);
        assertEquals(1, arrived("forwarded").length);
        assertEquals(1, arrived("direct").length);
        assertTrue(arrived("direct")[0].isSecure(), "the direct https call trusted the company CA too");
    }

    @Test
    void proxy_credentials_reach_the_proxy_and_never_the_log() {
        gateway = startLogging(provider("tunnelled", "https", true, "") + provider("forwarded", "http", true, ""),
                proxySection(guardedProxy, "alice:" + PROXY_PASSWORD.replace("/", "%2F") + "@") + trustStore());

        answered(gateway.chat(chat("tunnelled/m")));
        answered(gateway.chat(chat("forwarded/m")));

        assertEquals(1, carried(guardedProxy, "tunnelled").length);
        assertEquals(1, carried(guardedProxy, "forwarded").length);
        assertFalse(logLines().isEmpty(), "the start was logged");
        assertTrue(logLines().stream().anyMatch(line -> line.contains("127.0.0.1:" + guardedProxy.getPort() + " (with credentials)")),
                logLines().toString());
        assertTrue(logLines().stream().noneMatch(line -> line.contains("s3cr")), logLines().toString());
    }

    @Test
    void a_proxy_that_refuses_the_credentials_is_an_upstream_failure() {
        gateway = TestGateway.start(provider("tunnelled", "https", true, ""),
                proxySection(guardedProxy, "alice:wrong@") + trustStore(), Map.of());

        HttpResponse<String> response = gateway.chat(chat("tunnelled/m"));

        assertEquals(502, response.statusCode(), response.body());
        assertFalse(response.body().contains("wrong"));
        assertEquals(0, arrived("tunnelled").length);
    }

    @Test
    void without_a_proxy_section_the_environments_proxy_and_no_proxy_are_used() {
        gateway = TestGateway.start(provider("tunnelled", "https", true, "") + provider("direct", "https", false, ""),
                trustStore(), Map.of("HTTPS_PROXY", "http://127.0.0.1:" + proxy.getPort()));
        answered(gateway.chat(chat("tunnelled/m")));
        answered(gateway.chat(chat("direct/m")));
        assertEquals(1, carried(proxy, "tunnelled").length);
        assertEquals(0, carried(proxy, "direct").length);
        gateway.close();

        gateway = TestGateway.start(provider("tunnelled", "https", true, ""), trustStore(),
                Map.of("HTTPS_PROXY", "http://127.0.0.1:" + proxy.getPort(), "NO_PROXY", "localhost,127.0.0.1"));
        answered(gateway.chat(chat("tunnelled/m")));
        assertEquals(1, carried(proxy, "tunnelled").length, "NO_PROXY sent the second gateway's call directly");
        assertEquals(2, arrived("tunnelled").length);
    }

    @Test
    void an_upstream_signed_by_an_untrusted_ca_is_refused() {
        gateway = TestGateway.start(provider("direct", "https", false, ""), "", Map.of());

        HttpResponse<String> response = gateway.chat(chat("direct/m"));

        assertEquals(502, response.statusCode(), response.body());
        assertEquals(0, arrived("direct").length);
    }

    @Test
    void insecure_skip_verify_trusts_anything_and_warns_at_every_start() {
        for (int start = 0; start < 2; start++) {
            gateway = startLogging(provider("lab", "https", false, "    tls: {insecure_skip_verify: true}\n"), "");
            answered(gateway.chat(chat("lab/m")));
            gateway.close();
        }
        gateway = null;
        assertEquals(2, logLines().stream().filter(line -> line.contains("'lab' has tls.insecure_skip_verify: true")).count(),
                logLines().toString());
    }

    @Test
    void a_socks_proxy_is_refused_at_start_in_one_line() {
        ConfigProblem refused = org.junit.jupiter.api.Assertions.assertThrows(ConfigProblem.class, () -> TestGateway.start(
                provider("tunnelled", "https", true, ""), "", Map.of("HTTPS_PROXY", "socks5://bob:hunter2@127.0.0.1:1080")));
        assertEquals("environment: HTTPS_PROXY: SOCKS proxies are not supported; use an HTTP proxy (http://host:port), "
                + "which also tunnels https upstreams with CONNECT", refused.getMessage());
    }
}

package io.llmbridge.bootstrap;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpRequest;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/** {@code server.management_port}: health and metrics move to a port of their own, the API stays where it was. */
class ManagementPortTest {
    private static final String ECHO = "  echo:\n    adapter: echo\n    models:\n      echo-1: {}\n";

    @Test
    void observe_is_served_on_the_management_port_and_no_longer_on_the_api_port() {
        try (TestGateway gateway = TestGateway.start("  management_port: 0\n", ECHO, Map.of(), TestGateway::quietLogging)) {
            assertNotEquals(gateway.port(), gateway.observePort());
            assertEquals(200, TestGateway.send(observe(gateway.observePort(), "/observe/health")).statusCode());
            assertEquals(200, TestGateway.send(observe(gateway.observePort(), "/observe/metrics")).statusCode());
            assertEquals(404, gateway.getRoot("/observe/health").statusCode());
            assertEquals(404, gateway.getRoot("/observe/metrics").statusCode());
            assertEquals(200, gateway.chat("{\"model\":\"echo/echo-1\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")
                    .statusCode(), "the API is still on its port");
            assertEquals(404, TestGateway.send(observe(gateway.observePort(), "/v1/models")).statusCode(),
                    "the API is not on the management port");
        }
    }

    @Test
    void without_it_observe_stays_on_the_api_port() {
        try (TestGateway gateway = TestGateway.start("", ECHO, Map.of(), TestGateway::quietLogging)) {
            assertEquals(gateway.port(), gateway.observePort());
            assertEquals(200, gateway.getRoot("/observe/health").statusCode());
        }
    }

    private static HttpRequest observe(int port, String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET().build();
    }
}

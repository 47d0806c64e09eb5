package io.llmbridge.bootstrap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.http.WebSocketHandshakeException;
import java.util.concurrent.CompletionException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Which browser pages may open the socket: the {@code Origin} rule of {@code server.websocket.allowed_origins}. */
class WebSocketOriginTest {
    @RegisterExtension
    static final LiveGateway UNLISTED = LiveGateway.withWebSocket("{}");
    @RegisterExtension
    static final LiveGateway LISTED = LiveGateway.withWebSocket("{allowed_origins: [\"https://app.example.com\"]}");

    @Test
    void without_a_list_only_pages_of_the_gateway_host_may_connect() {
        assertOpens(UNLISTED, "http://127.0.0.1:" + UNLISTED.port());
        assertRefused(UNLISTED, "https://app.example.com");
    }

    @Test
    void with_a_list_exactly_the_listed_origins_may_connect() {
        assertOpens(LISTED, "https://app.example.com");
        assertRefused(LISTED, "https://elsewhere.example.com");
        assertRefused(LISTED, "http://127.0.0.1:" + LISTED.port());
    }

    @Test
    void clients_that_send_no_origin_are_not_concerned() {
        try (WsTestClient client = WsTestClient.connect(LISTED.port())) {
            client.assertNothingPendingBeforePong();
        }
    }

    private static void assertOpens(LiveGateway gateway, String origin) {
        try (WsTestClient client = WsTestClient.connectFrom(gateway.port(), origin)) {
            client.assertNothingPendingBeforePong();
        }
    }

    private static void assertRefused(LiveGateway gateway, String origin) {
        CompletionException failure = assertThrows(CompletionException.class, () -> WsTestClient.connectFrom(gateway.port(), origin));
        assertEquals(403, assertInstanceOf(WebSocketHandshakeException.class, failure.getCause()).getResponse().statusCode(), origin);
    }
}

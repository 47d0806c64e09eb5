package io.llmbridge.bootstrap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static io.llmbridge.bootstrap.WsFrames.assertFinished;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The idle timeout: idle connections are closed normally, busy ones are kept (and pinged). */
class WebSocketIdleTest {
    @RegisterExtension
    static final LiveGateway GATEWAY = LiveGateway.withWebSocket("{idle_timeout: 1}");

    @Test
    void an_idle_connection_is_closed_with_the_normal_close_code() {
        try (WsTestClient client = WsTestClient.connect(GATEWAY.port())) {
            assertEquals(1000, client.awaitCloseCode());
        }
    }

    @Test
    void a_connection_with_a_chat_streaming_is_pinged_instead_of_closed_then_closed_once_idle() throws Exception {
        try (WsTestClient client = WsTestClient.connect(GATEWAY.port())) {
            ScriptedUpstream.Exchange exchange = GATEWAY.streamingChat(client, "long");
            // A ping comes when the idle timeout is up: the connection was found busy, not idle.
            client.awaitPing();

            exchange.finish();
            assertFinished(client, "long");
            assertEquals(1000, client.awaitCloseCode());
        }
    }
}

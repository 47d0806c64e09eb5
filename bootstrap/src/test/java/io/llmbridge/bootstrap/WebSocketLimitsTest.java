package io.llmbridge.bootstrap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static io.llmbridge.bootstrap.LiveGateway.ALICE_KEY;
import static io.llmbridge.bootstrap.LiveGateway.chat;
import static io.llmbridge.bootstrap.WsFrames.DONE;
import static io.llmbridge.bootstrap.WsFrames.assertChatError;
import static io.llmbridge.bootstrap.WsFrames.assertFinished;
import static io.llmbridge.bootstrap.WsFrames.assertProtocolError;
import static io.llmbridge.bootstrap.WsFrames.doneEnvelope;
import static io.llmbridge.bootstrap.WsFrames.echoed;
import static io.llmbridge.bootstrap.WsFrames.echoedIn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Message size and chat count limits: answered with error frames, the connection kept. */
class WebSocketLimitsTest {
    static final int MAX_BYTES = 1024;

    @RegisterExtension
    static final LiveGateway GATEWAY = LiveGateway.withWebSocket("{max_frame_size: " + MAX_BYTES + ", max_concurrent_chats: 1}");

    @Test
    void a_message_over_the_size_limit_gets_an_error_frame_and_the_connection_stays_open() {
        try (WsTestClient client = WsTestClient.connect(GATEWAY.port())) {
            client.send(chat(ALICE_KEY, "echo/echo-1", "x".repeat(MAX_BYTES)));
            assertProtocolError(client.next(), "a message over the limit");

            client.send(chat(ALICE_KEY, "echo/echo-1", "small enough"));
            assertEquals("small enough", echoed(client.nextUntil(DONE)));
        }
    }

    @Test
    void the_limit_counts_utf8_bytes_of_all_fragments_of_a_message() {
        try (WsTestClient client = WsTestClient.connect(GATEWAY.port())) {
            String message = chat(ALICE_KEY, "echo/echo-1", "é".repeat(MAX_BYTES / 2));
            assertTrue(message.length() < MAX_BYTES, "fewer characters than the limit, more bytes");
            int half = message.length() / 2;
            client.sendFragments(message.substring(0, half), message.substring(half));
            assertProtocolError(client.next(), "fragments over the limit together");

            String fits = chat(ALICE_KEY, "echo/echo-1", "in two parts");
            client.sendFragments(fits.substring(0, 20), fits.substring(20));
            assertEquals("in two parts", echoed(client.nextUntil(DONE)));
        }
    }

    @Test
    void a_single_frame_over_twice_the_limit_closes_the_connection_as_too_big() {
        try (WsTestClient client = WsTestClient.connect(GATEWAY.port())) {
            client.send(chat(ALICE_KEY, "echo/echo-1", "x".repeat(2 * MAX_BYTES)));
            assertEquals(1009, client.awaitCloseCode());
        }
    }

    @Test
    void a_chat_over_the_concurrent_limit_is_refused_with_an_error_and_the_running_one_goes_on() throws Exception {
        try (WsTestClient client = WsTestClient.connect(GATEWAY.port())) {
            ScriptedUpstream.Exchange exchange = GATEWAY.streamingChat(client, "running");

            client.send(chat("extra", ALICE_KEY, "echo/echo-1", "me too"));
            assertEquals("{\"id\":\"extra\",\"event\":\"error\",\"data\":{\"error\":{\"message\":\"This connection already has "
                    + "1 chats running or waiting, the most it may; wait for one to end, or open another connection.\","
                    + "\"type\":\"rate_limit_error\",\"code\":\"too_many_concurrent_chats\"}}}", client.next());
            assertEquals(doneEnvelope("extra", false), client.next());
            client.send(chat(ALICE_KEY, "echo/echo-1", "original style too"));
            assertChatError(client, "rate_limit_error", "too_many_concurrent_chats");

            exchange.finish();
            assertFinished(client, "running");
            client.send(chat("after", ALICE_KEY, "echo/echo-1", "room again"));
            assertEquals("room again", echoedIn(client, "after"));
        }
    }
}

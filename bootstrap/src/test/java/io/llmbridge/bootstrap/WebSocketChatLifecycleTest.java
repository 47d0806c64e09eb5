package io.llmbridge.bootstrap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static io.llmbridge.bootstrap.LiveGateway.ALICE_KEY;
import static io.llmbridge.bootstrap.LiveGateway.chat;
import static io.llmbridge.bootstrap.WsFrames.DONE;
import static io.llmbridge.bootstrap.WsFrames.assertFinished;
import static io.llmbridge.bootstrap.WsFrames.assertProtocolError;
import static io.llmbridge.bootstrap.WsFrames.doneEnvelope;
import static io.llmbridge.bootstrap.WsFrames.echoed;
import static io.llmbridge.bootstrap.WsFrames.echoedIn;
import static io.llmbridge.bootstrap.WsFrames.envelope;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Chats that overlap, stop or lose their client, with an upstream the test drives event by event,
 * so the order of frames is decided here rather than by timing.
 */
class WebSocketChatLifecycleTest {
    @RegisterExtension
    static final LiveGateway GATEWAY = LiveGateway.withWebSocket("{}");

    @Test
    void two_chats_with_ids_interleave_on_one_connection_each_frame_naming_its_chat() throws Exception {
        try (WsTestClient client = WsTestClient.connect(GATEWAY.port())) {
            ScriptedUpstream.Exchange slow = GATEWAY.streamingChat(client, "slow");

            // The second chat runs to its end while the first is still waiting for its upstream.
            client.send(chat("fast", ALICE_KEY, "echo/echo-1", "quick one"));
            assertEquals("quick one", echoedIn(client, "fast"));

            slow.send(OpenAiChunks.content("more", null));
            assertEquals(envelope("slow", "chunk", OpenAiChunks.content("more", null)), client.next());
            slow.finish();
            assertFinished(client, "slow");
            client.assertNothingPendingBeforePong();
        }
    }

    @Test
    void numeric_ids_come_back_as_numbers_and_errors_as_envelopes() {
        try (WsTestClient client = WsTestClient.connect(GATEWAY.port())) {
            client.send("{\"type\":\"chat\",\"id\":7,\"api_key\":\"sk-wrong\",\"payload\":{\"model\":\"echo/echo-1\","
                    + "\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}}");
            assertEquals("{\"id\":7,\"event\":\"error\",\"data\":{\"error\":{\"message\":\"Incorrect access key provided.\","
                    + "\"type\":\"invalid_request_error\",\"code\":\"invalid_api_key\"}}}", client.next());
            assertEquals("{\"id\":7,\"event\":\"done\",\"data\":{\"cancelled\":false}}", client.next());
        }
    }

    @Test
    void cancel_stops_that_chat_releases_its_upstream_and_leaves_the_connection_open() throws Exception {
        try (WsTestClient client = WsTestClient.connect(GATEWAY.port())) {
            ScriptedUpstream.Exchange exchange = GATEWAY.streamingChat(client, "c1");

            client.send("{\"type\":\"cancel\",\"id\":\"c1\"}");
            assertEquals(doneEnvelope("c1", true), client.next());
            exchange.awaitClosedByGateway();

            // Cancelling what has already ended is not an error: it may have ended just before.
            client.send("{\"type\":\"cancel\",\"id\":\"c1\"}");
            client.send(chat("c2", ALICE_KEY, "echo/echo-1", "next one"));
            assertEquals("next one", echoedIn(client, "c2"));
        }
    }

    @Test
    void cancel_before_the_upstream_has_answered_releases_it_at_once() throws Exception {
        try (WsTestClient client = WsTestClient.connect(GATEWAY.port())) {
            client.send(chat("early", ALICE_KEY, "scripted/slow", "still thinking"));
            ScriptedUpstream.Exchange exchange = GATEWAY.upstream().nextExchange();

            client.send("{\"type\":\"cancel\",\"id\":\"early\"}");
            assertEquals(doneEnvelope("early", true), client.next());
            exchange.awaitClosedByGateway();
            client.assertNothingPendingBeforePong();
        }
    }

    @Test
    void a_running_id_cannot_be_reused_until_its_chat_ends() throws Exception {
        try (WsTestClient client = WsTestClient.connect(GATEWAY.port())) {
            ScriptedUpstream.Exchange exchange = GATEWAY.streamingChat(client, "same");
            client.send(chat("same", ALICE_KEY, "echo/echo-1", "two"));
            assertProtocolError(client.next(), "a duplicate id");

            exchange.finish();
            assertFinished(client, "same");
            client.send(chat("same", ALICE_KEY, "echo/echo-1", "three"));
            assertEquals("three", echoedIn(client, "same"));
        }
    }

    @Test
    void chats_without_id_run_one_after_another_in_the_order_sent() throws Exception {
        try (WsTestClient client = WsTestClient.connect(GATEWAY.port())) {
            ScriptedUpstream.Exchange first = GATEWAY.streamingChat(client, null);
            client.send(chat(ALICE_KEY, "echo/echo-1", "second"));
            first.send(OpenAiChunks.content("more", null));
            assertEquals(WsFrames.data(OpenAiChunks.content("more", null)), client.next());
            first.finish();
            assertFinished(client, null);

            assertEquals("second", echoed(client.nextUntil(DONE)));
        }
    }

    @Test
    void a_client_closing_mid_stream_releases_the_upstream() throws Exception {
        WsTestClient client = WsTestClient.connect(GATEWAY.port());
        ScriptedUpstream.Exchange exchange = GATEWAY.streamingChat(client, null);

        client.sendClose();
        exchange.awaitClosedByGateway();
        client.close();
    }

    @Test
    void a_client_vanishing_mid_stream_without_a_close_frame_releases_the_upstream() throws Exception {
        WsTestClient client = WsTestClient.connect(GATEWAY.port());
        ScriptedUpstream.Exchange exchange = GATEWAY.streamingChat(client, "gone");

        client.abort();
        exchange.awaitClosedByGateway();
    }
}

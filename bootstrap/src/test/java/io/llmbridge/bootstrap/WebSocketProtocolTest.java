package io.llmbridge.bootstrap;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mockserver.matchers.MatchType;
import org.mockserver.model.JsonBody;

import java.net.http.WebSocketHandshakeException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;

import static io.llmbridge.bootstrap.LiveGateway.ALICE_KEY;
import static io.llmbridge.bootstrap.LiveGateway.chat;
import static io.llmbridge.bootstrap.WsFrames.DONE;
import static io.llmbridge.bootstrap.WsFrames.assertChatError;
import static io.llmbridge.bootstrap.WsFrames.assertProtocolError;
import static io.llmbridge.bootstrap.WsFrames.data;
import static io.llmbridge.bootstrap.WsFrames.echoed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.mockserver.model.HttpRequest.request;
import static org.mockserver.model.HttpResponse.response;

/** The original frame protocol and its errors, with MockServer playing an OpenAI-shaped provider. */
class WebSocketProtocolTest {
    static final List<String> UPSTREAM_EVENTS = List.of(
            "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,\"model\":\"gpt-test\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},\"finish_reason\":null}]}",
            "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,\"model\":\"gpt-test\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hello\"},\"finish_reason\":null}]}",
            "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,\"model\":\"gpt-test\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\" there\"},\"finish_reason\":null}]}",
            "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,\"model\":\"gpt-test\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}");

    @RegisterExtension
    static final LiveGateway GATEWAY = LiveGateway.withWebSocket("{}").andMockServer();

    @BeforeAll
    static void playTheProvider() {
        // Matching stream:true proves the gateway forces it: the client below asks for stream:false.
        GATEWAY.mock().when(request().withMethod("POST").withPath("/v1/chat/completions")
                        .withBody(JsonBody.json("{\"model\":\"gpt-test\",\"stream\":true}", MatchType.ONLY_MATCHING_FIELDS)))
                .respond(response().withStatusCode(200).withHeader("Content-Type", "text/event-stream")
                        .withBody(sse(UPSTREAM_EVENTS) + "data: [DONE]\n\n"));
        GATEWAY.mock().when(request().withMethod("POST").withPath("/v1/chat/completions")
                        .withBody(JsonBody.json("{\"model\":\"gpt-broken\"}", MatchType.ONLY_MATCHING_FIELDS)))
                .respond(response().withStatusCode(200).withHeader("Content-Type", "text/event-stream")
                        .withBody(sse(List.of(UPSTREAM_EVENTS.get(0),
                                "{\"error\":{\"message\":\"the model is overloaded\",\"type\":\"server_error\",\"code\":\"overloaded\"}}"))));
    }

    @Test
    void answers_the_original_message_sequence_byte_for_byte() {
        try (WsTestClient client = WsTestClient.connect(GATEWAY.port())) {
            client.send("{\"type\":\"chat\",\"api_key\":\"" + ALICE_KEY + "\",\"payload\":{\"model\":\"mock/gpt-test\","
                    + "\"stream\":false,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}}");

            List<String> expected = new ArrayList<>(UPSTREAM_EVENTS.stream().map(WsFrames::data).toList());
            expected.add(DONE);
            assertEquals(expected, client.nextUntil(DONE));
            client.assertNothingPendingBeforePong();
        }
    }

    @Test
    void takes_the_api_key_with_or_without_bearer() {
        try (WsTestClient client = WsTestClient.connect(GATEWAY.port())) {
            client.send(chat(ALICE_KEY, "echo/echo-1", "plain key"));
            assertEquals("plain key", echoed(client.nextUntil(DONE)));
            client.send(chat("Bearer " + ALICE_KEY, "echo/echo-1", "bearer key"));
            assertEquals("bearer key", echoed(client.nextUntil(DONE)));
        }
    }

    @Test
    void a_failed_chat_sends_one_error_frame_then_done_and_the_connection_stays_open() {
        try (WsTestClient client = WsTestClient.connect(GATEWAY.port())) {
            client.send(chat("sk-wrong", "echo/echo-1", "x"));
            assertChatError(client, "invalid_request_error", "invalid_api_key");

            client.send("{\"type\":\"chat\",\"payload\":{\"model\":\"echo/echo-1\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}}");
            assertChatError(client, "invalid_request_error", "missing_api_key");

            client.send(chat(ALICE_KEY, "nowhere/model", "x"));
            assertChatError(client, "invalid_request_error", "model_not_found");

            client.send("{\"type\":\"chat\",\"api_key\":\"" + ALICE_KEY + "\",\"payload\":{\"model\":\"echo/echo-1\"}}");
            assertChatError(client, "invalid_request_error", null);

            client.send(chat(ALICE_KEY, "echo/echo-1", "still here"));
            assertEquals("still here", echoed(client.nextUntil(DONE)));
        }
    }

    @Test
    void an_upstream_failure_mid_stream_sends_the_chunks_so_far_then_an_error_then_done() {
        try (WsTestClient client = WsTestClient.connect(GATEWAY.port())) {
            client.send(chat(ALICE_KEY, "mock/gpt-broken", "x"));

            assertEquals(data(UPSTREAM_EVENTS.get(0)), client.next());
            assertEquals(data("{\"error\":{\"message\":\"Provider 'mock' failed mid-stream: the model is overloaded\","
                    + "\"type\":\"upstream_error\",\"code\":\"overloaded\"}}"), client.next());
            assertEquals(DONE, client.next());
            client.assertNothingPendingBeforePong();
        }
    }

    @Test
    void every_protocol_error_is_answered_with_one_error_frame_and_the_connection_stays_open() {
        List<String> invalid = List.of(
                "this is not json",
                "[1, 2]",
                "\"chat\"",
                "{\"payload\":{}}",
                "{\"type\":42}",
                "{\"type\":\"dance\"}",
                "{\"type\":\"chat\",\"api_key\":\"" + ALICE_KEY + "\"}",
                "{\"type\":\"chat\",\"api_key\":\"" + ALICE_KEY + "\",\"payload\":[]}",
                "{\"type\":\"chat\",\"api_key\":42,\"payload\":{}}",
                "{\"type\":\"chat\",\"id\":{\"a\":1},\"payload\":{}}",
                "{\"type\":\"cancel\"}");
        try (WsTestClient client = WsTestClient.connect(GATEWAY.port())) {
            for (String message : invalid) {
                client.send(message);
                assertProtocolError(client.next(), message);
            }
            client.sendBinary(new byte[] {1, 2, 3});
            assertProtocolError(client.next(), "a binary message");

            client.send(chat(ALICE_KEY, "echo/echo-1", "after all that"));
            assertEquals("after all that", echoed(client.nextUntil(DONE)));
        }
    }

    @Test
    void ping_is_answered_with_pong_and_websocket_pings_with_pongs() {
        try (WsTestClient client = WsTestClient.connect(GATEWAY.port())) {
            client.send("{\"type\":\"ping\"}");
            assertEquals("{\"type\":\"pong\"}", client.next());
            client.sendPing("are you there");
            assertEquals("are you there", client.nextPong());
        }
    }

    @Test
    void a_key_given_at_the_upgrade_serves_chats_without_api_key() {
        try (WsTestClient client = WsTestClient.connect(GATEWAY.port(), "Bearer " + ALICE_KEY)) {
            client.send("{\"type\":\"chat\",\"payload\":{\"model\":\"echo/echo-1\",\"messages\":[{\"role\":\"user\",\"content\":\"no key here\"}]}}");
            assertEquals("no key here", echoed(client.nextUntil(DONE)));

            // A key in the message is checked even though the upgrade was authenticated.
            client.send(chat("sk-wrong", "echo/echo-1", "x"));
            assertChatError(client, "invalid_request_error", "invalid_api_key");
        }
    }

    @Test
    void a_bad_key_at_the_upgrade_is_refused_with_401() {
        for (String authorization : List.of("Bearer sk-wrong", "Basic YWxpY2U6c2VjcmV0")) {
            CompletionException failure = assertThrows(CompletionException.class,
                    () -> WsTestClient.connect(GATEWAY.port(), authorization));
            WebSocketHandshakeException handshake = assertInstanceOf(WebSocketHandshakeException.class, failure.getCause());
            assertEquals(401, handshake.getResponse().statusCode(), authorization);
        }
    }

    private static String sse(List<String> events) {
        StringBuilder body = new StringBuilder();
        events.forEach(event -> body.append(data(event)));
        return body.toString();
    }
}

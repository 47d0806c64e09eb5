package io.llmbridge.bootstrap;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.helpers.MessageAccumulator;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCountTokensParams;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import io.llmbridge.adapter.support.json.PlainJson;
import io.llmbridge.domain.ChatRecord;
import io.llmbridge.domain.Outcome;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockserver.integration.ClientAndServer;
import org.mockserver.matchers.Times;
import org.mockserver.model.ConnectionOptions;
import org.mockserver.model.HttpRequest;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockserver.model.HttpRequest.request;
import static org.mockserver.model.HttpResponse.response;

/**
 * {@code /v1/messages} to an {@code adapter: anthropic} provider, relayed byte for byte: MockServer
 * plays Anthropic with answers shaped as its documentation shows them (extended thinking with
 * signatures, tool use, prompt-cache usage, {@code ping}, an {@code error} event), and the official
 * Anthropic Java SDK is the client.
 */
class AnthropicPassThroughEndToEndTest {
    private static final String PROVIDER_KEY = "sk-ant-upstream-key-for-tests";

    /** A Message with a thinking block and its signature, a tool call, cache usage and a field the gateway does not know. */
    private static final String MESSAGE = """
            {
              "id": "msg_01Aq9w938a90dw8q",
              "type": "message",
              "role": "assistant",
              "model": "claude-sonnet-4-5",
              "content": [
                {"type": "thinking", "thinking": "The user wants the weather; I should call the tool.", "signature": "EqQBCgIYAhIM1gbcDa9GJwZA2b3hGgxBdjrkzLoky3dl1pkiMOYds"},
                {"type": "text", "text": "I'll check the weather."},
                {"type": "tool_use", "id": "toolu_01A09q90qw90lq917835lq9", "name": "get_weather", "input": {"location": "Paris"}}
              ],
              "stop_reason": "tool_use",
              "stop_sequence": null,
              "usage": {"input_tokens": 21, "cache_creation_input_tokens": 188, "cache_read_input_tokens": 1000, "output_tokens": 93,
                        "cache_creation": {"ephemeral_5m_input_tokens": 0, "ephemeral_1h_input_tokens": 188}},
              "x_future_field": [1.50, "kept"]
            }""";

    private static final String EVENTS = """
            event: message_start
            data: {"type":"message_start","message":{"id":"msg_01","type":"message","role":"assistant","content":[],"model":"claude-sonnet-4-5","stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":25,"cache_creation_input_tokens":0,"cache_read_input_tokens":2000,"output_tokens":1}}}

            event: content_block_start
            data: {"type":"content_block_start","index":0,"content_block":{"type":"thinking","thinking":""}}

            event: content_block_delta
            data: {"type":"content_block_delta","index":0,"delta":{"type":"thinking_delta","thinking":"Let me solve this step by step."}}

            event: content_block_delta
            data: {"type":"content_block_delta","index":0,"delta":{"type":"signature_delta","signature":"EqQBCgIYAhIM1gbcDa9GJwZA2b3hGgxBdjrkzLoky3dl1pkiMOYds"}}

            event: content_block_stop
            data: {"type":"content_block_stop","index":0}

            event: ping
            data: {"type": "ping"}

            event: content_block_start
            data: {"type":"content_block_start","index":1,"content_block":{"type":"text","text":""}}

            event: content_block_delta
            data: {"type":"content_block_delta","index":1,"delta":{"type":"text_delta","text":"27 * 453 = 12231"}}

            event: content_block_stop
            data: {"type":"content_block_stop","index":1}

            event: message_delta
            data: {"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"output_tokens":15}}

            event: message_stop
            data: {"type":"message_stop"}

            """;

    private static ClientAndServer upstream;
    private static TestGateway gateway;
    private static AnthropicClient client;
    private static final BlockingQueue<ChatRecord> RECORDS = new LinkedBlockingQueue<>();

    @BeforeAll
    static void start() {
        upstream = ClientAndServer.startClientAndServer(0);
        gateway = TestGateway.start("""
                  anthropic:
                    adapter: anthropic
                    base_url: http://127.0.0.1:%d
                    models:
                      claude-sonnet-4-5: {timeout: 10}
                  echo:
                    adapter: echo
                    models:
                      echo-1: {}
                """.formatted(upstream.getPort()), """
                resilience:
                  backoff: {initial: 0.001, max: 0.005}
                limits:
                  models: {anthropic/claude-sonnet-4-5: {rpm: 100000}}
                """, Map.of("ANTHROPIC_API_KEY", PROVIDER_KEY), List.of(RECORDS::add));
        client = AnthropicOkHttpClient.builder().baseUrl("http://127.0.0.1:" + gateway.port()).apiKey(TestGateway.ACCESS_KEY)
                .maxRetries(0).build();
    }

    @AfterAll
    static void stop() {
        gateway.close();
        upstream.stop();
    }

    @BeforeEach
    void reset() {
        upstream.reset();
        RECORDS.clear();
    }

    private static HttpRequest messages() {
        return request().withMethod("POST").withPath("/v1/messages");
    }

    private static ChatRecord record() throws InterruptedException {
        ChatRecord record = RECORDS.poll(10, TimeUnit.SECONDS);
        assertNotNull(record, "the request was not recorded");
        return record;
    }

    private static HttpResponse<String> post(String path, String body, String... headers) {
        java.net.http.HttpRequest.Builder request = java.net.http.HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + gateway.port() + path))
                .header("x-api-key", TestGateway.ACCESS_KEY).header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return TestGateway.send(request.build());
    }

    @Test
    void thinking_signatures_cache_control_with_ttl_and_unknown_fields_reach_anthropic_untouched_with_its_headers() throws Exception {
        upstream.when(messages()).respond(response().withStatusCode(200).withHeader("Content-Type", "application/json")
                .withHeader("request-id", "req_011CUp").withHeader("anthropic-ratelimit-requests-limit", "50")
                .withBody(MESSAGE));
        String sent = """
                {"model":"anthropic/claude-sonnet-4-5","max_tokens":1024,"thinking":{"type":"enabled","budget_tokens":1.0e3},
                 "system":[{"type":"text","text":"Long instructions","cache_control":{"type":"ephemeral","ttl":"1h"}}],
                 "messages":[{"role":"user","content":"Weather in Paris?"},
                  {"role":"assistant","content":[{"type":"thinking","thinking":"I should call the tool.","signature":"EqQBCgIYAhIM"},
                   {"type":"tool_use","id":"toolu_1","name":"get_weather","input":{"location":"Paris"}}]},
                  {"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_1","content":"18\\u00b0C"}]}],
                 "context_management":{"edits":[{"type":"clear_tool_uses_20250919"}]}}""";

        HttpResponse<String> answer = post("/v1/messages", sent, "anthropic-version", "2023-06-01",
                "anthropic-beta", "extended-cache-ttl-2025-04-11,context-management-2025-06-27");

        assertEquals(200, answer.statusCode(), answer.body());
        assertEquals(MESSAGE, answer.body());
        assertEquals("100000", answer.headers().firstValue("anthropic-ratelimit-requests-limit").orElseThrow(),
                "the gateway's limit for the caller, not the provider's for the gateway's key");
        assertEquals("anthropic/claude-sonnet-4-5", answer.headers().firstValue("x-llmbridge-model").orElseThrow());
        HttpRequest relayed = upstream.retrieveRecordedRequests(messages())[0];
        assertArrayEquals(sent.replace("\"anthropic/claude-sonnet-4-5\"", "\"claude-sonnet-4-5\"").getBytes(StandardCharsets.UTF_8),
                relayed.getBodyAsRawBytes());
        assertEquals("2023-06-01", relayed.getFirstHeader("anthropic-version"));
        assertEquals("extended-cache-ttl-2025-04-11,context-management-2025-06-27", relayed.getFirstHeader("anthropic-beta"));
        assertEquals(PROVIDER_KEY, relayed.getFirstHeader("x-api-key"), "the provider's key, never the caller's access key");
        ChatRecord record = record();
        assertEquals(Outcome.SUCCESS, record.ending().outcome());
        assertEquals(21L + 188 + 1000, record.ending().usage().promptTokens());
        assertEquals(1000L, record.ending().usage().cachedTokens());
        assertEquals(93L, record.ending().usage().completionTokens());
        assertEquals("tool_calls", record.answer().finishReason());
        assertEquals("req_011CUp", record.answer().upstreamRequestId());
        assertEquals("msg_01Aq9w938a90dw8q", record.answer().responseId(), "the message's id");
    }

    @Test
    void a_request_without_anthropic_version_gets_the_adapters_own() {
        upstream.when(messages()).respond(response().withStatusCode(200).withHeader("Content-Type", "application/json").withBody(MESSAGE));

        assertEquals(200, post("/v1/messages", "{\"model\":\"anthropic/claude-sonnet-4-5\",\"max_tokens\":5,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}").statusCode());

        HttpRequest relayed = upstream.retrieveRecordedRequests(messages())[0];
        assertEquals("2023-06-01", relayed.getFirstHeader("anthropic-version"));
        assertEquals("", relayed.getFirstHeader("anthropic-beta"));
    }

    @Test
    void the_sdk_reads_the_relayed_message_with_its_thinking_signature() {
        upstream.when(messages()).respond(response().withStatusCode(200).withHeader("Content-Type", "application/json").withBody(MESSAGE));

        Message message = client.messages().create(MessageCreateParams.builder().model("anthropic/claude-sonnet-4-5")
                .maxTokens(1024).addUserMessage("Weather in Paris?").build());

        assertEquals("EqQBCgIYAhIM1gbcDa9GJwZA2b3hGgxBdjrkzLoky3dl1pkiMOYds", message.content().getFirst().asThinking().signature());
        assertEquals("get_weather", message.content().get(2).asToolUse().name());
        assertEquals(1000L, message.usage().cacheReadInputTokens().orElseThrow());
    }

    @Test
    void a_stream_with_thinking_and_ping_is_relayed_byte_for_byte_and_its_usage_recorded() throws Exception {
        upstream.when(messages()).respond(response().withStatusCode(200).withHeader("Content-Type", "text/event-stream").withBody(EVENTS));

        HttpResponse<String> answer = post("/v1/messages", "{\"model\":\"anthropic/claude-sonnet-4-5\",\"max_tokens\":5,"
                + "\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"27 * 453?\"}]}");

        assertEquals(200, answer.statusCode());
        assertEquals(EVENTS, answer.body());
        ChatRecord record = record();
        assertEquals(Outcome.SUCCESS, record.ending().outcome());
        assertEquals(2025L, record.ending().usage().promptTokens());
        assertEquals(2000L, record.ending().usage().cachedTokens());
        assertEquals(15L, record.ending().usage().completionTokens());
        assertEquals("stop", record.answer().finishReason());
        assertEquals("msg_01", record.answer().responseId(), "from message_start");
        assertNotNull(record.ending().timeToFirstChunk());
    }

    @Test
    void the_sdk_accumulates_the_relayed_stream() {
        upstream.when(messages()).respond(response().withStatusCode(200).withHeader("Content-Type", "text/event-stream").withBody(EVENTS));

        MessageAccumulator accumulator = MessageAccumulator.create();
        try (StreamResponse<RawMessageStreamEvent> stream = client.messages().createStreaming(MessageCreateParams.builder()
                .model("anthropic/claude-sonnet-4-5").maxTokens(1024).addUserMessage("27 * 453?").build())) {
            stream.stream().forEach(accumulator::accumulate);
        }
        Message message = accumulator.message();

        assertEquals("EqQBCgIYAhIM1gbcDa9GJwZA2b3hGgxBdjrkzLoky3dl1pkiMOYds", message.content().getFirst().asThinking().signature());
        assertEquals("27 * 453 = 12231", message.content().get(1).asText().text());
    }

    @Test
    void an_error_event_from_anthropic_passes_as_it_came_and_a_cut_stream_ends_with_one() throws Exception {
        String start = EVENTS.substring(0, EVENTS.indexOf("event: content_block_start"));
        String overloaded = "event: error\ndata: {\"type\": \"error\", \"error\": {\"type\": \"overloaded_error\", \"message\": \"Overloaded\"}}\n\n";
        upstream.when(messages(), Times.once()).respond(response().withStatusCode(200)
                .withHeader("Content-Type", "text/event-stream").withBody(start + overloaded));
        String body = "{\"model\":\"anthropic/claude-sonnet-4-5\",\"max_tokens\":5,\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}";

        assertEquals(start + overloaded, post("/v1/messages", body).body());
        ChatRecord overloadedCall = record();
        assertEquals(Outcome.FAILURE, overloadedCall.ending().outcome(), "relayed as it came, recorded as what it was");
        assertEquals("overloaded_error", overloadedCall.ending().error().code());

        upstream.when(messages(), Times.once()).respond(response().withStatusCode(200)
                .withHeader("Content-Type", "text/event-stream").withBody(start + "event: content_block_start\ndata: {\"ty")
                .withConnectionOptions(ConnectionOptions.connectionOptions()
                        .withContentLengthHeaderOverride(start.length() + 10_000).withCloseSocket(true)));
        String cut = post("/v1/messages", body).body();

        assertTrue(cut.startsWith(start), cut);
        Map<String, Object> error = PlainJson.parseObject(cut.substring(cut.lastIndexOf("\n\nevent: error\ndata: ") + 20).strip());
        assertEquals("error", error.get("type"));
        assertEquals("api_error", ((Map<?, ?>) error.get("error")).get("type"));
        assertEquals(Outcome.FAILURE, record().ending().outcome());
    }

    @Test
    void anthropic_errors_keep_their_meaning_in_anthropics_shape_and_overload_is_retried() throws Exception {
        upstream.when(messages(), Times.once()).respond(response().withStatusCode(529)
                .withBody("{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}"));
        upstream.when(messages(), Times.once()).respond(response().withStatusCode(200)
                .withHeader("Content-Type", "application/json").withBody(MESSAGE));
        String body = "{\"model\":\"anthropic/claude-sonnet-4-5\",\"max_tokens\":5,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}";

        assertEquals(200, post("/v1/messages", body).statusCode());
        assertEquals(2, record().routing().attempts().size());

        upstream.when(messages()).respond(response().withStatusCode(400).withBody(
                "{\"type\":\"error\",\"error\":{\"type\":\"invalid_request_error\",\"message\":\"messages.1.content.0.thinking.signature: Invalid signature\"}}"));
        HttpResponse<String> refused = post("/v1/messages", body);

        assertEquals(400, refused.statusCode());
        Map<String, Object> error = PlainJson.parseObject(refused.body());
        assertEquals("error", error.get("type"));
        assertEquals("invalid_request_error", ((Map<?, ?>) error.get("error")).get("type"));
        assertTrue(((String) ((Map<?, ?>) error.get("error")).get("message")).contains("Invalid signature"), refused.body());
        assertEquals(1, upstream.retrieveRecordedRequests(messages()).length - 2, "a rejected request is not retried");
    }

    @Test
    void count_tokens_is_exact_from_anthropic_and_estimated_elsewhere() {
        upstream.when(request().withMethod("POST").withPath("/v1/messages/count_tokens"))
                .respond(response().withStatusCode(200).withHeader("Content-Type", "application/json").withBody("{\"input_tokens\":2095}"));

        long exact = client.messages().countTokens(MessageCountTokensParams.builder().model("anthropic/claude-sonnet-4-5")
                .addUserMessage("Hello, world").build()).inputTokens();
        HttpResponse<String> labelled = post("/v1/messages/count_tokens",
                "{\"model\":\"anthropic/claude-sonnet-4-5\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        HttpResponse<String> estimated = post("/v1/messages/count_tokens",
                "{\"model\":\"echo/echo-1\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");

        assertEquals(2095, exact);
        assertEquals("provider", labelled.headers().firstValue("x-llmbridge-usage-source").orElseThrow());
        assertEquals("estimated", estimated.headers().firstValue("x-llmbridge-usage-source").orElseThrow());
        HttpRequest counted = upstream.retrieveRecordedRequests(request().withPath("/v1/messages/count_tokens"))[1];
        assertEquals("{\"model\":\"claude-sonnet-4-5\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
                new String(counted.getBodyAsRawBytes(), StandardCharsets.UTF_8));
        assertNull(RECORDS.poll(), "counting is not recorded");
    }

    @Test
    void hostile_bodies_are_refused_in_anthropics_shape_without_an_upstream_call() {
        for (String body : List.of("{\"model\":\"anthropic/claude-sonnet-4-5\",", "[]", "{\"model\":7,\"max_tokens\":5,\"messages\":[]}",
                "{\"model\":\"anthropic/claude-sonnet-4-5\",\"stream\":\"yes\",\"max_tokens\":5,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}",
                "{\"model\":\"anthropic/claude-sonnet-4-5\",\"max_tokens\":5,\"messages\":" + "[".repeat(5000) + "]".repeat(5000) + "}")) {
            HttpResponse<String> answer = post("/v1/messages", body);
            assertEquals(400, answer.statusCode(), body);
            assertEquals("error", PlainJson.parseObject(answer.body()).get("type"));
        }
        HttpResponse<String> huge = post("/v1/messages", "{\"model\":\"anthropic/claude-sonnet-4-5\",\"max_tokens\":5,\"messages\":"
                + "[{\"role\":\"user\",\"content\":\"" + "x".repeat(70_000) + "\"}]}");
        assertEquals(413, huge.statusCode());
        assertEquals("request_too_large", ((Map<?, ?>) PlainJson.parseObject(huge.body()).get("error")).get("type"));
        assertEquals(0, upstream.retrieveRecordedRequests(messages()).length);
    }
}

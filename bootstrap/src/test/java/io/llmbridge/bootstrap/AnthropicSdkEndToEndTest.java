package io.llmbridge.bootstrap;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.JsonValue;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.errors.AnthropicServiceException;
import com.anthropic.helpers.MessageAccumulator;
import com.anthropic.models.ErrorType;
import com.anthropic.models.messages.ContentBlock;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCountTokensParams;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.anthropic.models.messages.StopReason;
import com.anthropic.models.messages.Tool;
import com.anthropic.models.messages.ToolChoiceAny;
import com.anthropic.models.messages.ToolUseBlock;
import io.llmbridge.adapter.support.json.PlainJson;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockserver.integration.ClientAndServer;
import org.mockserver.model.HttpRequest;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockserver.model.HttpRequest.request;
import static org.mockserver.model.HttpResponse.response;

/** The official Anthropic Java SDK against the wired gateway: what Claude Code and a team's code see. */
class AnthropicSdkEndToEndTest {
    private static ClientAndServer upstream;
    private static TestGateway gateway;
    private static AnthropicClient client;

    @BeforeAll
    static void start() {
        upstream = ClientAndServer.startClientAndServer(0);
        gateway = TestGateway.start("""
                  echo:
                    adapter: echo
                    models:
                      echo-1: {}
                  deepseek:
                    adapter: openai
                    base_url: http://127.0.0.1:%d/v1
                    models:
                      deepseek-chat: {timeout: 10}
                """.formatted(upstream.getPort()), Map.of("DEEPSEEK_API_KEY", TestGateway.PROVIDER_KEY));
        client = sdk().apiKey(TestGateway.ACCESS_KEY).build();
    }

    private static AnthropicOkHttpClient.Builder sdk() {
        return AnthropicOkHttpClient.builder().baseUrl("http://127.0.0.1:" + gateway.port()).maxRetries(0);
    }

    @AfterAll
    static void stop() {
        gateway.close();
        upstream.stop();
    }

    @BeforeEach
    void reset() {
        upstream.reset();
    }

    private static MessageCreateParams.Builder params(String model, String prompt) {
        return MessageCreateParams.builder().model(model).maxTokens(256).addUserMessage(prompt);
    }

    private static Tool weatherTool() {
        return Tool.builder().name("get_weather").description("The weather in a city")
                .inputSchema(Tool.InputSchema.builder()
                        .properties(JsonValue.from(Map.of("city", Map.of("type", "string"))))
                        .required(List.of("city")).build())
                .build();
    }

    @Test
    void the_offline_echo_model_answers_a_message() {
        Message message = client.messages().create(params("echo/echo-1", "Hello from Claude").build());

        assertEquals("Hello from Claude", message.content().getFirst().asText().text());
        assertEquals(StopReason.END_TURN, message.stopReason().orElseThrow());
        assertEquals("echo/echo-1", message.model().asString());
        assertTrue(message.id().startsWith("msg_"));
        assertEquals(3L, message.usage().outputTokens());
        assertTrue(message.usage().inputTokens() > 0);
    }

    @Test
    void the_offline_echo_model_streams_as_anthropic_events() {
        MessageAccumulator accumulator = MessageAccumulator.create();
        List<String> types;
        try (StreamResponse<RawMessageStreamEvent> stream = client.messages().createStreaming(
                params("echo/echo-1", "one two three").build())) {
            types = stream.stream().map(accumulator::accumulate).map(AnthropicSdkEndToEndTest::typeOf).toList();
        }
        Message message = accumulator.message();
        assertEquals("one two three", message.content().getFirst().asText().text());
        assertEquals(StopReason.END_TURN, message.stopReason().orElseThrow());
        assertEquals(3L, message.usage().outputTokens());
        assertEquals("message_start", types.getFirst());
        assertEquals("content_block_start", types.get(1));
        assertEquals(List.of("content_block_stop", "message_delta", "message_stop"), types.subList(types.size() - 3, types.size()));
    }

    private static String typeOf(RawMessageStreamEvent event) {
        return event.isMessageStart() ? "message_start" : event.isContentBlockStart() ? "content_block_start"
                : event.isContentBlockDelta() ? "content_block_delta" : event.isContentBlockStop() ? "content_block_stop"
                : event.isMessageDelta() ? "message_delta" : event.isMessageStop() ? "message_stop" : "other";
    }

    @Test
    void an_openai_shaped_upstream_answers_with_a_tool_call_and_cached_usage() {
        upstream.when(request().withPath("/v1/chat/completions")).respond(response().withStatusCode(200).withBody("""
                {"id":"chatcmpl-1","object":"chat.completion","created":1700000000,"model":"deepseek-chat",\
                "choices":[{"index":0,"message":{"role":"assistant","content":"Let me look.","tool_calls":[\
                {"id":"call_1","type":"function","function":{"name":"get_weather","arguments":"{\\"city\\":\\"Paris\\"}"}}]},\
                "finish_reason":"tool_calls"}],\
                "usage":{"prompt_tokens":50,"completion_tokens":12,"total_tokens":62,"prompt_tokens_details":{"cached_tokens":30}}}"""));

        Message message = client.messages().create(params("deepseek/deepseek-chat", "Weather in Paris?")
                .system("You are terse.").addTool(weatherTool()).toolChoice(ToolChoiceAny.builder().build())
                .addStopSequence("END").build());

        assertEquals("Let me look.", message.content().get(0).asText().text());
        ToolUseBlock toolUse = message.content().get(1).asToolUse();
        assertEquals("call_1", toolUse.id());
        assertEquals("get_weather", toolUse.name());
        assertEquals(JsonValue.from(Map.of("city", "Paris")), toolUse._input());
        assertEquals(StopReason.TOOL_USE, message.stopReason().orElseThrow());
        assertEquals(20L, message.usage().inputTokens(), "cached tokens are counted apart, as Anthropic does");
        assertEquals(30L, message.usage().cacheReadInputTokens().orElseThrow());
        assertEquals(12L, message.usage().outputTokens());

        Map<String, Object> sent = PlainJson.parseObject(upstreamBody());
        assertEquals("deepseek-chat", sent.get("model"));
        assertEquals(256L, sent.get("max_tokens"));
        assertEquals(List.of("END"), sent.get("stop"));
        assertEquals("required", sent.get("tool_choice"));
        assertEquals(Map.of("role", "system", "content", "You are terse."), ((List<?>) sent.get("messages")).getFirst());
        Map<?, ?> function = (Map<?, ?>) ((Map<?, ?>) ((List<?>) sent.get("tools")).getFirst()).get("function");
        assertEquals("get_weather", function.get("name"));
        assertEquals(List.of("city"), ((Map<?, ?>) function.get("parameters")).get("required"));
    }

    @Test
    void the_answer_to_a_tool_call_goes_back_as_a_tool_message() {
        upstream.when(request().withPath("/v1/chat/completions")).respond(response().withStatusCode(200).withBody("""
                {"id":"chatcmpl-2","object":"chat.completion","created":1,"model":"deepseek-chat",\
                "choices":[{"index":0,"message":{"role":"assistant","content":"Sunny."},"finish_reason":"stop"}],\
                "usage":{"prompt_tokens":60,"completion_tokens":2,"total_tokens":62}}"""));
        String body = """
                {"model":"deepseek/deepseek-chat","max_tokens":100,"messages":[\
                {"role":"user","content":"Weather in Paris?"},\
                {"role":"assistant","content":[{"type":"thinking","thinking":"use the tool","signature":"sig"},\
                {"type":"tool_use","id":"call_1","name":"get_weather","input":{"city":"Paris"}}]},\
                {"role":"user","content":[{"type":"tool_result","tool_use_id":"call_1","content":"22 C, sunny"},\
                {"type":"text","text":"And now?"}]}]}""";

        HttpResponse<String> answer = post("/v1/messages", body, "x-api-key", TestGateway.ACCESS_KEY);

        assertEquals(200, answer.statusCode(), answer.body());
        List<?> messages = (List<?>) PlainJson.parseObject(upstreamBody()).get("messages");
        assertEquals(4, messages.size());
        Map<?, ?> call = (Map<?, ?>) ((List<?>) ((Map<?, ?>) messages.get(1)).get("tool_calls")).getFirst();
        assertEquals("{\"city\":\"Paris\"}", ((Map<?, ?>) call.get("function")).get("arguments"));
        assertEquals(Map.of("role", "tool", "content", "22 C, sunny", "tool_call_id", "call_1"), messages.get(2));
        assertEquals("user", ((Map<?, ?>) messages.get(3)).get("role"));
    }

    @Test
    void an_openai_shaped_upstream_streams_text_then_a_tool_call_in_fragments() {
        String chunk = "{\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"deepseek-chat\",\"choices\":[{\"index\":0,\"delta\":%s,\"finish_reason\":%s}]}";
        StringBuilder body = new StringBuilder();
        for (String delta : List.of("{\"content\":\"Check\"}", "{\"content\":\"ing.\"}",
                "{\"tool_calls\":[{\"index\":0,\"id\":\"call_7\",\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"arguments\":\"\"}}]}",
                "{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"{\\\"city\\\":\"}}]}",
                "{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"\\\"Oslo\\\"}\"}}]}")) {
            body.append("data: ").append(chunk.formatted(delta, "null")).append("\n\n");
        }
        body.append("data: ").append(chunk.formatted("{}", "\"tool_calls\"")).append("\n\n");
        body.append("data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"deepseek-chat\",\"choices\":[],"
                + "\"usage\":{\"prompt_tokens\":40,\"completion_tokens\":9,\"total_tokens\":49}}\n\ndata: [DONE]\n\n");
        upstream.when(request().withPath("/v1/chat/completions")).respond(response().withStatusCode(200)
                .withHeader("Content-Type", "text/event-stream").withBody(body.toString()));

        MessageAccumulator accumulator = MessageAccumulator.create();
        try (StreamResponse<RawMessageStreamEvent> stream = client.messages().createStreaming(
                params("deepseek/deepseek-chat", "Weather in Oslo?").addTool(weatherTool()).build())) {
            stream.stream().forEach(accumulator::accumulate);
        }
        Message message = accumulator.message();

        assertEquals("Checking.", message.content().get(0).asText().text());
        ToolUseBlock toolUse = message.content().get(1).asToolUse();
        assertEquals("call_7", toolUse.id());
        assertEquals(JsonValue.from(Map.of("city", "Oslo")), toolUse._input());
        assertEquals(StopReason.TOOL_USE, message.stopReason().orElseThrow());
        assertEquals(40L, message.usage().inputTokens());
        assertEquals(9L, message.usage().outputTokens());
        Map<String, Object> sent = PlainJson.parseObject(upstreamBody());
        assertEquals(true, sent.get("stream"));
    }

    @Test
    void a_failure_after_the_stream_started_ends_it_with_an_error_event() {
        upstream.when(request().withPath("/v1/chat/completions")).respond(response().withStatusCode(200)
                .withHeader("Content-Type", "text/event-stream")
                .withBody("data: " + OpenAiChunks.content("partial", null) + "\n\ndata: {not json\n\n"));

        HttpResponse<String> answer = post("/v1/messages",
                "{\"model\":\"deepseek/deepseek-chat\",\"max_tokens\":10,\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
                "x-api-key", TestGateway.ACCESS_KEY);

        assertEquals(200, answer.statusCode());
        assertTrue(answer.body().contains("event: content_block_delta"), answer.body());
        assertTrue(answer.body().contains("event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"api_error\""), answer.body());
        assertFalse(answer.body().contains("message_stop"), answer.body());
    }

    @Test
    void errors_reach_the_sdk_in_anthropic_shape() {
        AnthropicServiceException notFound = assertThrows(AnthropicServiceException.class,
                () -> client.messages().create(params("nobody/nothing", "hi").build()));
        assertEquals(404, notFound.statusCode());
        assertEquals(ErrorType.NOT_FOUND_ERROR, notFound.errorType().orElseThrow());

        AnthropicClient stranger = sdk().apiKey("wrong-key").build();
        AnthropicServiceException unauthorized = assertThrows(AnthropicServiceException.class,
                () -> stranger.messages().create(params("echo/echo-1", "hi").build()));
        assertEquals(401, unauthorized.statusCode());
        assertEquals(ErrorType.AUTHENTICATION_ERROR, unauthorized.errorType().orElseThrow());

        upstream.when(request().withPath("/v1/chat/completions")).respond(response().withStatusCode(429)
                .withHeader("Retry-After", "7").withBody("{\"error\":{\"message\":\"slow down\",\"type\":\"rate_limit\"}}"));
        AnthropicServiceException limited = assertThrows(AnthropicServiceException.class,
                () -> client.messages().create(params("deepseek/deepseek-chat", "hi").build()));
        assertEquals(ErrorType.RATE_LIMIT_ERROR, limited.errorType().orElseThrow());
    }

    @Test
    void hostile_bodies_are_refused_in_anthropic_shape() {
        for (String body : List.of("{not json", "[]", "{\"model\":\"echo/echo-1\",\"max_tokens\":\"many\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
                "{\"model\":\"echo/echo-1\",\"max_tokens\":5,\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\"}]}]}",
                "{\"model\":\"echo/echo-1\",\"max_tokens\":5,\"messages\":[{\"role\":\"system\",\"content\":\"hi\"}]}",
                "{\"model\":\"echo/echo-1\",\"max_tokens\":5,\"messages\":" + "[".repeat(5000) + "]".repeat(5000) + "}")) {
            HttpResponse<String> answer = post("/v1/messages", body, "x-api-key", TestGateway.ACCESS_KEY);
            assertEquals(400, answer.statusCode(), body);
            Map<String, Object> error = PlainJson.parseObject(answer.body());
            assertEquals("error", error.get("type"));
            assertEquals("invalid_request_error", ((Map<?, ?>) error.get("error")).get("type"));
        }
    }

    @Test
    void a_bearer_token_is_an_access_key_too_and_count_tokens_is_an_estimate() {
        AnthropicClient withToken = sdk().authToken(TestGateway.ACCESS_KEY).build();
        long tokens = withToken.messages().countTokens(MessageCountTokensParams.builder().model("echo/echo-1")
                .addUserMessage("How many tokens is this sentence?").build()).inputTokens();
        assertTrue(tokens > 5 && tokens < 40, "tokens: " + tokens);

        HttpResponse<String> answer = post("/v1/messages/count_tokens",
                "{\"model\":\"echo/echo-1\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
                "Authorization", "Bearer " + TestGateway.ACCESS_KEY);
        assertEquals(200, answer.statusCode());
        assertEquals("estimated", answer.headers().firstValue("x-llmbridge-usage-source").orElseThrow());
    }

    @Test
    void other_paths_under_v1_are_still_the_openai_surface() {
        HttpResponse<String> models = TestGateway.send(java.net.http.HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/models"))
                .header("Authorization", "Bearer " + TestGateway.ACCESS_KEY).GET().build());
        assertEquals(200, models.statusCode());
        HttpResponse<String> wrongMethod = TestGateway.send(java.net.http.HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/messages"))
                .header("x-api-key", TestGateway.ACCESS_KEY).GET().build());
        assertEquals(405, wrongMethod.statusCode());
        assertEquals("error", PlainJson.parseObject(wrongMethod.body()).get("type"));
    }

    private static HttpResponse<String> post(String path, String body, String header, String value) {
        return TestGateway.send(java.net.http.HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + path))
                .header(header, value).header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)).build());
    }

    private static String upstreamBody() {
        HttpRequest[] requests = upstream.retrieveRecordedRequests(request().withPath("/v1/chat/completions"));
        assertEquals(1, requests.length);
        return new String(requests[0].getBody().getRawBytes(), StandardCharsets.UTF_8);
    }
}

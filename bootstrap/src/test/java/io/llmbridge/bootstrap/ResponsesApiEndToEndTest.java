package io.llmbridge.bootstrap;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.errors.BadRequestException;
import com.openai.models.responses.FunctionTool;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseFunctionToolCall;
import com.openai.models.responses.ResponseInputItem;
import com.openai.models.responses.ResponseStatus;
import com.openai.models.responses.ResponseStreamEvent;
import com.openai.models.responses.WebSearchTool;
import io.llmbridge.adapter.support.json.PlainJson;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockserver.integration.ClientAndServer;

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

/** {@code /v1/responses} through the official OpenAI SDK, translated onto the chat path of the wired gateway. */
class ResponsesApiEndToEndTest {
    private static ClientAndServer upstream;
    private static TestGateway gateway;
    private static OpenAIClient client;

    @BeforeAll
    static void start() {
        upstream = ClientAndServer.startClientAndServer(0);
        gateway = TestGateway.start("""
                  echo:
                    adapter: echo
                    models:
                      echo-1: {}
                  openai:
                    adapter: openai
                    base_url: http://127.0.0.1:%d/v1
                    models:
                      gpt-test: {timeout: 10}
                """.formatted(upstream.getPort()), Map.of("OPENAI_API_KEY", TestGateway.PROVIDER_KEY));
        client = OpenAIOkHttpClient.builder().baseUrl(gateway.baseUrl()).apiKey(TestGateway.ACCESS_KEY).maxRetries(0).build();
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

    @Test
    void the_echo_model_answers_a_response_with_text_and_usage() {
        Response answer = client.responses().create(ResponseCreateParams.builder().model("echo/echo-1")
                .input("Hello from the SDK").store(false).build());

        answer.validate();
        assertTrue(answer.id().startsWith("resp_"), answer.id());
        assertEquals(ResponseStatus.COMPLETED, answer.status().orElseThrow());
        assertEquals("Hello from the SDK", answer.output().getFirst().asMessage().content().getFirst().asOutputText().text());
        assertEquals(4L, answer.usage().orElseThrow().outputTokens());
        assertEquals(answer.usage().orElseThrow().inputTokens() + 4, answer.usage().orElseThrow().totalTokens());
    }

    @Test
    void a_response_cut_by_max_output_tokens_is_incomplete() {
        Response answer = client.responses().create(ResponseCreateParams.builder().model("echo/echo-1")
                .input("one two three four five").maxOutputTokens(2).build());

        assertEquals(ResponseStatus.INCOMPLETE, answer.status().orElseThrow());
        assertEquals(Response.IncompleteDetails.Reason.MAX_OUTPUT_TOKENS, answer.incompleteDetails().orElseThrow().reason().orElseThrow());
    }

    @Test
    void the_echo_model_streams_the_documented_events_with_usage() {
        List<ResponseStreamEvent> events = streamed(ResponseCreateParams.builder().model("echo/echo-1").input("one two three"));
        events.forEach(ResponseStreamEvent::validate);
        assertTrue(events.getFirst().isCreated());
        StringBuilder text = new StringBuilder();
        events.stream().filter(ResponseStreamEvent::isOutputTextDelta).forEach(e -> text.append(e.asOutputTextDelta().delta()));
        assertEquals("one two three", text.toString());
        Response done = events.getLast().asCompleted().response();
        assertEquals("one two three", done.output().getFirst().asMessage().content().getFirst().asOutputText().text());
        assertEquals(3L, done.usage().orElseThrow().outputTokens());
    }

    @Test
    void an_openai_shaped_upstream_gets_the_translated_chat_request_and_its_tool_calls_come_back_as_items() {
        upstream.when(request().withPath("/v1/chat/completions")).respond(response().withStatusCode(200).withBody("""
                {"id":"chatcmpl-1","object":"chat.completion","created":1700000000,"model":"gpt-test",\
                "choices":[{"index":0,"message":{"role":"assistant","content":null,"tool_calls":[{"id":"call_42",\
                "type":"function","function":{"name":"weather","arguments":"{\\"city\\":\\"Oslo\\"}"}}]},\
                "finish_reason":"tool_calls"}],\
                "usage":{"prompt_tokens":30,"completion_tokens":9,"total_tokens":39,\
                "prompt_tokens_details":{"cached_tokens":10},"completion_tokens_details":{"reasoning_tokens":3}}}"""));

        Response answer = client.responses().create(ResponseCreateParams.builder().model("openai/gpt-test")
                .instructions("Be brief.")
                .inputOfResponse(List.of(
                        ResponseInputItem.ofEasyInputMessage(com.openai.models.responses.EasyInputMessage.builder()
                                .role(com.openai.models.responses.EasyInputMessage.Role.USER).content("Weather in Oslo?").build()),
                        ResponseInputItem.ofFunctionCall(ResponseFunctionToolCall.builder().callId("call_1").name("weather")
                                .arguments("{\"city\":\"Bergen\"}").build()),
                        ResponseInputItem.ofFunctionCallOutput(ResponseInputItem.FunctionCallOutput.builder()
                                .callId("call_1").output("rain").build())))
                .addTool(FunctionTool.builder().name("weather").description("Current weather").strict(true)
                        .parameters(FunctionTool.Parameters.builder().putAdditionalProperty("type", JsonValue.from("object")).build())
                        .build())
                .maxOutputTokens(500).temperature(0.2).build());

        answer.validate();
        ResponseFunctionToolCall call = answer.output().getFirst().asFunctionCall();
        assertEquals("call_42", call.callId());
        assertEquals("weather", call.name());
        assertEquals("{\"city\":\"Oslo\"}", call.arguments());
        assertEquals(1, answer.output().size(), "no empty message beside the call");
        assertEquals(10L, answer.usage().orElseThrow().inputTokensDetails().cachedTokens());
        assertEquals(3L, answer.usage().orElseThrow().outputTokensDetails().reasoningTokens());

        Map<String, Object> sent = PlainJson.parseObject(upstreamBody());
        assertEquals("gpt-test", sent.get("model"));
        assertEquals(500L, sent.get("max_completion_tokens"));
        assertEquals("0.2", sent.get("temperature").toString());
        assertEquals(PlainJson.parse("""
                [{"role":"system","content":"Be brief."},{"role":"user","content":"Weather in Oslo?"},\
                {"role":"assistant","content":null,"tool_calls":[{"id":"call_1","type":"function",\
                "function":{"name":"weather","arguments":"{\\"city\\":\\"Bergen\\"}"}}]},\
                {"role":"tool","content":"rain","tool_call_id":"call_1"}]"""), sent.get("messages"));
        assertEquals(PlainJson.parse("""
                [{"type":"function","function":{"name":"weather","description":"Current weather",\
                "parameters":{"type":"object"},"strict":true}}]"""), sent.get("tools"));
    }

    @Test
    void an_openai_shaped_upstream_streams_text_and_tool_calls_as_response_events() {
        String body = sse(OpenAiChunks.content("Let me ", null), OpenAiChunks.content("check.", null),
                chunk("{\"tool_calls\":[{\"index\":0,\"id\":\"call_7\",\"type\":\"function\",\"function\":{\"name\":\"weather\",\"arguments\":\"\"}}]}", null),
                chunk("{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"{\\\"city\\\":\"}}]}", null),
                chunk("{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"\\\"Oslo\\\"}\"}}]}", null),
                chunk("{}", "tool_calls"),
                "{\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"gpt-test\",\"choices\":[],"
                        + "\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":8,\"total_tokens\":20}}") + "data: [DONE]\n\n";
        upstream.when(request().withPath("/v1/chat/completions")).respond(response().withStatusCode(200)
                .withHeader("Content-Type", "text/event-stream").withBody(body));

        List<ResponseStreamEvent> events = streamed(ResponseCreateParams.builder().model("openai/gpt-test").input("Weather?"));
        events.forEach(ResponseStreamEvent::validate);
        StringBuilder arguments = new StringBuilder();
        events.stream().filter(ResponseStreamEvent::isFunctionCallArgumentsDelta)
                .forEach(e -> arguments.append(e.asFunctionCallArgumentsDelta().delta()));
        assertEquals("{\"city\":\"Oslo\"}", arguments.toString());
        Response done = events.getLast().asCompleted().response();
        assertEquals("Let me check.", done.output().get(0).asMessage().content().getFirst().asOutputText().text());
        assertEquals("call_7", done.output().get(1).asFunctionCall().callId());
        assertEquals("{\"city\":\"Oslo\"}", done.output().get(1).asFunctionCall().arguments());
        assertEquals(20L, done.usage().orElseThrow().totalTokens());
        assertEquals(Map.of("include_usage", true), PlainJson.parseObject(upstreamBody()).get("stream_options"),
                "usage is asked for, to end with it");
    }

    @Test
    void a_failure_in_mid_stream_ends_with_response_failed() {
        String body = sse(OpenAiChunks.content("Half an ", null),
                "{\"error\":{\"message\":\"The model is overloaded\",\"type\":\"server_error\"}}");
        upstream.when(request().withPath("/v1/chat/completions")).respond(response().withStatusCode(200)
                .withHeader("Content-Type", "text/event-stream").withBody(body));

        List<ResponseStreamEvent> events = streamed(ResponseCreateParams.builder().model("openai/gpt-test").input("Go"));
        assertTrue(events.getFirst().isCreated());
        assertTrue(events.stream().anyMatch(ResponseStreamEvent::isOutputTextDelta));
        Response failed = events.getLast().asFailed().response();
        assertEquals(ResponseStatus.FAILED, failed.status().orElseThrow());
        assertTrue(failed.error().orElseThrow().message().contains("overloaded"), failed.error().orElseThrow().message());
    }

    @Test
    void what_the_gateway_cannot_answer_faithfully_is_a_400_that_says_why() {
        BadRequestException previous = assertThrows(BadRequestException.class, () -> client.responses().create(
                ResponseCreateParams.builder().model("echo/echo-1").input("and then?").previousResponseId("resp_1").build()));
        assertTrue(previous.getMessage().contains("'previous_response_id' is not supported"), previous.getMessage());

        BadRequestException webSearch = assertThrows(BadRequestException.class, () -> client.responses().create(
                ResponseCreateParams.builder().model("echo/echo-1").input("news?")
                        .addTool(WebSearchTool.builder().type(WebSearchTool.Type.WEB_SEARCH).build()).build()));
        assertTrue(webSearch.getMessage().contains("Tool type 'web_search'"), webSearch.getMessage());

        HttpResponse<String> noInput = gateway.post("/responses", "{\"model\":\"echo/echo-1\"}", TestGateway.ACCESS_KEY);
        assertEquals(400, noInput.statusCode());
        assertTrue(noInput.body().contains("'input' is required"), noInput.body());

        HttpResponse<String> stored = gateway.get("/responses/resp_1", TestGateway.ACCESS_KEY);
        assertEquals(400, stored.statusCode());
        assertTrue(stored.body().contains("does not keep responses"), stored.body());
    }

    private static List<ResponseStreamEvent> streamed(ResponseCreateParams.Builder params) {
        try (StreamResponse<ResponseStreamEvent> stream = client.responses().createStreaming(params.build())) {
            return stream.stream().toList();
        }
    }

    private static String chunk(String delta, String finishReason) {
        return "{\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"gpt-test\",\"choices\":[{\"index\":0,"
                + "\"delta\":" + delta + ",\"finish_reason\":" + (finishReason == null ? "null" : "\"" + finishReason + "\"") + "}]}";
    }

    private static String sse(String... events) {
        StringBuilder body = new StringBuilder();
        for (String event : events) {
            body.append("data: ").append(event).append("\n\n");
        }
        return body.toString();
    }

    private static String upstreamBody() {
        var requests = upstream.retrieveRecordedRequests(request().withPath("/v1/chat/completions"));
        assertEquals(1, requests.length);
        assertFalse(new String(requests[0].getBody().getRawBytes(), StandardCharsets.UTF_8).contains("\"input\""));
        return new String(requests[0].getBody().getRawBytes(), StandardCharsets.UTF_8);
    }
}

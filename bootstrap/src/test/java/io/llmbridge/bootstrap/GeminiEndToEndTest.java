package io.llmbridge.bootstrap;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.models.FunctionDefinition;
import com.openai.models.FunctionParameters;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionFunctionTool;
import com.openai.models.chat.completions.ChatCompletionMessage;
import com.openai.models.chat.completions.ChatCompletionMessageFunctionToolCall;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.chat.completions.ChatCompletionToolMessageParam;
import com.openai.models.completions.CompletionUsage;
import io.llmbridge.adapter.support.json.PlainJson;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockserver.integration.ClientAndServer;
import org.mockserver.matchers.Times;
import org.mockserver.model.HttpRequest;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockserver.model.HttpRequest.request;
import static org.mockserver.model.HttpResponse.response;

/**
 * The official OpenAI Java SDK against the gateway, with MockServer playing Gemini's native API:
 * a team calling gemini/... sees OpenAI's shapes, and Gemini receives its own.
 */
class GeminiEndToEndTest {
    private static final String MODEL = "gemini/gemini-2.5-flash";
    private static final String GENERATE = "/v1beta/models/gemini-2.5-flash:generateContent";
    private static final String STREAM = "/v1beta/models/gemini-2.5-flash:streamGenerateContent";

    private static ClientAndServer gemini;
    private static TestGateway gateway;
    private static OpenAIClient client;

    @BeforeAll
    static void start() {
        gemini = ClientAndServer.startClientAndServer(0);
        gateway = TestGateway.start("""
                  gemini:
                    adapter: gemini
                    base_url: http://127.0.0.1:%d/v1beta
                    models:
                      gemini-2.5-flash: {timeout: 10}
                """.formatted(gemini.getPort()), Map.of("GEMINI_API_KEY", TestGateway.PROVIDER_KEY));
        client = OpenAIOkHttpClient.builder().baseUrl(gateway.baseUrl()).apiKey(TestGateway.ACCESS_KEY).maxRetries(0).build();
    }

    @AfterAll
    static void stop() {
        gateway.close();
        gemini.stop();
    }

    @BeforeEach
    void reset() {
        gemini.reset();
    }

    @Test
    void a_chat_completion_is_answered_by_gemini_in_openais_shape() {
        answer(Times.unlimited(), """
                {"candidates": [{"content": {"parts": [{"text": "Bonjour !"}], "role": "model"},
                  "finishReason": "STOP", "index": 0}],
                 "usageMetadata": {"promptTokenCount": 12, "candidatesTokenCount": 3, "totalTokenCount": 15},
                 "modelVersion": "gemini-2.5-flash", "responseId": "ZTJlLXdob2xl"}""");

        ChatCompletion completion = client.chat().completions().create(ChatCompletionCreateParams.builder().model(MODEL)
                .addSystemMessage("Answer in French.").addUserMessage("Say hello.").temperature(0.2).build());

        assertEquals("chatcmpl-ZTJlLXdob2xl", completion.id());
        assertEquals("gemini-2.5-flash", completion.model());
        assertEquals("Bonjour !", completion.choices().getFirst().message().content().orElseThrow());
        assertEquals(ChatCompletion.Choice.FinishReason.STOP, completion.choices().getFirst().finishReason());
        CompletionUsage usage = completion.usage().orElseThrow();
        assertEquals(List.of(12L, 3L, 15L), List.of(usage.promptTokens(), usage.completionTokens(), usage.totalTokens()));
        assertEquals(json("""
                {"contents": [{"role": "user", "parts": [{"text": "Say hello."}]}],
                 "systemInstruction": {"parts": [{"text": "Answer in French."}]},
                 "generationConfig": {"temperature": 0.2}}"""), received(GENERATE).getFirst());
    }

    @Test
    void a_streamed_chat_arrives_as_chunks_with_the_last_usage_once() {
        StringBuilder events = new StringBuilder();
        String[] pieces = {"Bon", "jour", " !"};
        for (int i = 0; i < pieces.length; i++) {
            events.append("data: {\"candidates\": [{\"content\": {\"parts\": [{\"text\": \"").append(pieces[i])
                    .append("\"}], \"role\": \"model\"}").append(i == pieces.length - 1 ? ", \"finishReason\": \"STOP\"" : "")
                    .append(", \"index\": 0}], \"usageMetadata\": {\"promptTokenCount\": 5, \"candidatesTokenCount\": ").append(i + 1)
                    .append(", \"totalTokenCount\": ").append(6 + i).append("}, \"modelVersion\": \"gemini-2.5-flash\",")
                    .append(" \"responseId\": \"ZTJlLXN0cmVhbQ\"}\r\n\r\n");
        }
        gemini.when(request().withPath(STREAM).withQueryStringParameter("alt", "sse"))
                .respond(response().withStatusCode(200).withHeader("Content-Type", "text/event-stream").withBody(events.toString()));

        StringBuilder text = new StringBuilder();
        List<CompletionUsage> usages = new ArrayList<>();
        List<ChatCompletionChunk.Choice.FinishReason> finishReasons = new ArrayList<>();
        try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(
                ChatCompletionCreateParams.builder().model(MODEL).addUserMessage("Say hello in French.")
                        .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build())) {
            stream.stream().forEach(chunk -> {
                chunk.usage().ifPresent(usages::add);
                chunk.choices().forEach(choice -> {
                    choice.delta().content().ifPresent(text::append);
                    choice.finishReason().ifPresent(finishReasons::add);
                });
            });
        }
        assertEquals("Bonjour !", text.toString());
        assertEquals(List.of(ChatCompletionChunk.Choice.FinishReason.STOP), finishReasons);
        assertEquals(1, usages.size(), "usage is reported once, from Gemini's last event");
        assertEquals(List.of(5L, 3L, 8L), List.of(usages.getFirst().promptTokens(), usages.getFirst().completionTokens(),
                usages.getFirst().totalTokens()));
    }

    @Test
    void a_tool_call_round_trip_goes_through_gemini() {
        answer(Times.once(), """
                {"candidates": [{"content": {"parts": [{"functionCall": {"name": "get_weather", "args": {"city": "Paris"}}}],
                  "role": "model"}, "finishReason": "STOP", "index": 0}],
                 "usageMetadata": {"promptTokenCount": 40, "candidatesTokenCount": 6, "totalTokenCount": 46},
                 "modelVersion": "gemini-2.5-flash", "responseId": "ZTJlLXRvb2wtY2FsbA"}""");
        answer(Times.once(), """
                {"candidates": [{"content": {"parts": [{"text": "It is 18°C and sunny in Paris."}], "role": "model"},
                  "finishReason": "STOP", "index": 0}],
                 "usageMetadata": {"promptTokenCount": 60, "candidatesTokenCount": 10, "totalTokenCount": 70},
                 "modelVersion": "gemini-2.5-flash", "responseId": "ZTJlLXRvb2wtcmVzdWx0"}""");
        ChatCompletionFunctionTool weather = ChatCompletionFunctionTool.builder().function(FunctionDefinition.builder()
                .name("get_weather").description("Current weather for a city.")
                .parameters(FunctionParameters.builder()
                        .putAdditionalProperty("type", JsonValue.from("object"))
                        .putAdditionalProperty("properties", JsonValue.from(Map.of("city", Map.of("type", "string"))))
                        .putAdditionalProperty("required", JsonValue.from(List.of("city")))
                        .putAdditionalProperty("additionalProperties", JsonValue.from(false))
                        .build())
                .strict(true).build()).build();

        ChatCompletion call = client.chat().completions().create(ChatCompletionCreateParams.builder().model(MODEL)
                .addUserMessage("Weather in Paris?").addTool(weather).build());

        ChatCompletionMessage asked = call.choices().getFirst().message();
        assertEquals(ChatCompletion.Choice.FinishReason.TOOL_CALLS, call.choices().getFirst().finishReason());
        ChatCompletionMessageFunctionToolCall toolCall = asked.toolCalls().orElseThrow().getFirst().asFunction();
        assertTrue(toolCall.id().startsWith("call_"), toolCall.id());
        assertEquals("get_weather", toolCall.function().name());
        assertEquals(Map.of("city", "Paris"), PlainJson.parseObject(toolCall.function().arguments()));

        ChatCompletion answer = client.chat().completions().create(ChatCompletionCreateParams.builder().model(MODEL)
                .addUserMessage("Weather in Paris?").addMessage(asked)
                .addMessage(ChatCompletionToolMessageParam.builder().toolCallId(toolCall.id())
                        .content("{\"temp_c\": 18, \"sky\": \"sunny\"}").build())
                .addTool(weather).build());

        assertEquals("It is 18°C and sunny in Paris.", answer.choices().getFirst().message().content().orElseThrow());
        List<Map<String, Object>> sent = received(GENERATE);
        assertEquals(json("""
                [{"functionDeclarations": [{"name": "get_weather", "description": "Current weather for a city.",
                  "parameters": {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}}]}]"""),
                sent.getFirst().get("tools"));
        assertEquals(json("""
                [{"role": "user", "parts": [{"text": "Weather in Paris?"}]},
                 {"role": "model", "parts": [{"functionCall": {"name": "get_weather", "args": {"city": "Paris"}}}]},
                 {"role": "user", "parts": [{"functionResponse": {"name": "get_weather",
                                                                 "response": {"temp_c": 18, "sky": "sunny"}}}]}]"""),
                sent.get(1).get("contents"));
    }

    @Test
    void geminis_errors_reach_the_client_with_openais_statuses_and_never_the_key() {
        record Case(int geminiStatus, String googleStatus, String detail, int clientStatus) {
        }
        List<Case> cases = List.of(
                new Case(400, "INVALID_ARGUMENT", "", 400),
                new Case(400, "INVALID_ARGUMENT", ", \"details\": [{\"@type\": \"type.googleapis.com/google.rpc.ErrorInfo\", \"reason\": \"API_KEY_INVALID\"}]", 502),
                new Case(403, "PERMISSION_DENIED", "", 502),
                new Case(404, "NOT_FOUND", "", 404),
                new Case(429, "RESOURCE_EXHAUSTED", ", \"details\": [{\"@type\": \"type.googleapis.com/google.rpc.RetryInfo\", \"retryDelay\": \"47.4s\"}]", 429),
                new Case(503, "UNAVAILABLE", "", 502),
                new Case(504, "DEADLINE_EXCEEDED", "", 504));
        for (Case c : cases) {
            gemini.reset();
            gemini.when(request().withPath(GENERATE)).respond(response().withStatusCode(c.geminiStatus())
                    .withHeader("Content-Type", "application/json").withBody("{\"error\": {\"code\": " + c.geminiStatus()
                            + ", \"message\": \"Gemini says no\", \"status\": \"" + c.googleStatus() + "\"" + c.detail() + "}}"));
            HttpResponse<String> answer = gateway.chat("{\"model\": \"" + MODEL + "\", \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]}");
            assertEquals(c.clientStatus(), answer.statusCode(), c + ": " + answer.body());
            assertTrue(answer.body().startsWith("{\"error\":"), answer.body());
            assertFalse(answer.body().contains(TestGateway.PROVIDER_KEY), "the provider key never reaches a client");
            if (c.clientStatus() == 429) {
                assertEquals("48", answer.headers().firstValue("Retry-After").orElse(null));
            }
        }
    }

    private static void answer(Times times, String body) {
        gemini.when(request().withMethod("POST").withPath(GENERATE), times)
                .respond(response().withStatusCode(200).withHeader("Content-Type", "application/json").withBody(body));
    }

    /** The bodies Gemini received at {@code path}, in order, each with our provider key in Google's header. */
    private static List<Map<String, Object>> received(String path) {
        List<Map<String, Object>> bodies = new ArrayList<>();
        for (HttpRequest request : gemini.retrieveRecordedRequests(request().withPath(path))) {
            assertEquals(TestGateway.PROVIDER_KEY, request.getFirstHeader("x-goog-api-key"));
            bodies.add(PlainJson.parseObject(request.getBodyAsString()));
        }
        return bodies;
    }

    private static Object json(String text) {
        return PlainJson.parse(text);
    }
}

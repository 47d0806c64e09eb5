package io.llmbridge.bootstrap;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionMessageFunctionToolCall;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.completions.CompletionUsage;
import io.llmbridge.adapter.support.json.PlainJson;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockserver.integration.ClientAndServer;
import org.mockserver.model.HttpRequest;
import org.mockserver.model.JsonBody;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mockserver.model.HttpRequest.request;
import static org.mockserver.model.HttpResponse.response;

/**
 * The official OpenAI Java SDK against the gateway, with MockServer playing Anthropic's Messages
 * API: a team calling anthropic/... sees OpenAI's shapes, and Anthropic receives its own.
 */
class AnthropicEndToEndTest {
    private static final String MODEL = "anthropic/claude-sonnet-4-5";

    private static ClientAndServer anthropic;
    private static TestGateway gateway;
    private static OpenAIClient client;

    @BeforeAll
    static void start() {
        anthropic = ClientAndServer.startClientAndServer(0);
        gateway = TestGateway.start("""
                  anthropic:
                    adapter: anthropic
                    base_url: http://127.0.0.1:%d
                    models:
                      claude-sonnet-4-5: {max_tokens: 8192, timeout: 10}
                """.formatted(anthropic.getPort()), Map.of("ANTHROPIC_API_KEY", TestGateway.PROVIDER_KEY));
        client = OpenAIOkHttpClient.builder().baseUrl(gateway.baseUrl()).apiKey(TestGateway.ACCESS_KEY).maxRetries(0).build();
    }

    @AfterAll
    static void stop() {
        gateway.close();
        anthropic.stop();
    }

    @BeforeEach
    void reset() {
        anthropic.reset();
    }

    @Test
    void a_chat_completion_is_answered_by_anthropic_in_openais_shape() {
        anthropic.when(messages()).respond(response().withStatusCode(200).withHeader("Content-Type", "application/json")
                .withHeader("request-id", "req_e2e").withBody("""
                        {"id":"msg_e2e","type":"message","role":"assistant","model":"claude-sonnet-4-5",
                         "content":[{"type":"text","text":"Checking."},
                          {"type":"tool_use","id":"toolu_e2e","name":"get_weather","input":{"city":"Paris"}}],
                         "stop_reason":"tool_use","stop_sequence":null,
                         "usage":{"input_tokens":30,"cache_creation_input_tokens":0,"cache_read_input_tokens":100,"output_tokens":12}}"""));

        ChatCompletion completion = client.chat().completions().create(ChatCompletionCreateParams.builder().model(MODEL)
                .addSystemMessage("Be brief.").addUserMessage("Weather in Paris?").build());

        assertEquals("chatcmpl-msg_e2e", completion.id());
        ChatCompletion.Choice choice = completion.choices().getFirst();
        assertEquals(ChatCompletion.Choice.FinishReason.TOOL_CALLS, choice.finishReason());
        ChatCompletionMessageFunctionToolCall call = choice.message().toolCalls().orElseThrow().getFirst().asFunction();
        assertEquals("get_weather", call.function().name());
        assertEquals("{\"city\":\"Paris\"}", call.function().arguments());
        CompletionUsage usage = completion.usage().orElseThrow();
        assertEquals(List.of(130L, 12L, 142L), List.of(usage.promptTokens(), usage.completionTokens(), usage.totalTokens()));
        assertEquals(100L, usage.promptTokensDetails().orElseThrow().cachedTokens().orElseThrow());
        HttpRequest sent = anthropic.retrieveRecordedRequests(messages())[0];
        assertEquals(TestGateway.PROVIDER_KEY, sent.getFirstHeader("x-api-key"));
        assertEquals("2023-06-01", sent.getFirstHeader("anthropic-version"));
        assertEquals(PlainJson.parseObject("""
                {"model":"claude-sonnet-4-5","max_tokens":8192,"system":[{"type":"text","text":"Be brief."}],
                 "messages":[{"role":"user","content":[{"type":"text","text":"Weather in Paris?"}]}]}"""),
                PlainJson.parseObject(sent.getBodyAsString()));
    }

    @Test
    void a_streamed_chat_arrives_as_chunks_with_usage_once() {
        anthropic.when(messages().withBody(JsonBody.json("{\"stream\": true}"))).respond(response().withStatusCode(200)
                .withHeader("Content-Type", "text/event-stream").withBody("""
                        event: message_start
                        data: {"type":"message_start","message":{"id":"msg_s","type":"message","role":"assistant","content":[],"model":"claude-sonnet-4-5","stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":9,"output_tokens":1}}}

                        event: content_block_start
                        data: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}

                        event: ping
                        data: {"type": "ping"}

                        event: content_block_delta
                        data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Bon"}}

                        event: content_block_delta
                        data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"jour"}}

                        event: content_block_stop
                        data: {"type":"content_block_stop","index":0}

                        event: message_delta
                        data: {"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"output_tokens":4}}

                        event: message_stop
                        data: {"type":"message_stop"}

                        """));

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

        assertEquals("Bonjour", text.toString());
        assertEquals(List.of(ChatCompletionChunk.Choice.FinishReason.STOP), finishReasons);
        assertEquals(1, usages.size());
        assertEquals(List.of(9L, 4L, 13L), List.of(usages.getFirst().promptTokens(), usages.getFirst().completionTokens(),
                usages.getFirst().totalTokens()));
    }

    private static HttpRequest messages() {
        return request().withMethod("POST").withPath("/v1/messages");
    }
}

package io.llmbridge.bootstrap;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.errors.OpenAIServiceException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.models.Model;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockserver.integration.ClientAndServer;
import org.mockserver.model.HttpRequest;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockserver.model.HttpRequest.request;
import static org.mockserver.model.HttpResponse.response;

/** The official OpenAI Java SDK against the wired gateway: what a team's code sees. */
class OpenAiSdkEndToEndTest {
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
                  deepseek:
                    adapter: openai
                    base_url: http://127.0.0.1:%d/v1/chat/completions
                    models:
                      deepseek-chat: {max_tokens: 100, timeout: 10}
                      deepseek-chat<creative>:
                        param_config: {update_params: {temperature: 1.3}, delete_params: [top_p]}
                """.formatted(upstream.getPort()), Map.of("DEEPSEEK_API_KEY", TestGateway.PROVIDER_KEY));
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

    private static ChatCompletionCreateParams.Builder params(String model, String prompt) {
        return ChatCompletionCreateParams.builder().model(model).addUserMessage(prompt);
    }

    @Test
    void the_offline_echo_model_answers_a_chat_completion() {
        ChatCompletion completion = client.chat().completions().create(params("echo/echo-1", "Hello from the SDK").build());
        assertEquals("Hello from the SDK", completion.choices().getFirst().message().content().orElseThrow());
        assertEquals(ChatCompletion.Choice.FinishReason.STOP, completion.choices().getFirst().finishReason());
        assertEquals(4L, completion.usage().orElseThrow().completionTokens());
    }

    @Test
    void the_offline_echo_model_streams_word_by_word() {
        StringBuilder text = new StringBuilder();
        long usageChunks;
        try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(
                params("echo/echo-1", "one two three")
                        .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build())) {
            List<ChatCompletionChunk> chunks = stream.stream().toList();
            chunks.forEach(chunk -> chunk.choices().forEach(choice -> choice.delta().content().ifPresent(text::append)));
            usageChunks = chunks.stream().filter(chunk -> chunk.usage().isPresent()).count();
            assertTrue(chunks.size() >= 5, "role, three words, finish");
        }
        assertEquals("one two three", text.toString());
        assertEquals(1, usageChunks);
    }

    @Test
    void lists_every_configured_model() {
        List<String> ids = client.models().list().data().stream().map(Model::id).toList();
        assertEquals(List.of("echo/echo-1", "deepseek/deepseek-chat", "deepseek/deepseek-chat<creative>"), ids);
        assertEquals("deepseek", client.models().retrieve("deepseek/deepseek-chat").ownedBy());
    }

    @Test
    void an_openai_shaped_upstream_answers_through_the_gateway_with_every_field_intact() {
        upstream.when(request().withPath("/v1/chat/completions")).respond(response().withStatusCode(200).withBody("""
                {"id":"chatcmpl-9","object":"chat.completion","created":1700000000,"model":"deepseek-chat",\
                "system_fingerprint":"fp_ds","choices":[{"index":0,"message":{"role":"assistant","content":"Hi!",\
                "reasoning_content":"thinking"},"logprobs":null,"finish_reason":"stop"}],\
                "usage":{"prompt_tokens":5,"completion_tokens":2,"total_tokens":7,"prompt_cache_hit_tokens":0}}"""));

        ChatCompletion completion = client.chat().completions().create(params("deepseek/deepseek-chat<creative>", "Hi")
                .temperature(0.2).topP(0.9).maxCompletionTokens(5000).seed(42).build());

        assertEquals("Hi!", completion.choices().getFirst().message().content().orElseThrow());
        assertEquals("fp_ds", completion.systemFingerprint().orElseThrow());
        assertEquals(JsonValue.from("thinking"), completion.choices().getFirst().message()._additionalProperties().get("reasoning_content"));
        Map<String, Object> sent = io.llmbridge.adapter.support.json.PlainJson.parseObject(upstreamBody());
        assertEquals("deepseek-chat", sent.get("model"));
        assertEquals("1.3", sent.get("temperature").toString(), "the variant's update_params won");
        assertTrue(!sent.containsKey("top_p"), "the variant's delete_params applied");
        assertEquals(42L, sent.get("seed"));
        assertEquals(5000L, sent.get("max_completion_tokens"), "only deepseek-chat itself has max_tokens: 100");
    }

    @Test
    void an_openai_shaped_upstream_streams_through_the_gateway() {
        StringBuilder body = new StringBuilder();
        for (String piece : List.of("Str", "eam", "ed")) {
            body.append("data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"deepseek-chat\","
                    + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"").append(piece).append("\"},\"finish_reason\":null}]}\n\n");
        }
        body.append("data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"deepseek-chat\","
                + "\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\ndata: [DONE]\n\n");
        upstream.when(request().withPath("/v1/chat/completions")).respond(response().withStatusCode(200)
                .withHeader("Content-Type", "text/event-stream").withBody(body.toString()));

        StringBuilder text = new StringBuilder();
        try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(
                params("deepseek/deepseek-chat", "stream please").maxCompletionTokens(500).build())) {
            stream.stream().forEach(chunk -> chunk.choices().forEach(choice -> choice.delta().content().ifPresent(text::append)));
        }
        assertEquals("Streamed", text.toString());
        assertEquals(100L, io.llmbridge.adapter.support.json.PlainJson.parseObject(upstreamBody()).get("max_completion_tokens"),
                "clamped to the model's max_tokens");
    }

    @Test
    void errors_reach_the_sdk_as_openai_errors() {
        OpenAIServiceException notFound = assertThrows(OpenAIServiceException.class,
                () -> client.chat().completions().create(params("nobody/nothing", "hi").build()));
        assertEquals(404, notFound.statusCode());

        OpenAIClient stranger = OpenAIOkHttpClient.builder().baseUrl(gateway.baseUrl()).apiKey("wrong-key").maxRetries(0).build();
        OpenAIServiceException unauthorized = assertThrows(OpenAIServiceException.class,
                () -> stranger.chat().completions().create(params("echo/echo-1", "hi").build()));
        assertEquals(401, unauthorized.statusCode());
    }

    private static String upstreamBody() {
        HttpRequest[] requests = upstream.retrieveRecordedRequests(request().withPath("/v1/chat/completions"));
        assertEquals(1, requests.length);
        assertEquals("Bearer " + TestGateway.PROVIDER_KEY, requests[0].getFirstHeader("Authorization"));
        return new String(requests[0].getBody().getRawBytes(), StandardCharsets.UTF_8);
    }
}

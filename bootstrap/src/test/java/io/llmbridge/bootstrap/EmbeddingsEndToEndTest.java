package io.llmbridge.bootstrap;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.errors.BadRequestException;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.embeddings.CreateEmbeddingResponse;
import com.openai.models.embeddings.EmbeddingCreateParams;
import io.llmbridge.adapter.support.json.PlainJson;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockserver.integration.ClientAndServer;
import org.mockserver.model.HttpRequest;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockserver.model.HttpRequest.request;
import static org.mockserver.model.HttpResponse.response;

/**
 * {@code POST /v1/embeddings} through the wired gateway with the official OpenAI Java SDK: the
 * offline echo model, MockServer playing an OpenAI upstream (passed through) and Gemini's
 * {@code batchEmbedContents} (translated).
 */
class EmbeddingsEndToEndTest {
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
                      echo-embed: {kind: embedding}
                  openai:
                    adapter: openai
                    base_url: http://127.0.0.1:%1$d/v1
                    models:
                      text-embedding-3-small: {kind: embedding, timeout: 10}
                  gemini:
                    adapter: gemini
                    base_url: http://127.0.0.1:%1$d/v1beta
                    models:
                      gemini-embedding-001: {kind: embedding, task_type: RETRIEVAL_DOCUMENT, timeout: 10}
                """.formatted(upstream.getPort()),
                Map.of("OPENAI_API_KEY", TestGateway.PROVIDER_KEY, "GEMINI_API_KEY", TestGateway.PROVIDER_KEY));
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

    private static EmbeddingCreateParams.Builder params(String model) {
        return EmbeddingCreateParams.builder().model(model);
    }

    @Test
    void the_echo_model_embeds_each_input_the_same_way_every_time_as_unit_vectors() {
        CreateEmbeddingResponse first = client.embeddings().create(params("echo/echo-embed")
                .inputOfArrayOfStrings(List.of("first text", "second text")).encodingFormat(EmbeddingCreateParams.EncodingFormat.FLOAT)
                .build());
        CreateEmbeddingResponse again = client.embeddings().create(params("echo/echo-embed").input("second text")
                .encodingFormat(EmbeddingCreateParams.EncodingFormat.FLOAT).build());

        assertEquals(2, first.data().size());
        assertEquals(List.of(0L, 1L), first.data().stream().map(e -> e.index()).toList());
        List<Float> second = first.data().get(1).embedding();
        assertEquals(256, second.size());
        assertEquals(1.0, Math.sqrt(second.stream().mapToDouble(v -> v * v).sum()), 1e-4);
        assertEquals(second, again.data().getFirst().embedding());
        assertNotEquals(first.data().get(0).embedding(), second);
        assertEquals(4, first.usage().promptTokens());
    }

    @Test
    void base64_carries_the_same_floats_and_dimensions_are_honoured() {
        EmbeddingCreateParams.Builder asked = params("echo/echo-embed").input("some text").dimensions(64);
        List<Float> floats = client.embeddings().create(asked.encodingFormat(EmbeddingCreateParams.EncodingFormat.FLOAT).build())
                .data().getFirst().embedding();
        CreateEmbeddingResponse base64 = client.embeddings().create(asked.encodingFormat(EmbeddingCreateParams.EncodingFormat.BASE64)
                .build());

        assertTrue(base64.data().getFirst().embeddingValue().isBase64());
        assertEquals(64, floats.size());
        assertEquals(floats, base64.data().getFirst().embedding());
    }

    @Test
    void an_openai_upstream_gets_the_request_with_only_the_model_rewritten_and_its_answer_is_passed_on() {
        String answer = """
                {"object":"list","data":[{"object":"embedding","index":0,"embedding":[0.25,-0.5]},\
                {"object":"embedding","index":1,"embedding":[0.125,1.0]}],"model":"text-embedding-3-small",\
                "usage":{"prompt_tokens":7,"total_tokens":7},"x_extra":"kept"}""";
        upstream.when(request().withMethod("POST").withPath("/v1/embeddings"))
                .respond(response().withStatusCode(200).withHeader("Content-Type", "application/json").withBody(answer));

        HttpResponse<String> response = gateway.post("/embeddings", """
                {"model":"openai/text-embedding-3-small","input":[[1,2,3],[4,5]],"encoding_format":"float","dimensions":2,"user":"u1"}""",
                TestGateway.ACCESS_KEY);

        assertEquals(200, response.statusCode());
        assertEquals(answer, response.body());
        assertEquals("openai/text-embedding-3-small", response.headers().firstValue("x-llmbridge-model").orElseThrow());
        HttpRequest sent = upstream.retrieveRecordedRequests(request().withPath("/v1/embeddings"))[0];
        assertEquals(Map.of("model", "text-embedding-3-small", "input", List.of(List.of(1L, 2L, 3L), List.of(4L, 5L)),
                        "encoding_format", "float", "dimensions", 2L, "user", "u1"),
                PlainJson.parseObject(sent.getBodyAsString()));
        assertEquals("Bearer " + TestGateway.PROVIDER_KEY, sent.getFirstHeader("Authorization"));
    }

    @Test
    void the_sdk_reads_a_passed_on_openai_answer() {
        upstream.when(request().withMethod("POST").withPath("/v1/embeddings"))
                .respond(response().withStatusCode(200).withHeader("Content-Type", "application/json").withBody("""
                        {"object":"list","data":[{"object":"embedding","index":0,"embedding":[0.25,-0.5]}],\
                        "model":"text-embedding-3-small","usage":{"prompt_tokens":3,"total_tokens":3}}"""));

        CreateEmbeddingResponse response = client.embeddings().create(params("openai/text-embedding-3-small").input("hello")
                .encodingFormat(EmbeddingCreateParams.EncodingFormat.FLOAT).build());

        assertEquals(List.of(0.25f, -0.5f), response.data().getFirst().embedding());
        assertEquals(3, response.usage().promptTokens());
    }

    @Test
    void gemini_gets_batch_embed_contents_and_the_client_openai_shapes_with_estimated_usage() {
        upstream.when(request().withMethod("POST").withPath("/v1beta/models/gemini-embedding-001:batchEmbedContents"))
                .respond(response().withStatusCode(200).withHeader("Content-Type", "application/json").withBody("""
                        {"embeddings":[{"values":[0.5,-0.25,0.125]},{"values":[1.5,2.5,-3.5]}]}"""));

        HttpResponse<String> raw = gateway.post("/embeddings", """
                {"model":"gemini/gemini-embedding-001","input":["a cat","a dog"],"dimensions":3}""", TestGateway.ACCESS_KEY);

        assertEquals(200, raw.statusCode(), raw.body());
        assertEquals("estimated", raw.headers().firstValue("x-llmbridge-usage-source").orElseThrow());
        Map<String, Object> body = PlainJson.parseObject(raw.body());
        assertEquals("list", body.get("object"));
        assertEquals("gemini-embedding-001", body.get("model"));
        List<?> data = (List<?>) body.get("data");
        assertEquals(Map.of("object", "embedding", "index", 1L, "embedding",
                List.of(new java.math.BigDecimal("1.5"), new java.math.BigDecimal("2.5"), new java.math.BigDecimal("-3.5"))),
                data.get(1));
        assertTrue(((Number) ((Map<?, ?>) body.get("usage")).get("prompt_tokens")).longValue() > 0);
        HttpRequest sent = upstream.retrieveRecordedRequests(request().withPath(
                "/v1beta/models/gemini-embedding-001:batchEmbedContents"))[0];
        Map<String, Object> first = Map.of("model", "models/gemini-embedding-001",
                "content", Map.of("parts", List.of(Map.of("text", "a cat"))), "taskType", "RETRIEVAL_DOCUMENT",
                "outputDimensionality", 3L);
        assertEquals(first, ((List<?>) PlainJson.parseObject(sent.getBodyAsString()).get("requests")).getFirst());
        assertEquals(TestGateway.PROVIDER_KEY, sent.getFirstHeader("x-goog-api-key"));
    }

    @Test
    void the_sdk_reads_gemini_embeddings_as_base64() {
        upstream.when(request().withMethod("POST").withPath("/v1beta/models/gemini-embedding-001:batchEmbedContents"))
                .respond(response().withStatusCode(200).withHeader("Content-Type", "application/json").withBody("""
                        {"embeddings":[{"values":[0.5,-0.25,0.125]}]}"""));

        CreateEmbeddingResponse response = client.embeddings().create(params("gemini/gemini-embedding-001").input("a cat")
                .encodingFormat(EmbeddingCreateParams.EncodingFormat.BASE64).build());

        assertTrue(response.data().getFirst().embeddingValue().isBase64());
        assertEquals(List.of(0.5f, -0.25f, 0.125f), response.data().getFirst().embedding());
    }

    @Test
    void a_chat_model_asked_for_embeddings_and_an_embedding_model_asked_for_a_chat_are_refused() {
        BadRequestException embeddings = assertThrows(BadRequestException.class,
                () -> client.embeddings().create(params("echo/echo-1").input("text").build()));
        assertTrue(embeddings.getMessage().contains("/v1/chat/completions"), embeddings.getMessage());
        assertEquals("model_kind_mismatch", embeddings.code().orElseThrow());

        BadRequestException chat = assertThrows(BadRequestException.class, () -> client.chat().completions().create(
                ChatCompletionCreateParams.builder().model("echo/echo-embed").addUserMessage("hi").build()));
        assertTrue(chat.getMessage().contains("/v1/embeddings"), chat.getMessage());
    }

    @Test
    void gemini_refuses_token_ids_and_oversized_batches_before_calling_upstream() {
        HttpResponse<String> tokens = gateway.post("/embeddings", """
                {"model":"gemini/gemini-embedding-001","input":[1,2,3]}""", TestGateway.ACCESS_KEY);
        String many = "[" + String.join(",", java.util.Collections.nCopies(101, "\"x\"")) + "]";
        HttpResponse<String> batch = gateway.post("/embeddings", """
                {"model":"gemini/gemini-embedding-001","input":%s}""".formatted(many), TestGateway.ACCESS_KEY);

        assertEquals(400, tokens.statusCode());
        assertTrue(tokens.body().contains("text only"), tokens.body());
        assertEquals(400, batch.statusCode());
        assertTrue(batch.body().contains("at most 100"), batch.body());
        assertEquals(0, upstream.retrieveRecordedRequests(request()).length);
    }

    @Test
    void hostile_input_is_answered_with_openai_shaped_400s() {
        for (String body : List.of("""
                {"model":"echo/echo-embed"}""", """
                {"model":"echo/echo-embed","input":42}""", """
                {"model":"echo/echo-embed","input":[]}""", """
                {"model":"echo/echo-embed","input":[["a","b"]]}""", """
                {"model":"echo/echo-embed","input":["a",1]}""", """
                {"model":"echo/echo-embed","input":[1.5]}""", """
                {"model":"echo/echo-embed","input":"x","encoding_format":"hex"}""", """
                {"model":"echo/echo-embed","input":"x","dimensions":-1}""", """
                {"model":"echo/echo-embed","input":"x","dimensions":1000000000}""", """
                ["not an object"]""")) {
            HttpResponse<String> response = gateway.post("/embeddings", body, TestGateway.ACCESS_KEY);
            assertEquals(400, response.statusCode(), body);
            Map<?, ?> error = (Map<?, ?>) PlainJson.parseObject(response.body()).get("error");
            assertEquals("invalid_request_error", error.get("type"), body);
        }
    }

    @Test
    void an_embeddings_request_is_audited_counted_and_accounted_with_its_usage() {
        HttpResponse<String> response = gateway.post("/embeddings", """
                {"model":"echo/echo-embed","input":"three little words"}""", TestGateway.ACCESS_KEY);

        Map<String, Object> event = gateway.auditEvent(TestGateway.requestId(response));
        assertEquals("embeddings", event.get("event.action"));
        assertEquals(3L, ((Number) event.get("llm.usage.prompt_tokens")).longValue(), event.toString());
        String metrics = gateway.getRoot("/observe/metrics").body();
        assertTrue(metrics.contains("model=\"echo-embed\""), metrics);
        String usage = gateway.get("/usage", TestGateway.ACCESS_KEY).body();
        assertTrue(usage.contains("echo-embed"), usage);
    }
}

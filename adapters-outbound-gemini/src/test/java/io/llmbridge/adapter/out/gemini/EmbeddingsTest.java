package io.llmbridge.adapter.out.gemini;

import io.llmbridge.adapter.support.json.PlainJson;
import io.llmbridge.application.port.out.provider.ProviderSettings;
import io.llmbridge.domain.BridgeException;
import io.llmbridge.domain.EmbeddingRequest;
import io.llmbridge.domain.Embeddings;
import io.llmbridge.domain.ErrorKind;
import io.llmbridge.domain.ModelKind;
import io.llmbridge.domain.ModelRef;
import io.llmbridge.domain.ModelRoute;
import io.llmbridge.domain.ParamRules;
import io.llmbridge.domain.Secret;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockserver.integration.ClientAndServer;
import org.mockserver.model.HttpRequest;

import java.time.Clock;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockserver.model.HttpRequest.request;
import static org.mockserver.model.HttpResponse.response;

/** OpenAI's embeddings request as Gemini's {@code batchEmbedContents}, against MockServer playing Gemini. */
class EmbeddingsTest {
    private static final String PATH = "/v1beta/models/gemini-embedding-001:batchEmbedContents";
    private static ClientAndServer gemini;

    @BeforeAll
    static void start() {
        gemini = ClientAndServer.startClientAndServer(0);
    }

    @AfterAll
    static void stop() {
        gemini.stop();
    }

    @BeforeEach
    void reset() {
        gemini.reset();
    }

    private static ModelRoute route(String task) {
        return new ModelRoute(new ModelRef("gemini", "gemini-embedding-001"), "gemini-embedding-001", null,
                Duration.ofSeconds(10), ParamRules.NONE, 0, List.of(), List.of(), ModelKind.EMBEDDING, task);
    }

    private static GeminiChatProvider provider() {
        String base = "http://127.0.0.1:" + gemini.getPort() + "/v1beta";
        return new GeminiChatProvider(new ProviderSettings("gemini", base, new Secret(GeminiMock.KEY), "GEMINI_API_KEY", Map.of()),
                new GeminiEndpoints(base), Clock.systemUTC());
    }

    private static EmbeddingRequest embeddingRequest(String json) {
        return EmbeddingRequest.from(PlainJson.parseObject(json));
    }

    private static void answer(int status, String body) {
        gemini.when(request().withMethod("POST").withPath(PATH))
                .respond(response().withStatusCode(status).withHeader("Content-Type", "application/json").withBody(body));
    }

    @Test
    void each_input_is_one_request_with_the_routes_task_and_the_clients_dimensions() {
        Map<String, Object> translated = EmbeddingTranslator.request(route("SEMANTIC_SIMILARITY"),
                embeddingRequest("{\"model\":\"gemini/gemini-embedding-001\",\"input\":[\"a\",\"b\"],\"dimensions\":768}"));

        assertEquals(Map.of("requests", List.of(
                Map.of("model", "models/gemini-embedding-001", "content", Map.of("parts", List.of(Map.of("text", "a"))),
                        "taskType", "SEMANTIC_SIMILARITY", "outputDimensionality", 768L),
                Map.of("model", "models/gemini-embedding-001", "content", Map.of("parts", List.of(Map.of("text", "b"))),
                        "taskType", "SEMANTIC_SIMILARITY", "outputDimensionality", 768L))), translated);
    }

    @Test
    void without_task_or_dimensions_neither_is_sent() {
        Map<String, Object> translated = EmbeddingTranslator.request(route(null), embeddingRequest("{\"model\":\"m\",\"input\":\"a\"}"));

        assertEquals(Map.of("model", "models/gemini-embedding-001", "content", Map.of("parts", List.of(Map.of("text", "a")))),
                ((List<?>) translated.get("requests")).getFirst());
    }

    @Test
    void the_answer_becomes_one_vector_per_input_in_order_without_usage() {
        answer(200, "{\"embeddings\":[{\"values\":[0.5,-1]},{\"values\":[2,0.25]}]}");

        Embeddings embeddings = provider().embed(route(null), embeddingRequest("{\"model\":\"m\",\"input\":[\"a\",\"b\"]}"),
                Duration.ofSeconds(10));

        assertArrayEquals(new float[]{0.5f, -1f}, embeddings.vectors().get(0));
        assertArrayEquals(new float[]{2f, 0.25f}, embeddings.vectors().get(1));
        assertEquals("gemini-embedding-001", embeddings.model());
        assertNull(embeddings.usage());
        HttpRequest sent = gemini.retrieveRecordedRequests(request().withPath(PATH))[0];
        assertEquals(GeminiMock.KEY, sent.getFirstHeader("x-goog-api-key"));
    }

    @Test
    void fewer_embeddings_than_inputs_is_an_invalid_answer() {
        answer(200, "{\"embeddings\":[{\"values\":[0.5]}]}");

        BridgeException e = assertThrows(BridgeException.class, () -> provider().embed(route(null),
                embeddingRequest("{\"model\":\"m\",\"input\":[\"a\",\"b\"]}"), Duration.ofSeconds(10)));

        assertEquals(ErrorKind.UPSTREAM_ERROR, e.kind());
        assertTrue(e.getMessage().contains("1 embeddings for 2 inputs"), e.getMessage());
    }

    @Test
    void geminis_refusal_keeps_its_status() {
        answer(400, "{\"error\":{\"code\":400,\"message\":\"bad dimensionality\",\"status\":\"INVALID_ARGUMENT\"}}");

        BridgeException e = assertThrows(BridgeException.class, () -> provider().embed(route(null),
                embeddingRequest("{\"model\":\"m\",\"input\":\"a\"}"), Duration.ofSeconds(10)));

        assertEquals(400, e.upstreamStatus());
        assertTrue(e.getMessage().contains("bad dimensionality"), e.getMessage());
    }

    @Test
    void token_ids_and_batches_over_a_hundred_are_refused_before_any_call() {
        String many = "[" + String.join(",", Collections.nCopies(101, "\"x\"")) + "]";

        BridgeException tokens = assertThrows(BridgeException.class, () -> provider().embed(route(null),
                embeddingRequest("{\"model\":\"m\",\"input\":[1,2]}"), Duration.ofSeconds(10)));
        BridgeException batch = assertThrows(BridgeException.class, () -> provider().embed(route(null),
                embeddingRequest("{\"model\":\"m\",\"input\":" + many + "}"), Duration.ofSeconds(10)));

        assertEquals(ErrorKind.INVALID_REQUEST, tokens.kind());
        assertEquals(ErrorKind.INVALID_REQUEST, batch.kind());
        assertEquals(0, gemini.retrieveRecordedRequests(request()).length);
    }
}

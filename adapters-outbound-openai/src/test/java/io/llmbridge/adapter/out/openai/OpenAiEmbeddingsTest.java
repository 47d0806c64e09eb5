package io.llmbridge.adapter.out.openai;

import io.llmbridge.adapter.support.json.PlainJson;
import io.llmbridge.application.port.out.provider.EmbeddingProvider;
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
import io.llmbridge.domain.Usage;
import io.llmbridge.domain.UsageSource;
import io.llmbridge.domain.UpstreamFailure;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockserver.integration.ClientAndServer;
import org.mockserver.model.HttpRequest;

import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.mockserver.model.HttpRequest.request;
import static org.mockserver.model.HttpResponse.response;

/** Embeddings passed through to an OpenAI-shaped upstream, played by MockServer. */
class OpenAiEmbeddingsTest {
    private static final String KEY = "sk-test-provider-key-0000";
    private static final ModelRoute ROUTE = new ModelRoute(new ModelRef("openai", "small"), "text-embedding-3-small", null,
            Duration.ofSeconds(5), ParamRules.NONE, 0, List.of(), List.of(), ModelKind.EMBEDDING, null);
    private static ClientAndServer upstream;

    @BeforeAll
    static void start() {
        upstream = ClientAndServer.startClientAndServer(0);
    }

    @AfterAll
    static void stop() {
        upstream.stop();
    }

    @BeforeEach
    void reset() {
        upstream.reset();
    }

    private static EmbeddingProvider provider(String path) {
        return (EmbeddingProvider) new OpenAiProviderFactory().create(new ProviderSettings("openai",
                "http://127.0.0.1:" + upstream.getPort() + path, new Secret(KEY), "OPENAI_API_KEY", Map.of()));
    }

    private static EmbeddingRequest embeddingRequest(String json) {
        return EmbeddingRequest.from(PlainJson.parseObject(json));
    }

    private static void answer(int status, String body) {
        upstream.when(request().withMethod("POST").withPath("/v1/embeddings"))
                .respond(response().withStatusCode(status).withHeader("Content-Type", "application/json")
                        .withHeader("x-request-id", "req-42").withBody(body));
    }

    @Test
    void the_body_goes_upstream_with_only_the_model_rewritten_and_the_answer_comes_back_unchanged() {
        String answer = "{\"object\":\"list\",\"data\":[{\"object\":\"embedding\",\"index\":0,\"embedding\":\"AACAPw==\"}],"
                + "\"model\":\"text-embedding-3-small\",\"usage\":{\"prompt_tokens\":2,\"total_tokens\":2}}";
        answer(200, answer);

        Embeddings embeddings = provider("/v1").embed(ROUTE, embeddingRequest("""
                {"model":"openai/small","input":"hi there","encoding_format":"base64","dimensions":1,"user":"me"}"""),
                Duration.ofSeconds(5));

        assertEquals(answer, embeddings.json());
        assertEquals(new Usage(2L, null, 2L, null, null, UsageSource.PROVIDER), embeddings.usage());
        assertEquals("req-42", embeddings.upstreamRequestId());
        HttpRequest sent = upstream.retrieveRecordedRequests(request().withPath("/v1/embeddings"))[0];
        Map<String, Object> body = PlainJson.parseObject(sent.getBodyAsString());
        assertEquals(Map.of("model", "text-embedding-3-small", "input", "hi there", "encoding_format", "base64",
                "dimensions", 1L, "user", "me"), body);
        assertEquals(List.of("model", "input", "encoding_format", "dimensions", "user"), List.copyOf(body.keySet()));
        assertEquals("Bearer " + KEY, sent.getFirstHeader("Authorization"));
    }

    @Test
    void a_base_url_written_as_the_chat_completions_url_finds_embeddings_beside_it() {
        answer(200, "{\"object\":\"list\",\"data\":[],\"model\":\"m\"}");

        Embeddings embeddings = provider("/v1/chat/completions").embed(ROUTE, embeddingRequest("{\"model\":\"m\",\"input\":[1,2]}"),
                Duration.ofSeconds(5));

        assertNull(embeddings.usage());
    }

    @Test
    void a_refused_key_is_reported_as_such_for_rotation() {
        answer(401, "{\"error\":{\"message\":\"Incorrect API key\",\"type\":\"invalid_request_error\"}}");

        BridgeException e = assertThrows(BridgeException.class,
                () -> provider("/v1").embed(ROUTE, embeddingRequest("{\"model\":\"m\",\"input\":\"a\"}"), Duration.ofSeconds(5)));

        assertEquals(UpstreamFailure.KEY_REJECTED, e.upstreamFailure());
    }

    @Test
    void more_than_openais_2048_inputs_are_refused_before_any_call() {
        String many = "[" + String.join(",", Collections.nCopies(2049, "\"x\"")) + "]";

        BridgeException e = assertThrows(BridgeException.class,
                () -> provider("/v1").embed(ROUTE, embeddingRequest("{\"model\":\"m\",\"input\":" + many + "}"), Duration.ofSeconds(5)));

        assertEquals(ErrorKind.INVALID_REQUEST, e.kind());
        assertEquals(0, upstream.retrieveRecordedRequests(request()).length);
    }
}

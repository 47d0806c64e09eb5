package io.llmbridge.adapter.out.gemini;

import io.llmbridge.adapter.support.json.PlainJson;
import io.llmbridge.application.port.out.provider.ProviderSettings;
import io.llmbridge.domain.ModelRef;
import io.llmbridge.domain.ModelRoute;
import io.llmbridge.domain.ParamRules;
import io.llmbridge.domain.Secret;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.mockserver.integration.ClientAndServer;
import org.mockserver.model.HttpRequest;
import org.mockserver.model.HttpResponse;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mockserver.model.HttpRequest.request;
import static org.mockserver.model.HttpResponse.response;

/**
 * MockServer playing Gemini's REST API, and a provider pointed at it. Register it as a static
 * extension: one server a test class, forgetting its expectations before each test.
 */
final class GeminiMock implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback {
    static final String MODEL = "gemini-2.5-flash";
    static final String KEY = "test-gemini-key-7f3a";
    /** 2026-01-01T00:00:00Z: every translated answer is "created" then. */
    static final long CREATED = 1767225600L;

    private ClientAndServer server;

    @Override
    public void beforeAll(ExtensionContext context) {
        server = ClientAndServer.startClientAndServer(0);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        server.reset();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        server.stop();
    }

    String baseUrl() {
        return "http://localhost:" + server.getPort() + "/v1beta";
    }

    GeminiChatProvider provider() {
        return provider(new Secret(KEY));
    }

    GeminiChatProvider provider(Secret key) {
        ProviderSettings settings = new ProviderSettings("gemini", baseUrl(), key, "GEMINI_API_KEY", Map.of());
        return new GeminiChatProvider(settings, new GeminiEndpoints(baseUrl()),
                Clock.fixed(Instant.ofEpochSecond(CREATED), ZoneOffset.UTC));
    }

    static ModelRoute route(Duration timeout) {
        return new ModelRoute(new ModelRef("gemini", MODEL), MODEL, null, timeout, ParamRules.NONE);
    }

    static ModelRoute route() {
        return route(Duration.ofSeconds(10));
    }

    void answer(String fixture) {
        answer(200, fixture);
    }

    void answer(int status, String fixture) {
        answerJson(status, Fixtures.text(fixture));
    }

    void answerJson(int status, String body) {
        server.when(generate()).respond(json(status, body));
    }

    void answerRaw(int status, String contentType, String body) {
        server.when(generate()).respond(response().withStatusCode(status).withHeader("Content-Type", contentType).withBody(body));
    }

    void answerSlowly(Duration delay) {
        server.when(generate()).respond(json(200, Fixtures.text("plain-text/gemini-response.json"))
                .withDelay(TimeUnit.MILLISECONDS, delay.toMillis()));
    }

    void stream(String fixture) {
        stream(200, fixture, "text/event-stream");
    }

    void stream(int status, String fixture, String contentType) {
        streamText(status, Fixtures.text(fixture), contentType);
    }

    void streamText(int status, String body, String contentType) {
        server.when(streamGenerate()).respond(response().withStatusCode(status)
                .withHeader("Content-Type", contentType).withBody(body));
    }

    void streamSlowly(Duration delay) {
        server.when(streamGenerate()).respond(response().withStatusCode(200).withHeader("Content-Type", "text/event-stream")
                .withBody(Fixtures.text("stream-text-and-tools/gemini-stream.sse")).withDelay(TimeUnit.MILLISECONDS, delay.toMillis()));
    }

    /** The one request Gemini received, as parsed JSON. */
    HttpRequest received() {
        HttpRequest[] requests = server.retrieveRecordedRequests(request());
        assertEquals(1, requests.length, "requests Gemini received");
        return requests[0];
    }

    Map<String, Object> receivedBody() {
        return PlainJson.parseObject(received().getBodyAsString());
    }

    int requestCount() {
        return server.retrieveRecordedRequests(request()).length;
    }

    /** The model whose method Gemini was last asked for, from the path. */
    String lastModel() {
        HttpRequest[] requests = server.retrieveRecordedRequests(request());
        String path = requests[requests.length - 1].getPath().getValue();
        return path.substring("/v1beta/models/".length(), path.indexOf(':'));
    }

    // Any model: tests that care which one was called check the recorded path.
    private static HttpRequest generate() {
        return request().withMethod("POST").withPath("/v1beta/models/[^/:]+:generateContent");
    }

    private static HttpRequest streamGenerate() {
        return request().withMethod("POST").withPath("/v1beta/models/[^/:]+:streamGenerateContent")
                .withQueryStringParameter("alt", "sse");
    }

    private static HttpResponse json(int status, String body) {
        return response().withStatusCode(status).withHeader("Content-Type", "application/json; charset=UTF-8").withBody(body);
    }
}

package io.llmbridge.adapter.out.anthropic;

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

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.mockserver.model.HttpRequest.request;
import static org.mockserver.model.HttpResponse.response;

/** MockServer playing Anthropic's Messages API byte for byte, and a provider pointed at it. */
final class AnthropicMock implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback {
    static final String MODEL = "claude-sonnet-4-5";
    static final String KEY = "sk-ant-test-key-5b1e";
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

    AnthropicChatProvider provider() {
        return provider(Map.of());
    }

    AnthropicChatProvider provider(Map<String, Object> options) {
        String baseUrl = "http://localhost:" + server.getPort();
        ProviderSettings settings = new ProviderSettings("anthropic", baseUrl, new Secret(KEY), "ANTHROPIC_API_KEY", options);
        return new AnthropicChatProvider(settings, AnthropicProviderFactory.messages(baseUrl),
                Clock.fixed(Instant.ofEpochSecond(CREATED), ZoneOffset.UTC));
    }

    static ModelRoute route(Duration timeout) {
        return new ModelRoute(new ModelRef("anthropic", MODEL), MODEL, null, timeout, ParamRules.NONE);
    }

    static ModelRoute route() {
        return route(Duration.ofSeconds(10));
    }

    /** Every call to the Messages API is answered so. */
    void answer(int status, String body, String contentType, Map<String, String> headers) {
        HttpResponse answer = response().withStatusCode(status).withHeader("Content-Type", contentType)
                .withHeader("request-id", "req_fixture").withBody(body);
        headers.forEach(answer::withHeader);
        server.when(messages()).respond(answer);
    }

    /** A streamed call gets {@code events}, a whole one {@code message}. */
    void answerByStreamField(String message, String events) {
        server.when(messages().withBody(org.mockserver.model.JsonBody.json("{\"stream\": true}")))
                .respond(response().withStatusCode(200).withHeader("Content-Type", "text/event-stream").withBody(events));
        server.when(messages()).respond(response().withStatusCode(200).withHeader("Content-Type", "application/json")
                .withBody(message));
    }

    void answerFixture(int status, String fixture) {
        answer(status, fixture(fixture), fixture.endsWith(".sse") ? "text/event-stream" : "application/json", Map.of());
    }

    void answerSlowly(Duration delay) {
        server.when(messages()).respond(response().withStatusCode(200).withBody("{}").withDelay(TimeUnit.MILLISECONDS, delay.toMillis()));
    }

    /** The body of the last call, as sent. */
    String lastBody() {
        HttpRequest[] recorded = server.retrieveRecordedRequests(messages());
        return recorded.length == 0 ? null : recorded[recorded.length - 1].getBodyAsString();
    }

    HttpRequest lastRequest() {
        HttpRequest[] recorded = server.retrieveRecordedRequests(messages());
        return recorded.length == 0 ? null : recorded[recorded.length - 1];
    }

    static String fixture(String name) {
        try (InputStream in = AnthropicMock.class.getResourceAsStream("/anthropic/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static HttpRequest messages() {
        return request().withMethod("POST").withPath("/v1/messages");
    }
}

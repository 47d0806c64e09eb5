package io.llmbridge.adapter.in.anthropic;

import io.helidon.webserver.WebServer;
import io.llmbridge.adapter.support.inbound.LargeBodies;
import io.llmbridge.adapter.support.inbound.RequestBodies;
import io.llmbridge.application.port.in.ChatAdmission;
import io.llmbridge.application.port.in.ChatCommand;
import io.llmbridge.application.port.in.ChatCompletionUseCase;
import io.llmbridge.domain.BridgeException;
import io.llmbridge.domain.Caller;
import io.llmbridge.domain.ChatResponse;
import io.llmbridge.domain.ChatStream;
import io.llmbridge.domain.RequestContext;
import io.llmbridge.domain.TrustedProxies;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Messages surface holds large bodies to the same heap budget as the OpenAI surface. */
class LargeMessagesTest {
    private static final int LARGE_BODY = 600;
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    private final CountDownLatch inFlight = new CountDownLatch(1);
    private final CountDownLatch answer = new CountDownLatch(1);
    private WebServer server;

    @AfterEach
    void stop() {
        answer.countDown();
        if (server != null) {
            server.stop();
        }
    }

    private final ChatCompletionUseCase chat = new ChatCompletionUseCase() {
        @Override
        public ChatResponse complete(ChatCommand command) {
            inFlight.countDown();
            try {
                answer.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return new ChatResponse("{\"id\":\"x\",\"object\":\"chat.completion\",\"choices\":[]}", null, "stop", null);
        }

        @Override
        public ChatStream stream(ChatCommand command) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void refused(Caller caller, RequestContext context, BridgeException error) {
        }
    };

    private CompletableFuture<HttpResponse<String>> postAsync(String body) {
        return CLIENT.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/v1/messages"))
                .header("x-api-key", "key-1").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String body) throws Exception {
        return postAsync(body).get(30, TimeUnit.SECONDS);
    }

    @Test
    void a_large_body_with_no_room_left_is_a_503_to_retry_in_anthropics_shape() throws Exception {
        AnthropicMessagesApi api = new AnthropicMessagesApi((key, context) -> new Caller("team", Caller.Role.USER), chat,
                null, new RequestBodies(4096, Duration.ofSeconds(10), new LargeBodies(LARGE_BODY, 1024, Duration.ZERO)),
                TrustedProxies.NONE, ChatAdmission.ALWAYS, null);
        server = WebServer.builder().port(0).host("127.0.0.1").routing(r -> r.register("/v1", api)).build().start();
        String large = "{\"model\":\"p/m\",\"max_tokens\":5,\"messages\":[{\"role\":\"user\",\"content\":\""
                + "x".repeat(LARGE_BODY) + "\"}]}";
        CompletableFuture<HttpResponse<String>> first = postAsync(large);
        assertTrue(inFlight.await(30, TimeUnit.SECONDS), "the first large body is being answered");

        HttpResponse<String> second = post(large);
        assertEquals(503, second.statusCode(), second.body());
        assertEquals("1", second.headers().firstValue("retry-after").orElse(null));
        assertTrue(second.body().startsWith("{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\""), second.body());

        answer.countDown();
        assertEquals(200, first.get(30, TimeUnit.SECONDS).statusCode());
        assertEquals(200, post("{\"model\":\"p/m\",\"max_tokens\":5,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")
                .statusCode(), "small bodies never wait");
    }
}

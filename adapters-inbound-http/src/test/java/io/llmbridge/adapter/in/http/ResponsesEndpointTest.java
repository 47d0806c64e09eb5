package io.llmbridge.adapter.in.http;

import io.helidon.webserver.WebServer;
import io.llmbridge.adapter.support.json.PlainJson;
import io.llmbridge.application.port.in.ChatCommand;
import io.llmbridge.application.port.in.ChatCompletionUseCase;
import io.llmbridge.domain.BridgeException;
import io.llmbridge.domain.Caller;
import io.llmbridge.domain.ChatChunk;
import io.llmbridge.domain.ChatResponse;
import io.llmbridge.domain.ChatStream;
import io.llmbridge.domain.ErrorKind;
import io.llmbridge.domain.RequestContext;
import io.llmbridge.domain.TrustedProxies;
import io.llmbridge.adapter.support.inbound.LargeBodies;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code /v1/responses} on a real server, with a fake chat use case behind it. */
class ResponsesEndpointTest {
    private static final String KEY = "access-key-1";
    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    private static final List<BridgeException> REFUSALS = new CopyOnWriteArrayList<>();
    private static final List<ChatCommand> COMMANDS = new CopyOnWriteArrayList<>();
    private static volatile List<ChatChunk> chunks;
    private static volatile BridgeException failure;
    private static WebServer server;

    @BeforeAll
    static void start() {
        ChatCompletionUseCase chat = new ChatCompletionUseCase() {
            @Override
            public ChatResponse complete(ChatCommand command) {
                COMMANDS.add(command);
                return new ChatResponse("{\"choices\":[{\"message\":{\"content\":\"Hi there\"},\"finish_reason\":\"stop\"}]}",
                        null, "stop", null);
            }

            @Override
            public ChatStream stream(ChatCommand command) {
                COMMANDS.add(command);
                Iterator<ChatChunk> each = chunks.iterator();
                return new ChatStream() {
                    @Override
                    public Optional<ChatChunk> next() {
                        if (each.hasNext()) {
                            return Optional.of(each.next());
                        }
                        if (failure != null) {
                            throw failure;
                        }
                        return Optional.empty();
                    }

                    @Override
                    public void close() {
                    }
                };
            }

            @Override
            public void refused(Caller caller, RequestContext context, BridgeException error) {
                REFUSALS.add(error);
            }
        };
        OpenAiHttpApi api = new OpenAiHttpApi((key, context) -> {
            if (!KEY.equals(key)) {
                throw BridgeException.of(ErrorKind.UNAUTHENTICATED, "bad key").code("invalid_api_key").build();
            }
            return new Caller("team", Caller.Role.USER);
        }, chat, null, null, 4096, TrustedProxies.NONE, new LargeBodies(2048, 4096, Duration.ZERO));
        server = WebServer.builder().port(0).host("127.0.0.1").routing(r -> r.register("/v1", api)).build().start();
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    @BeforeEach
    void reset() {
        REFUSALS.clear();
        COMMANDS.clear();
        chunks = List.of(new ChatChunk("{}", "Hi", null, null));
        failure = null;
    }

    private static HttpResponse<String> send(String method, String path, String body, String key) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/v1" + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Map<?, ?> error(HttpResponse<String> response, int status) {
        assertEquals(status, response.statusCode(), response.body());
        return (Map<?, ?>) PlainJson.parseObject(response.body()).get("error");
    }

    @Test
    void a_whole_answer_is_a_response_object_and_the_chat_use_case_got_a_chat_request() throws Exception {
        HttpResponse<String> response = send("POST", "/responses", "{\"model\":\"p/m\",\"input\":\"Hi\"}", KEY);
        assertEquals(200, response.statusCode(), response.body());
        Map<String, Object> json = PlainJson.parseObject(response.body());
        assertEquals("response", json.get("object"));
        String requestId = response.headers().firstValue("x-llmbridge-request-id").orElseThrow();
        assertEquals("resp_" + requestId.substring(4), json.get("id"), "the response id leads to the audit's request id");
        assertEquals(RequestContext.CHAT_COMPLETION, COMMANDS.getFirst().context().action());
        assertEquals("Hi", COMMANDS.getFirst().request().messages().getFirst().text());
    }

    @Test
    void a_stream_that_breaks_ends_with_response_failed_not_a_silent_cut() throws Exception {
        failure = BridgeException.of(ErrorKind.UPSTREAM_ERROR, "Provider 'p' broke off.").build();
        HttpResponse<String> response = send("POST", "/responses", "{\"model\":\"p/m\",\"input\":\"Hi\",\"stream\":true}", KEY);
        assertEquals(200, response.statusCode());
        assertTrue(response.headers().firstValue("Content-Type").orElseThrow().startsWith("text/event-stream"));
        List<String> blocks = List.of(response.body().split("\n\n"));
        assertTrue(blocks.getFirst().startsWith("event: response.created\ndata: {\"type\":\"response.created\",\"sequence_number\":0,"),
                blocks.getFirst());
        assertTrue(blocks.getLast().startsWith("event: response.failed\n"), blocks.getLast());
        assertTrue(blocks.getLast().contains("broke off"), blocks.getLast());
    }

    @Test
    void a_stream_that_fails_before_its_first_chunk_gets_a_real_status() throws Exception {
        chunks = List.of();
        failure = BridgeException.of(ErrorKind.RATE_LIMITED, "Slow down.").retryAfter("2").build();
        HttpResponse<String> response = send("POST", "/responses", "{\"model\":\"p/m\",\"input\":\"Hi\",\"stream\":true}", KEY);
        assertEquals("Slow down.", error(response, 429).get("message"));
    }

    @Test
    void hostile_and_mistaken_bodies_are_400s_in_openai_shape_and_recorded_as_refusals() throws Exception {
        String deep = "{\"model\":\"p/m\",\"input\":" + "[".repeat(1500) + "]".repeat(1500) + "}";
        for (String body : List.of("not json", "[]", "{\"model\":\"p/m\"}", "{\"model\":\"p/m\",\"input\":[{\"type\":\"mystery\"}]}",
                "{\"model\":\"p/m\",\"input\":\"Hi\",\"previous_response_id\":\"resp_x\"}", deep.substring(0, 3000))) {
            Map<?, ?> error = error(send("POST", "/responses", body, KEY), 400);
            assertEquals("invalid_request_error", error.get("type"));
        }
        assertEquals(6, REFUSALS.size());
        assertEquals(0, COMMANDS.size(), "none reached the chat use case");
        error(send("POST", "/responses", "{\"input\":\"" + "x".repeat(5000) + "\"}", KEY), 413);
    }

    @Test
    void stored_responses_cannot_be_read_back_and_strangers_get_401_first() throws Exception {
        assertTrue(((String) error(send("GET", "/responses/resp_1", null, KEY), 400).get("message")).contains("does not keep responses"));
        error(send("DELETE", "/responses/resp_1", null, KEY), 400);
        error(send("GET", "/responses/resp_1", null, "wrong"), 401);
        error(send("POST", "/responses", "{\"model\":\"p/m\",\"input\":\"Hi\"}", "wrong"), 401);
        error(send("PUT", "/responses", "{}", KEY), 405);
    }
}

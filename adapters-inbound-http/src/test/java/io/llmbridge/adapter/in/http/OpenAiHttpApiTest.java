package io.llmbridge.adapter.in.http;

import io.helidon.webserver.WebServer;
import io.llmbridge.adapter.support.json.PlainJson;
import io.llmbridge.application.port.in.ChatCommand;
import io.llmbridge.application.port.in.ChatCompletionUseCase;
import io.llmbridge.application.port.in.ListModelsUseCase;
import io.llmbridge.domain.BridgeException;
import io.llmbridge.domain.Caller;
import io.llmbridge.domain.ChatChunk;
import io.llmbridge.domain.ChatResponse;
import io.llmbridge.domain.ChatStream;
import io.llmbridge.domain.ErrorKind;
import io.llmbridge.domain.ModelCard;
import io.llmbridge.domain.ModelRef;
import io.llmbridge.domain.RequestContext;
import io.llmbridge.domain.UsageTotals;
import io.llmbridge.application.port.in.UsageReport;
import io.llmbridge.domain.TrustedProxies;
import java.time.Duration;
import java.time.Instant;
import io.llmbridge.domain.Usage;
import io.llmbridge.domain.UsageSource;
import io.llmbridge.adapter.support.inbound.LargeBodies;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The HTTP adapter on a real server, with fake use cases behind it. */
class OpenAiHttpApiTest {
    private static final String KEY = "access-key-1";
    private static final String CHAT = "{\"model\":\"p/m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    private static final String STREAM_CHAT = "{\"model\":\"p/m\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    private static final FakeChat CHAT_USE_CASE = new FakeChat();
    /** Bodies from this size on are large; one of them takes the whole budget. */
    private static final int LARGE_BODY = 600;
    private static WebServer server;

    @BeforeAll
    static void start() {
        ListModelsUseCase models = new ListModelsUseCase() {
            @Override
            public List<ModelCard> list(Caller caller, RequestContext context) {
                return List.of(new ModelCard("p/m", "p", 1700000000L), new ModelCard("or/meta/llama", "or", 1700000000L));
            }

            @Override
            public ModelCard get(Caller caller, String id, RequestContext context) {
                return list(caller, context).stream().filter(card -> card.id().equals(id)).findFirst()
                        .orElseThrow(() -> BridgeException.modelNotFound(id));
            }
        };
        OpenAiHttpApi api = new OpenAiHttpApi((key, context) -> {
            if (key == null) {
                throw BridgeException.of(ErrorKind.UNAUTHENTICATED, "no key").code("missing_api_key").build();
            }
            if (!KEY.equals(key)) {
                throw BridgeException.of(ErrorKind.UNAUTHENTICATED, "bad key").code("invalid_api_key").build();
            }
            return new Caller("team", Caller.Role.USER);
        }, CHAT_USE_CASE, models, (caller, filter, context) -> {
            UsageTotals totals = new UsageTotals(3, 1, 0, 30, 12, 42, 0, 5, 2, 1, 9);
            return new UsageReport(Instant.parse("2026-01-02T03:04:05Z"), false, "USD", List.of(new UsageReport.KeyUsage(caller.name(),
                    totals, new java.math.BigDecimal("0.001500"),
                    List.of(new UsageReport.ModelUsage(new ModelRef("p", "m"), totals, new java.math.BigDecimal("0.001500"))))), null);
        }, 1024, TrustedProxies.NONE, new LargeBodies(LARGE_BODY, 1024, Duration.ZERO));
        server = WebServer.builder().port(0).host("127.0.0.1").routing(r -> r.register("/v1", api)).build().start();
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    @BeforeEach
    void reset() {
        CHAT_USE_CASE.complete = command -> new ChatResponse("{\"id\":\"x\",\"object\":\"chat.completion\"}", null, "stop", null);
        CHAT_USE_CASE.stream = command -> FakeStream.of(List.of(chunk("a"), chunk("b")), null);
        CHAT_USE_CASE.refusals.clear();
    }

    private static ChatChunk chunk(String content) {
        return new ChatChunk("{\"choices\":[{\"delta\":{\"content\":\"" + content + "\"}}]}", content, null, null);
    }

    private static HttpResponse<String> send(String method, String path, String body, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(String body) throws Exception {
        return send("POST", "/v1/chat/completions", body, "Bearer " + KEY);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> error(HttpResponse<String> response, int status) {
        assertEquals(status, response.statusCode(), response.body());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        Map<String, Object> error = (Map<String, Object>) PlainJson.parseObject(response.body()).get("error");
        assertEquals(List.of("message", "type", "param", "code"), List.copyOf(error.keySet()));
        return error;
    }

    @Test
    void a_non_streamed_answer_is_the_use_cases_json() throws Exception {
        HttpResponse<String> response = post(CHAT);
        assertEquals(200, response.statusCode());
        assertEquals("{\"id\":\"x\",\"object\":\"chat.completion\"}", response.body());
        assertEquals("application/json", response.headers().firstValue("Content-Type").orElseThrow());
        assertTrue(response.headers().firstValue("x-llmbridge-request-id").orElseThrow().matches("req_[0-9a-f]{24}"));
    }

    @Test
    void the_model_that_answered_is_named_in_a_header_streamed_or_not() throws Exception {
        assertTrue(post(CHAT).headers().firstValue("x-llmbridge-model").isEmpty(), "none when the use case names none");

        CHAT_USE_CASE.complete = command -> new ChatResponse("{}", null, "stop", null).withAnsweredBy("fallback/m");
        assertEquals("fallback/m", post(CHAT).headers().firstValue("x-llmbridge-model").orElseThrow());

        FakeStream chunks = FakeStream.of(List.of(chunk("a")), null);
        CHAT_USE_CASE.stream = command -> new ChatStream() {
            @Override
            public Optional<ChatChunk> next() {
                return chunks.next();
            }

            @Override
            public String answeredBy() {
                return "east/gpt-4o";
            }

            @Override
            public void close() {
            }
        };
        HttpResponse<String> streamed = post(STREAM_CHAT);
        assertEquals(200, streamed.statusCode());
        assertEquals("east/gpt-4o", streamed.headers().firstValue("x-llmbridge-model").orElseThrow());
    }

    @Test
    void an_estimated_usage_is_written_into_the_answer_and_marked_in_a_header() throws Exception {
        CHAT_USE_CASE.complete = command -> new ChatResponse("{\"id\":\"x\",\"object\":\"chat.completion\",\"choices\":[]}",
                new Usage(12L, 5L, 17L, 2L, null, UsageSource.ESTIMATED), "stop", null);
        HttpResponse<String> response = post(CHAT);
        assertEquals("{\"id\":\"x\",\"object\":\"chat.completion\",\"choices\":[],\"usage\":{\"prompt_tokens\":12,"
                + "\"completion_tokens\":5,\"total_tokens\":17,\"completion_tokens_details\":{\"reasoning_tokens\":2}}}", response.body());
        assertEquals("estimated", response.headers().firstValue("x-llmbridge-usage-source").orElseThrow());
    }

    @Test
    void a_reported_usage_leaves_the_answer_untouched_and_unmarked() throws Exception {
        String json = "{\"id\":\"x\",\"usage\":{\"prompt_tokens\":1,\"completion_tokens\":0,\"total_tokens\":1}}";
        CHAT_USE_CASE.complete = command -> new ChatResponse(json, new Usage(1L, 0L, 1L, null, null, UsageSource.PROVIDER), "stop", null);
        HttpResponse<String> response = post(CHAT);
        assertEquals(json, response.body());
        assertTrue(response.headers().firstValue("x-llmbridge-usage-source").isEmpty());
    }

    @Test
    void usage_is_reported_for_the_authenticated_caller_in_the_documented_shape() throws Exception {
        HttpResponse<String> response = send("GET", "/v1/usage", null, "Bearer " + KEY);
        assertEquals(200, response.statusCode());
        String totals = "{\"requests\":3,\"errors\":1,\"cancelled\":0,\"prompt_tokens\":30,\"completion_tokens\":12,"
                + "\"total_tokens\":42,\"reasoning_tokens\":0,\"cached_tokens\":5,\"reported_requests\":2,"
                + "\"estimated_requests\":1,\"estimated_tokens\":9,\"cost\":0.0015}";
        assertEquals("{\"object\":\"usage\",\"since\":\"2026-01-02T03:04:05Z\",\"scope\":\"own\",\"currency\":\"USD\",\"keys\":[{\"key_name\":\"team\","
                + "\"totals\":" + totals + ",\"models\":[{\"model\":\"p/m\",\"provider\":\"p\",\"totals\":" + totals + "}]}]}",
                response.body());
        assertTrue(response.headers().firstValue("x-llmbridge-request-id").isPresent());
    }

    @Test
    void usage_needs_a_key_and_is_read_only() throws Exception {
        assertEquals("missing_api_key", error(send("GET", "/v1/usage", null, null), 401).get("code"));
        assertEquals("method_not_allowed", error(send("POST", "/v1/usage", "{}", "Bearer " + KEY), 405).get("code"));
    }

    @Test
    void the_bearer_scheme_is_case_insensitive() throws Exception {
        assertEquals(200, send("POST", "/v1/chat/completions", CHAT, "bearer " + KEY).statusCode());
        assertEquals(200, send("POST", "/v1/chat/completions", CHAT, "BEARER  " + KEY).statusCode());
    }

    @Test
    void the_key_is_checked_before_the_body_is_read() throws Exception {
        assertEquals("missing_api_key", error(send("POST", "/v1/chat/completions", "{not json", null), 401).get("code"));
        assertEquals("invalid_api_key", error(send("POST", "/v1/chat/completions", "{not json", "Bearer nope"), 401).get("code"));
        assertEquals("missing_api_key", error(send("POST", "/v1/chat/completions", CHAT, "Basic " + KEY), 401).get("code"));
        assertEquals("missing_api_key", error(send("GET", "/v1/models", null, null), 401).get("code"));
    }

    @Test
    void malformed_requests_are_400_naming_what_is_wrong() throws Exception {
        assertEquals("invalid_request_error", error(post("{\"model\":"), 400).get("type"));
        assertTrue(((String) error(post("[1,2]"), 400).get("message")).contains("JSON object"));
        assertEquals("model", error(post("{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"), 400).get("param"));
        assertEquals("messages", error(post("{\"model\":\"p/m\"}"), 400).get("param"));
        assertEquals("stream", error(post("{\"model\":\"p/m\",\"stream\":1,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"), 400).get("param"));
        assertEquals(List.of(ErrorKind.INVALID_REQUEST, ErrorKind.INVALID_REQUEST, ErrorKind.INVALID_REQUEST, ErrorKind.INVALID_REQUEST,
                ErrorKind.INVALID_REQUEST), CHAT_USE_CASE.refusals.stream().map(BridgeException::kind).toList(), "each refusal recorded");
    }

    @Test
    void a_body_over_the_limit_is_413() throws Exception {
        String big = "{\"model\":\"p/m\",\"messages\":[{\"role\":\"user\",\"content\":\"" + "x".repeat(2000) + "\"}]}";
        assertEquals("invalid_request_error", error(post(big), 413).get("type"));
        assertEquals(List.of(ErrorKind.PAYLOAD_TOO_LARGE), CHAT_USE_CASE.refusals.stream().map(BridgeException::kind).toList());
    }

    @Test
    void unsupported_methods_are_405_and_unknown_paths_404() throws Exception {
        assertEquals("method_not_allowed", error(send("GET", "/v1/chat/completions", null, "Bearer " + KEY), 405).get("code"));
        assertEquals("method_not_allowed", error(send("DELETE", "/v1/models/p/m", null, "Bearer " + KEY), 405).get("code"));
        assertEquals("unknown_url", error(send("GET", "/v1/embeddingz", null, "Bearer " + KEY), 404).get("code"));
    }

    @Test
    void each_error_kind_has_its_status() throws Exception {
        Map<BridgeException, Integer> expected = Map.of(
                BridgeException.of(ErrorKind.INVALID_REQUEST, "bad").upstreamStatus(422).build(), 422,
                BridgeException.of(ErrorKind.INVALID_REQUEST, "bad").upstreamStatus(500).build(), 400,
                BridgeException.modelNotFound("p/x"), 404,
                BridgeException.of(ErrorKind.UPSTREAM_ERROR, "down").build(), 502,
                BridgeException.of(ErrorKind.UPSTREAM_TIMEOUT, "slow").build(), 504,
                BridgeException.of(ErrorKind.UNAVAILABLE, "no key").code("provider_not_configured").build(), 503,
                BridgeException.of(ErrorKind.PERMISSION_DENIED, "no").build(), 403);
        for (var entry : expected.entrySet()) {
            CHAT_USE_CASE.complete = command -> {
                throw entry.getKey();
            };
            Map<String, Object> error = error(post(CHAT), entry.getValue());
            assertEquals(entry.getKey().getMessage(), error.get("message"));
        }
    }

    @Test
    void a_rate_limit_passes_its_retry_after_on() throws Exception {
        CHAT_USE_CASE.complete = command -> {
            throw BridgeException.of(ErrorKind.RATE_LIMITED, "slow down").retryAfter("30").build();
        };
        HttpResponse<String> response = post(CHAT);
        assertEquals("rate_limit_error", error(response, 429).get("type"));
        assertEquals("30", response.headers().firstValue("Retry-After").orElseThrow());
    }

    @Test
    void an_unexpected_failure_is_a_500_json_without_a_stack_trace() throws Exception {
        CHAT_USE_CASE.complete = command -> {
            throw new IllegalStateException("boom at io.llmbridge.Secret");
        };
        HttpResponse<String> response = post(CHAT);
        assertEquals("server_error", error(response, 500).get("type"));
        assertFalse(response.body().contains("boom"));
        assertFalse(response.body().contains("at io."));
    }

    @Test
    void a_stack_overflow_in_a_request_is_a_500_json_and_the_next_request_is_served() throws Exception {
        CHAT_USE_CASE.complete = command -> {
            throw new StackOverflowError();
        };
        HttpResponse<String> response = post(CHAT);
        assertEquals("server_error", error(response, 500).get("type"));

        CHAT_USE_CASE.complete = command -> new ChatResponse("{\"ok\":true}", null, "stop", null);
        assertEquals(200, post(CHAT).statusCode());
    }

    @Test
    void running_out_of_heap_is_a_503_json_to_retry_and_the_next_request_is_served() throws Exception {
        CHAT_USE_CASE.complete = command -> {
            throw new OutOfMemoryError("Java heap space");
        };
        HttpResponse<String> response = post(CHAT);
        Map<String, Object> error = error(response, 503);
        assertEquals("service_unavailable_error", error.get("type"));
        assertEquals("gateway_out_of_memory", error.get("code"));
        assertEquals("1", response.headers().firstValue("Retry-After").orElseThrow());

        CHAT_USE_CASE.complete = command -> new ChatResponse("{\"ok\":true}", null, "stop", null);
        assertEquals(200, post(CHAT).statusCode());
    }

    @Test
    void a_large_body_with_no_room_left_is_a_503_to_retry_and_small_ones_still_pass() throws Exception {
        String large = "{\"model\":\"p/m\",\"messages\":[{\"role\":\"user\",\"content\":\"" + "x".repeat(LARGE_BODY) + "\"}]}";
        CountDownLatch inFlight = new CountDownLatch(1);
        CountDownLatch answer = new CountDownLatch(1);
        CHAT_USE_CASE.complete = command -> {
            inFlight.countDown();
            try {
                answer.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return new ChatResponse("{\"ok\":true}", null, "stop", null);
        };
        CompletableFuture<HttpResponse<String>> first = CompletableFuture.supplyAsync(() -> {
            try {
                return post(large);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        assertTrue(inFlight.await(30, TimeUnit.SECONDS), "the first large body is being answered");

        String overTheLimit = "{\"model\":\"p/m\",\"messages\":[{\"role\":\"user\",\"content\":\"" + "x".repeat(2000) + "\"}]}";
        assertEquals("request_too_large", error(post(overTheLimit), 413).get("code"), "refused at once, not queued for room");
        CHAT_USE_CASE.refusals.clear();

        HttpResponse<String> second = post(large);
        Map<String, Object> error = error(second, 503);
        assertEquals("gateway_busy", error.get("code"));
        assertEquals("1", second.headers().firstValue("Retry-After").orElseThrow());
        assertEquals(List.of(ErrorKind.UNAVAILABLE), CHAT_USE_CASE.refusals.stream().map(BridgeException::kind).toList(), "recorded");
        answer.countDown(); // small bodies never wait, and the large one's room comes back when it is answered
        assertEquals(200, post(CHAT).statusCode());
        assertEquals(200, first.get(30, TimeUnit.SECONDS).statusCode());
        assertEquals(200, post(large).statusCode());
    }

    @Test
    void streams_chunks_as_server_sent_events_ending_with_one_done() throws Exception {
        HttpResponse<String> response = post(STREAM_CHAT);
        assertEquals(200, response.statusCode());
        assertTrue(response.headers().firstValue("Content-Type").orElseThrow().startsWith("text/event-stream"));
        assertEquals("data: " + chunk("a").json() + "\n\ndata: " + chunk("b").json() + "\n\ndata: [DONE]\n\n", response.body());
    }

    @Test
    void a_stream_failing_before_its_first_chunk_gets_a_real_status() throws Exception {
        CHAT_USE_CASE.stream = command -> FakeStream.of(List.of(), BridgeException.of(ErrorKind.UPSTREAM_TIMEOUT, "slow").build());
        error(post(STREAM_CHAT), 504);
    }

    @Test
    void a_stream_failing_after_its_first_chunk_ends_with_an_error_event_and_no_done() throws Exception {
        CHAT_USE_CASE.stream = command -> FakeStream.of(List.of(chunk("a")),
                BridgeException.of(ErrorKind.UPSTREAM_ERROR, "cut").code("upstream_stream_broken").build());
        HttpResponse<String> response = post(STREAM_CHAT);
        assertEquals(200, response.statusCode());
        assertEquals("data: " + chunk("a").json() + "\n\n"
                + "data: {\"error\":{\"message\":\"cut\",\"type\":\"upstream_error\",\"param\":null,\"code\":\"upstream_stream_broken\"}}\n\n",
                response.body());
    }

    @Test
    void a_client_that_goes_away_mid_stream_closes_the_upstream_stream() throws Exception {
        CountDownLatch closed = new CountDownLatch(1);
        CHAT_USE_CASE.stream = command -> new ChatStream() {
            @Override
            public Optional<ChatChunk> next() {
                return Optional.of(chunk("x".repeat(1000)));
            }

            @Override
            public void close() {
                closed.countDown();
            }
        };
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + KEY
                    + "\r\nContent-Type: application/json\r\nContent-Length: " + STREAM_CHAT.length() + "\r\n\r\n" + STREAM_CHAT)
                    .getBytes(StandardCharsets.UTF_8));
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            assertTrue(in.readLine().startsWith("HTTP/1.1 200"));
        }
        assertTrue(closed.await(10, TimeUnit.SECONDS), "the stream was closed after the client left");
    }

    @Test
    void lists_models_and_finds_one_whose_id_has_slashes() throws Exception {
        HttpResponse<String> list = send("GET", "/v1/models", null, "Bearer " + KEY);
        assertEquals(200, list.statusCode());
        assertEquals("{\"object\":\"list\",\"data\":[{\"id\":\"p/m\",\"object\":\"model\",\"created\":1700000000,\"owned_by\":\"p\"},"
                + "{\"id\":\"or/meta/llama\",\"object\":\"model\",\"created\":1700000000,\"owned_by\":\"or\"}]}", list.body());
        HttpResponse<String> one = send("GET", "/v1/models/or/meta/llama", null, "Bearer " + KEY);
        assertEquals("{\"id\":\"or/meta/llama\",\"object\":\"model\",\"created\":1700000000,\"owned_by\":\"or\"}", one.body());
        assertEquals("model_not_found", error(send("GET", "/v1/models/p/nope", null, "Bearer " + KEY), 404).get("code"));
    }

    private static final class FakeChat implements ChatCompletionUseCase {
        volatile Function<ChatCommand, ChatResponse> complete;
        volatile Function<ChatCommand, ChatStream> stream;
        final List<BridgeException> refusals = new java.util.concurrent.CopyOnWriteArrayList<>();

        @Override
        public ChatResponse complete(ChatCommand command) {
            return complete.apply(command);
        }

        @Override
        public ChatStream stream(ChatCommand command) {
            return stream.apply(command);
        }

        @Override
        public void refused(Caller caller, RequestContext context, BridgeException error) {
            refusals.add(error);
        }
    }

    /** Gives its chunks, then fails with {@code failure} if there is one, else ends. */
    private record FakeStream(Iterator<ChatChunk> chunks, BridgeException failure) implements ChatStream {
        static FakeStream of(List<ChatChunk> chunks, BridgeException failure) {
            return new FakeStream(new ArrayList<>(chunks).iterator(), failure);
        }

        @Override
        public Optional<ChatChunk> next() {
            if (chunks.hasNext()) {
                return Optional.of(chunks.next());
            }
            if (failure != null) {
                throw failure;
            }
            return Optional.empty();
        }

        @Override
        public void close() {
        }
    }
}

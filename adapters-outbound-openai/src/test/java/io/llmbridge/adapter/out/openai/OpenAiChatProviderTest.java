package io.llmbridge.adapter.out.openai;

import io.llmbridge.adapter.support.json.PlainJson;
import io.llmbridge.application.port.out.provider.ChatProvider;
import io.llmbridge.application.port.out.provider.InvalidProviderOption;
import io.llmbridge.application.port.out.provider.ProviderSettings;
import io.llmbridge.domain.BridgeException;
import io.llmbridge.domain.ChatChunk;
import io.llmbridge.domain.ChatRequest;
import io.llmbridge.domain.ChatResponse;
import io.llmbridge.domain.ChatStream;
import io.llmbridge.domain.ErrorKind;
import io.llmbridge.domain.ModelRef;
import io.llmbridge.domain.ModelRoute;
import io.llmbridge.domain.ParamRules;
import io.llmbridge.domain.Secret;
import io.llmbridge.domain.UsageSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mockserver.integration.ClientAndServer;
import org.mockserver.model.HttpRequest;
import org.mockserver.model.HttpResponse;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockserver.model.HttpRequest.request;
import static org.mockserver.model.HttpResponse.response;

class OpenAiChatProviderTest {
    private static final String KEY = "sk-test-provider-key-0000";
    private static final String PATH = "/v1/chat/completions";
    private static ClientAndServer upstream;

    private final ModelRoute route = route(Duration.ofSeconds(5));

    @BeforeAll
    static void startUpstream() {
        upstream = ClientAndServer.startClientAndServer(0);
    }

    @AfterAll
    static void stopUpstream() {
        upstream.stop();
    }

    @BeforeEach
    void reset() {
        upstream.reset();
    }

    private static ModelRoute route(Duration timeout) {
        return new ModelRoute(new ModelRef("deepseek", "deepseek-chat<fast>"), "deepseek-chat", null, timeout, ParamRules.NONE);
    }

    private static ChatProvider provider(String baseUrl) {
        return new OpenAiProviderFactory().create(new ProviderSettings("deepseek", baseUrl, new Secret(KEY),
                "DEEPSEEK_API_KEY", Map.of()));
    }

    private static ChatProvider provider() {
        return provider("http://127.0.0.1:" + upstream.getPort() + "/v1");
    }

    private static ChatRequest chat(String json) {
        return ChatRequest.from(PlainJson.parseObject(json));
    }

    private static ChatRequest plainChat() {
        return chat("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
    }

    private static ChatRequest streamChat() {
        return chat("{\"model\":\"m\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
    }

    private static void answer(HttpResponse response) {
        upstream.when(request().withMethod("POST").withPath(PATH)).respond(response);
    }

    private static HttpResponse sse(String body) {
        return response().withStatusCode(200).withHeader("Content-Type", "text/event-stream").withBody(body);
    }

    private static HttpRequest recorded() {
        HttpRequest[] requests = upstream.retrieveRecordedRequests(request().withPath(PATH));
        assertEquals(1, requests.length);
        return requests[0];
    }

    private static List<ChatChunk> drain(ChatStream stream) {
        List<ChatChunk> chunks = new ArrayList<>();
        try (stream) {
            Optional<ChatChunk> chunk;
            while ((chunk = stream.next()).isPresent()) {
                chunks.add(chunk.get());
            }
        }
        return chunks;
    }

    @Test
    void sends_every_client_field_unchanged_but_the_model_id_and_authenticates_with_the_provider_key() {
        String body = "{\"model\":\"deepseek/deepseek-chat<fast>\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\",\"name\":\"bob\"}],"
                + "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\",\"parameters\":{\"type\":\"object\"}}}],"
                + "\"response_format\":{\"type\":\"json_object\"},\"reasoning_effort\":\"low\",\"seed\":7,\"logprobs\":true,"
                + "\"temperature\":0.70,\"a_future_field\":{\"x\":[1,2.50,null]}}";
        answer(response().withStatusCode(200).withBody("{\"id\":\"c1\",\"object\":\"chat.completion\",\"choices\":[]}"));

        provider().complete(route, chat(body));

        HttpRequest sent = recorded();
        assertEquals(body.replace("deepseek/deepseek-chat<fast>", "deepseek-chat"),
                new String(sent.getBody().getRawBytes(), java.nio.charset.StandardCharsets.UTF_8));
        assertEquals("Bearer " + KEY, sent.getFirstHeader("Authorization"));
        assertTrue(sent.getFirstHeader("Content-Type").startsWith("application/json"));
    }

    @Test
    void a_non_streamed_answer_reaches_the_client_byte_for_byte_and_its_usage_is_read() {
        String completion = "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"deepseek-chat\","
                + "\"system_fingerprint\":\"fp_1\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":null,"
                + "\"tool_calls\":[{\"id\":\"call_1\",\"type\":\"function\",\"function\":{\"name\":\"f\",\"arguments\":\"{}\"}}]},"
                + "\"logprobs\":null,\"finish_reason\":\"tool_calls\"}],\"usage\":{\"prompt_tokens\":9,\"completion_tokens\":0,"
                + "\"total_tokens\":9,\"prompt_tokens_details\":{\"cached_tokens\":4},\"completion_tokens_details\":{\"reasoning_tokens\":0}}}";
        answer(response().withStatusCode(200).withHeader("x-request-id", "req-123").withBody(completion));

        ChatResponse response = provider().complete(route, plainChat());

        assertEquals(completion, response.json());
        assertEquals("tool_calls", response.finishReason());
        assertEquals("req-123", response.upstreamRequestId());
        assertEquals("chatcmpl-1", response.responseId());
        assertEquals(9L, response.usage().promptTokens());
        assertEquals(0L, response.usage().completionTokens(), "a reported zero stays a zero");
        assertEquals(4L, response.usage().cachedTokens());
        assertEquals(0L, response.usage().reasoningTokens());
        assertEquals(UsageSource.PROVIDER, response.usage().source());
        assertEquals("", response.output().content(), "a tool call has no text");
    }

    @Test
    void a_non_streamed_answer_gives_its_first_choice_text_for_an_audit_that_includes_content() {
        answer(response().withStatusCode(200).withBody("{\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
                + "\"content\":\"Hello\"},\"finish_reason\":\"stop\"}]}"));
        assertEquals("Hello", provider().complete(route, plainChat()).output().content());
    }

    @Test
    void streams_chunks_in_order_whatever_the_sse_framing_and_ends_at_done() {
        String first = "{\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"Hel\"},\"finish_reason\":null}]}";
        String second = "{\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"lo\"},\"finish_reason\":null}]}";
        String last = "{\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}";
        String usage = "{\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"choices\":[],\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":2,\"total_tokens\":5}}";
        answer(sse(": keep-alive comment\r\n\r\n"
                + "event: message\r\nid: 1\r\ndata: " + first + "\r\n\r\n"
                + "data:" + second + "\n\n"
                + "retry: 1000\r" + "data: " + last + "\r\r"
                + "data: " + usage + "\n\n"
                + "data: [DONE]\n\n"
                + "data: {\"never\":\"read\"}\n\n"));

        List<ChatChunk> chunks = drain(provider().stream(route, streamChat()));

        assertEquals(List.of(first, second, last, usage), chunks.stream().map(ChatChunk::json).toList());
        assertEquals("Hel", chunks.get(0).contentDelta());
        assertEquals("stop", chunks.get(2).finishReason());
        assertEquals(5L, chunks.get(3).usage().totalTokens());
        assertEquals("text/event-stream", recorded().getFirstHeader("Accept"));
    }

    @Test
    void a_stream_is_named_by_the_first_chunk_that_carries_an_id() {
        answer(sse("data: {\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\"},\"finish_reason\":null}]}\n\n"
                + "data: {\"id\":\"chatcmpl-9\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hi\"},\"finish_reason\":null}]}\n\n"
                + "data: {\"id\":\"chatcmpl-other\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n"
                + "data: [DONE]\n\n"));

        try (ChatStream stream = provider().stream(route, streamChat())) {
            assertTrue(stream.next().isPresent());
            assertNull(stream.responseId(), "not said yet");
            assertTrue(stream.next().isPresent());
            assertEquals("chatcmpl-9", stream.responseId());
            while (stream.next().isPresent()) {
                assertEquals("chatcmpl-9", stream.responseId(), "the first id stays");
            }
        }
    }

    private static final String USAGE_STREAM = "data: {\"id\":\"c\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hi\"},\"finish_reason\":\"stop\"}]}\n\n"
            + "data: {\"id\":\"c\",\"choices\":[],\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":1,\"total_tokens\":4}}\n\n"
            + "data: [DONE]\n\n";

    private static Map<String, Object> sentBody() {
        return PlainJson.parseObject(new String(recorded().getBody().getRawBytes(), java.nio.charset.StandardCharsets.UTF_8));
    }

    @Test
    void a_stream_asks_for_usage_the_client_did_not_ask_for_and_marks_that_chunk_as_the_gateways() {
        answer(sse(USAGE_STREAM));

        List<ChatChunk> chunks = drain(provider().stream(route, streamChat()));

        assertEquals(Map.of("include_usage", true), sentBody().get("stream_options"));
        assertTrue(chunks.get(0).forClient());
        assertFalse(chunks.get(1).forClient(), "the usage chunk is the gateway's");
        assertEquals(4L, chunks.get(1).usage().totalTokens());
    }

    @Test
    void a_client_that_asked_for_usage_gets_the_usage_chunk_and_its_body_unchanged() {
        answer(sse(USAGE_STREAM));
        String body = "{\"model\":\"m\",\"stream\":true,\"stream_options\":{\"include_usage\":true},"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

        List<ChatChunk> chunks = drain(provider().stream(route, chat(body)));

        assertEquals(body.replace("\"m\"", "\"deepseek-chat\""), new String(recorded().getBody().getRawBytes(), java.nio.charset.StandardCharsets.UTF_8));
        assertTrue(chunks.stream().allMatch(ChatChunk::forClient));
    }

    @Test
    void the_clients_other_stream_options_are_kept_when_usage_is_asked_for() {
        answer(sse(USAGE_STREAM));
        drain(provider().stream(route, chat("{\"model\":\"m\",\"stream\":true,\"stream_options\":{\"include_obfuscation\":false,"
                + "\"include_usage\":false},\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")));
        assertEquals("{\"include_obfuscation\":false,\"include_usage\":true}", PlainJson.write(sentBody().get("stream_options")));
    }

    @Test
    void stream_usage_false_leaves_the_body_alone_for_upstreams_that_reject_stream_options() {
        answer(sse(USAGE_STREAM));
        ChatProvider noInjection = new OpenAiProviderFactory().create(new ProviderSettings("deepseek",
                "http://127.0.0.1:" + upstream.getPort() + "/v1", new Secret(KEY), "DEEPSEEK_API_KEY", Map.of("stream_usage", false)));

        List<ChatChunk> chunks = drain(noInjection.stream(route, streamChat()));

        assertFalse(sentBody().containsKey("stream_options"));
        assertTrue(chunks.stream().allMatch(ChatChunk::forClient), "what the upstream sends unasked is the client's");
    }

    @Test
    void stream_usage_must_be_a_boolean() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new OpenAiProviderFactory().create(
                new ProviderSettings("deepseek", null, new Secret(KEY), "DEEPSEEK_API_KEY", Map.of("stream_usage", "no"))));
        assertEquals("stream_usage must be true or false", e.getMessage());
    }

    @Test
    void responses_is_native_or_translate() {
        OpenAiProviderFactory factory = new OpenAiProviderFactory();
        InvalidProviderOption e = assertThrows(InvalidProviderOption.class, () -> factory.validate(Map.of("responses", true)));
        assertEquals("responses must be native or translate", e.getMessage());
        assertFalse(((OpenAiChatProvider) factory.create(new ProviderSettings("openai", null, new Secret(KEY), "OPENAI_API_KEY",
                Map.of()))).speaksResponses());
        assertTrue(((OpenAiChatProvider) factory.create(new ProviderSettings("openai", null, new Secret(KEY), "OPENAI_API_KEY",
                Map.of("responses", "native")))).speaksResponses());
    }

    @Test
    void reasoning_and_tool_call_text_are_read_off_each_chunk() {
        answer(sse("data: {\"choices\":[{\"index\":0,\"delta\":{\"reasoning_content\":\"Let me think\"}}]}\n\n"
                + "data: {\"choices\":[{\"index\":0,\"delta\":{\"reasoning\":\" more\"}}]}\n\n"
                + "data: {\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"id\":\"call_1\",\"type\":\"function\","
                + "\"function\":{\"name\":\"get_weather\",\"arguments\":\"\"}}]}}]}\n\n"
                + "data: {\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"{\\\"city\\\":\"}}]}}]}\n\n"
                + "data: {\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"tool_calls\"}]}\n\ndata: [DONE]\n\n"));

        List<ChatChunk> chunks = drain(provider().stream(route, streamChat()));

        assertEquals("Let me think", chunks.get(0).reasoningDelta());
        assertEquals(" more", chunks.get(1).reasoningDelta());
        assertEquals("get_weather", chunks.get(2).toolCallDelta());
        assertEquals("{\"city\":", chunks.get(3).toolCallDelta());
        assertNull(chunks.get(3).contentDelta());
    }

    @Test
    void a_non_streamed_answer_gives_the_text_it_generated_for_estimates() {
        answer(response().withStatusCode(200).withBody("{\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
                + "\"content\":\"Sunny\",\"reasoning_content\":\"Look it up\",\"tool_calls\":[{\"id\":\"c\",\"type\":\"function\","
                + "\"function\":{\"name\":\"f\",\"arguments\":\"{}\"}}]},\"finish_reason\":\"stop\"}]}"));

        ChatResponse response = provider().complete(route, plainChat());

        assertNull(response.usage(), "missing is missing");
        assertEquals(new io.llmbridge.domain.GeneratedText("Sunny", "Look it up", "f{}"), response.output());
    }

    @Test
    void an_event_spread_over_several_data_lines_is_one_chunk_on_one_line() {
        answer(sse("data: {\"id\":\"c\",\n"
                + "data: \"choices\":[{\"index\":0,\"delta\":{\"content\":\"x\"},\"finish_reason\":\"stop\"}]}\n\n"
                + "data: [DONE]\n\n"));

        List<ChatChunk> chunks = drain(provider().stream(route, streamChat()));

        assertEquals(1, chunks.size());
        assertEquals("{\"id\":\"c\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"x\"},\"finish_reason\":\"stop\"}]}", chunks.getFirst().json());
    }

    @Test
    void a_single_8_mib_data_line_arrives_whole() {
        String content = "a".repeat(8 * 1024 * 1024);
        String chunk = "{\"id\":\"c\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"" + content + "\"},\"finish_reason\":\"stop\"}]}";
        answer(sse("data: " + chunk + "\n\ndata: [DONE]\n\n"));

        List<ChatChunk> chunks = drain(provider().stream(route, streamChat()));

        assertEquals(1, chunks.size());
        assertEquals(content.length(), chunks.getFirst().contentDelta().length());
        assertEquals(chunk, chunks.getFirst().json());
    }

    @ParameterizedTest
    @ValueSource(strings = {"/v1", "/v1/", "/v1/chat/completions", "/v1/chat/completions/"})
    void base_url_may_be_the_api_root_or_the_full_endpoint(String path) {
        answer(response().withStatusCode(200).withBody("{\"choices\":[]}"));
        provider("http://127.0.0.1:" + upstream.getPort() + path)
                .complete(route, plainChat());
        recorded();
    }

    @ParameterizedTest
    @ValueSource(ints = {400, 404, 409, 413, 422})
    void upstream_complaints_about_the_request_keep_their_status_and_message(int status) {
        answer(response().withStatusCode(status).withBody(
                "{\"error\":{\"message\":\"Invalid 'temperature': too high\",\"type\":\"invalid_request_error\",\"param\":\"temperature\",\"code\":\"bad_value\"}}"));
        BridgeException error = completeFails();
        assertEquals(ErrorKind.INVALID_REQUEST, error.kind());
        assertEquals(status, error.upstreamStatus());
        assertEquals("Invalid 'temperature': too high", error.getMessage());
        assertEquals("temperature", error.param());
        assertEquals("bad_value", error.code());
    }

    @ParameterizedTest
    @ValueSource(ints = {401, 403})
    void a_rejected_provider_key_is_the_gateways_fault_and_names_the_variable_not_the_key(int status) {
        answer(response().withStatusCode(status).withBody("{\"error\":{\"message\":\"Incorrect API key provided: " + KEY + "\"}}"));
        BridgeException error = completeFails();
        assertEquals(ErrorKind.UPSTREAM_ERROR, error.kind());
        assertTrue(error.getMessage().contains("DEEPSEEK_API_KEY"), error.getMessage());
        assertTrue(error.getMessage().contains("deepseek"));
        assertFalse(error.getMessage().contains(KEY));
    }

    @Test
    void an_upstream_message_that_echoes_the_provider_key_reaches_no_one_with_it() {
        answer(response().withStatusCode(400).withBody("{\"error\":{\"message\":\"Bad header: Bearer " + KEY + "\"}}"));
        BridgeException error = completeFails();
        assertEquals("Bad header: Bearer [redacted]", error.getMessage());
    }

    @Test
    void a_rate_limit_stays_a_rate_limit_with_its_retry_after() {
        answer(response().withStatusCode(429).withHeader("Retry-After", "17")
                .withBody("{\"error\":{\"message\":\"Rate limit reached\",\"type\":\"requests\",\"code\":\"rate_limit_exceeded\"}}"));
        BridgeException error = completeFails();
        assertEquals(ErrorKind.RATE_LIMITED, error.kind());
        assertEquals("17", error.retryAfter());
        assertTrue(error.getMessage().contains("Rate limit reached"));
    }

    @ParameterizedTest
    @ValueSource(ints = {500, 502, 503})
    void upstream_server_errors_are_upstream_errors_with_the_upstream_message(int status) {
        answer(response().withStatusCode(status).withBody("<html>overloaded</html>"));
        BridgeException error = completeFails();
        assertEquals(ErrorKind.UPSTREAM_ERROR, error.kind());
        assertEquals(status, error.upstreamStatus());
        assertTrue(error.getMessage().contains("<html>overloaded</html>"), error.getMessage());
    }

    @Test
    void a_non_streamed_answer_longer_than_max_response_size_is_an_invalid_response() {
        answer(response().withStatusCode(200).withBody("{\"choices\":[],\"pad\":\"" + "x".repeat(4096) + "\"}"));
        ChatProvider capped = new OpenAiProviderFactory().create(new ProviderSettings("deepseek",
                "http://127.0.0.1:" + upstream.getPort() + "/v1", new Secret(KEY), "DEEPSEEK_API_KEY", Map.of("max_response_size", 1024)));
        BridgeException error = assertThrows(BridgeException.class, () -> capped.complete(route, plainChat()));
        assertEquals(ErrorKind.UPSTREAM_ERROR, error.kind());
        assertEquals("upstream_invalid_response", error.code());
        assertEquals("Provider 'deepseek' answered with a body larger than 1024 bytes (max_response_size).", error.getMessage());
    }

    @Test
    void no_answer_within_the_timeout_is_an_upstream_timeout() {
        answer(response().withStatusCode(200).withBody("{\"choices\":[]}").withDelay(TimeUnit.SECONDS, 5));
        BridgeException error = assertThrows(BridgeException.class, () -> provider().complete(route(Duration.ofMillis(300)),
                plainChat()));
        assertEquals(ErrorKind.UPSTREAM_TIMEOUT, error.kind());
        assertFalse(Thread.currentThread().isInterrupted(), "the caller's thread is usable after a timeout");
    }

    @Test
    void a_stream_whose_first_chunk_does_not_come_in_time_is_an_upstream_timeout() {
        answer(sse("data: [DONE]\n\n").withDelay(TimeUnit.SECONDS, 5));
        BridgeException error = assertThrows(BridgeException.class, () -> drain(provider().stream(route(Duration.ofMillis(300)),
                streamChat())));
        assertEquals(ErrorKind.UPSTREAM_TIMEOUT, error.kind());
    }

    @Test
    void a_refused_connection_is_an_upstream_error() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        BridgeException error = assertThrows(BridgeException.class, () -> provider("http://127.0.0.1:" + closedPort + "/v1")
                .complete(route, plainChat()));
        assertEquals(ErrorKind.UPSTREAM_ERROR, error.kind());
        assertEquals("upstream_unreachable", error.code());
    }

    @Test
    void an_error_event_mid_stream_fails_the_stream_after_the_chunks_before_it() {
        answer(sse("data: {\"id\":\"c\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"x\"},\"finish_reason\":null}]}\n\n"
                + "data: {\"error\":{\"message\":\"model overloaded\",\"type\":\"server_error\"}}\n\n"));
        ChatStream stream = provider().stream(route, streamChat());
        try (stream) {
            assertEquals("x", stream.next().orElseThrow().contentDelta());
            BridgeException error = assertThrows(BridgeException.class, stream::next);
            assertEquals(ErrorKind.UPSTREAM_ERROR, error.kind());
            assertTrue(error.getMessage().contains("model overloaded"));
        }
    }

    @Test
    void a_stream_cut_before_it_finished_is_an_error_not_a_silent_end() {
        answer(sse("data: {\"id\":\"c\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"x\"},\"finish_reason\":null}]}\n\n"));
        BridgeException error = assertThrows(BridgeException.class, () -> drain(provider().stream(route,
                streamChat())));
        assertEquals(ErrorKind.UPSTREAM_ERROR, error.kind());
    }

    @Test
    void a_stream_that_finished_without_done_ends_normally() {
        answer(sse("data: {\"id\":\"c\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n"));
        assertEquals(1, drain(provider().stream(route,
                streamChat())).size());
    }

    @Test
    void an_upstream_error_before_the_stream_starts_is_reported_with_its_status() {
        answer(response().withStatusCode(404).withBody("{\"error\":{\"message\":\"The model `x` does not exist\"}}"));
        BridgeException error = assertThrows(BridgeException.class, () -> provider().stream(route,
                streamChat()));
        assertEquals(404, error.upstreamStatus());
    }

    @Test
    void an_upstream_answer_that_is_not_json_is_an_upstream_error() {
        answer(response().withStatusCode(200).withBody("not json"));
        assertEquals(ErrorKind.UPSTREAM_ERROR, completeFails().kind());
    }

    private BridgeException completeFails() {
        return assertThrows(BridgeException.class, () -> provider().complete(route,
                plainChat()));
    }
}

package io.llmbridge.bootstrap;

import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockserver.integration.ClientAndServer;
import org.mockserver.matchers.Times;
import org.mockserver.model.HttpRequest;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.mockserver.model.HttpRequest.request;
import static org.mockserver.model.HttpResponse.response;

/**
 * Traces through the wired gateway: a local OTLP/HTTP receiver (the JDK's server) captures what
 * is exported, decoded with OpenTelemetry's own protobuf classes; MockServer plays the provider.
 */
class TracingEndToEndTest {
    private static final String CALLER_TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String CALLER_SPAN = "00f067aa0ba902b7";
    private static final String UPSTREAM_KEY = "sk-upstream-tracing-0123456789";
    private static final String PROMPT = "what is the secret recipe";
    private static final Duration GENEROUS = Duration.ofSeconds(30);

    private static ClientAndServer upstream;
    private static HttpServer collector;
    private static final LinkedBlockingQueue<Span> exported = new LinkedBlockingQueue<>();
    private TestGateway gateway;
    private java.nio.file.Path dirOfLastGateway;

    @BeforeAll
    static void start() throws IOException {
        upstream = ClientAndServer.startClientAndServer(0);
        collector = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        collector.createContext("/v1/traces", exchange -> {
            try (exchange) {
                ExportTraceServiceRequest export = ExportTraceServiceRequest.parseFrom(exchange.getRequestBody().readAllBytes());
                for (ResourceSpans resource : export.getResourceSpansList()) {
                    for (ScopeSpans scope : resource.getScopeSpansList()) {
                        exported.addAll(scope.getSpansList());
                    }
                }
                exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
                exchange.sendResponseHeaders(200, -1);
            }
        });
        collector.start();
    }

    @AfterAll
    static void stop() {
        upstream.stop();
        collector.stop(0);
    }

    @BeforeEach
    void reset() {
        upstream.reset();
        exported.clear();
    }

    @AfterEach
    void stopGateway() {
        if (gateway != null) {
            gateway.close();
        }
    }

    private void startGateway(String endpoint) {
        startGateway(endpoint, "");
    }

    private void startGateway(String endpoint, String moreTracing) {
        startGateway("", endpoint, moreTracing);
    }

    private void startGateway(String serverYaml, String endpoint, String moreTracing) {
        gateway = TestGateway.startServing(serverYaml, "  up:\n    base_url: http://127.0.0.1:" + upstream.getPort()
                        + "/v1\n    responses: native\n    models:\n      m: {retries: 2}\n",
                "resilience:\n  backoff: {initial: 0.001, max: 0.005}\ntracing:\n  otlp_endpoint: " + endpoint
                        + "\n  sample_ratio: 1.0\n  service_name: bridge-under-test\n" + moreTracing,
                Map.of("UP_API_KEY", UPSTREAM_KEY));
        dirOfLastGateway = gateway.dir();
    }

    /** {@code llmbridge_tracing_spans_dropped_total} for {@code reason}, from /observe/metrics. */
    private long droppedSpans(String reason) {
        java.net.http.HttpResponse<String> metrics = gateway.getRoot("/observe/metrics");
        assertEquals(200, metrics.statusCode());
        java.util.regex.Matcher sample = java.util.regex.Pattern.compile(
                "(?m)^llmbridge_tracing_spans_dropped_total\\{[^}]*reason=\"" + reason + "\"[^}]*} ([0-9.E]+)$").matcher(metrics.body());
        assertTrue(sample.find(), metrics.body());
        return (long) Double.parseDouble(sample.group(1));
    }

    private static String chat(boolean stream) {
        return "{\"model\":\"up/m\",\"stream\":" + stream + ",\"max_tokens\":50,\"temperature\":0.5,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"" + PROMPT + "\"}]}";
    }

    private java.net.http.HttpResponse<String> chatWithTraceparent(boolean stream) {
        return TestGateway.send(java.net.http.HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + "/v1/chat/completions"))
                .header("Authorization", "Bearer " + TestGateway.ACCESS_KEY).header("Content-Type", "application/json")
                .header("traceparent", "00-" + CALLER_TRACE + "-" + CALLER_SPAN + "-01")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(chat(stream))).build());
    }

    /** Waits until {@code count} spans have been exported. */
    private static List<Span> spans(int count) throws InterruptedException {
        List<Span> spans = new ArrayList<>();
        long deadline = System.nanoTime() + GENEROUS.toNanos();
        while (spans.size() < count) {
            Span span = exported.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (span == null) {
                fail("exported " + spans.size() + " of " + count + " spans: " + spans.stream().map(Span::getName).toList());
            }
            spans.add(span);
        }
        return spans;
    }

    private static String hex(com.google.protobuf.ByteString bytes) {
        return HexFormat.of().formatHex(bytes.toByteArray());
    }

    private static Map<String, AnyValue> attributes(Span span) {
        return span.getAttributesList().stream().collect(Collectors.toMap(KeyValue::getKey, KeyValue::getValue));
    }

    @Test
    void a_retried_chat_continues_the_callers_trace_with_one_client_span_per_attempt() throws Exception {
        startGateway("http://127.0.0.1:" + collector.getAddress().getPort());
        upstream.when(request().withPath("/v1/chat/completions"), Times.once())
                .respond(response().withStatusCode(503).withBody("{\"error\":{\"message\":\"busy\"}}"));
        upstream.when(request().withPath("/v1/chat/completions")).respond(response().withStatusCode(200)
                .withHeader("Content-Type", "application/json").withBody("{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\","
                        + "\"model\":\"m\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"a family secret\"},"
                        + "\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":7,\"completion_tokens\":3,\"total_tokens\":10}}"));

        assertEquals(200, chatWithTraceparent(false).statusCode());

        List<Span> spans = spans(3);
        Span server = spans.stream().filter(s -> s.getKind() == Span.SpanKind.SPAN_KIND_SERVER).findFirst().orElseThrow();
        List<Span> attempts = spans.stream().filter(s -> s.getKind() == Span.SpanKind.SPAN_KIND_CLIENT)
                .sorted(java.util.Comparator.comparingLong(Span::getStartTimeUnixNano)).toList();
        assertEquals("POST /v1/chat/completions", server.getName());
        assertEquals(CALLER_TRACE, hex(server.getTraceId()), "the caller's trace is continued");
        assertEquals(CALLER_SPAN, hex(server.getParentSpanId()));
        assertEquals(2, attempts.size());
        for (Span attempt : attempts) {
            assertEquals(CALLER_TRACE, hex(attempt.getTraceId()));
            assertEquals(hex(server.getSpanId()), hex(attempt.getParentSpanId()), "each attempt is a child of the request");
            assertEquals("chat m", attempt.getName());
            assertEquals("up", attributes(attempt).get("gen_ai.provider.name").getStringValue());
            assertEquals(50, attributes(attempt).get("gen_ai.request.max_tokens").getIntValue());
            assertEquals(0.5, attributes(attempt).get("gen_ai.request.temperature").getDoubleValue());
        }
        Map<String, AnyValue> first = attributes(attempts.get(0));
        Map<String, AnyValue> second = attributes(attempts.get(1));
        assertEquals(503, first.get("http.response.status_code").getIntValue());
        assertEquals(first.get("error.type").getStringValue(), second.get("llm_bridge.attempt.after").getStringValue(),
                "the retry says why the attempt before it ended");
        assertEquals(7, second.get("gen_ai.usage.input_tokens").getIntValue());
        assertEquals("stop", second.get("gen_ai.response.finish_reasons").getArrayValue().getValues(0).getStringValue());
        assertEquals("chatcmpl-1", second.get("gen_ai.response.id").getStringValue(), "the provider's id for its answer");
        assertFalse(first.containsKey("gen_ai.response.id"), "the failed attempt gave no answer");

        Map<String, AnyValue> request = attributes(server);
        assertEquals("chat", request.get("gen_ai.operation.name").getStringValue());
        assertEquals("up/m", request.get("gen_ai.request.model").getStringValue());
        assertEquals("test-team", request.get("llm_bridge.access_key.name").getStringValue());
        assertEquals("m", second.get("gen_ai.response.model").getStringValue());
        assertEquals(3, second.get("gen_ai.usage.output_tokens").getIntValue());
        assertEquals("test-team", second.get("llm_bridge.access_key.name").getStringValue(), "usage can be grouped by key on the attempt alone");
        for (String answer : List.of("gen_ai.response.model", "gen_ai.response.id", "gen_ai.usage.input_tokens", "gen_ai.usage.output_tokens")) {
            assertFalse(request.containsKey(answer), answer + " is on the answering attempt only, so a trace counts the call once");
        }
        assertEquals(1, request.get("llm_bridge.retries").getIntValue());
        assertEquals(200, request.get("http.response.status_code").getIntValue());

        // Each upstream call names its own attempt as the parent in traceparent.
        HttpRequest[] calls = upstream.retrieveRecordedRequests(request().withPath("/v1/chat/completions"));
        assertEquals(2, calls.length);
        for (int i = 0; i < 2; i++) {
            assertEquals("00-" + CALLER_TRACE + "-" + hex(attempts.get(i).getSpanId()) + "-01", calls[i].getFirstHeader("traceparent"));
        }

        String everything = spans.toString();
        assertFalse(everything.contains(PROMPT), "no prompt in any span");
        assertFalse(everything.contains("a family secret"), "no completion in any span");
        assertFalse(everything.contains(TestGateway.ACCESS_KEY), "no access key in any span");
        assertFalse(everything.contains(UPSTREAM_KEY), "no provider key in any span");

        gateway.close();
        gateway = null;
        String audit = Files.readString(dirOfLastGateway.resolve("audit.log"));
        assertTrue(audit.contains("\"trace.id\":\"" + CALLER_TRACE + "\""), audit);
        assertTrue(audit.contains("\"span.id\":\"" + hex(server.getSpanId()) + "\""), audit);
    }

    @Test
    void a_stream_marks_its_first_chunk_on_the_attempt_that_answered() throws Exception {
        startGateway("http://127.0.0.1:" + collector.getAddress().getPort());
        upstream.when(request().withPath("/v1/chat/completions")).respond(response().withStatusCode(200)
                .withHeader("Content-Type", "text/event-stream").withBody(
                        "data: {\"id\":\"chatcmpl-s1\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"hel\"},\"finish_reason\":null}]}\n\n"
                                + "data: {\"id\":\"chatcmpl-s1\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n"
                                + "data: [DONE]\n\n"));

        java.net.http.HttpResponse<String> response = chatWithTraceparent(true);
        assertEquals(200, response.statusCode());
        assertTrue(response.body().contains("[DONE]"));

        List<Span> spans = spans(2);
        Span attempt = spans.stream().filter(s -> s.getKind() == Span.SpanKind.SPAN_KIND_CLIENT).findFirst().orElseThrow();
        Span server = spans.stream().filter(s -> s.getKind() == Span.SpanKind.SPAN_KIND_SERVER).findFirst().orElseThrow();
        assertTrue(attempt.getEventsList().stream().anyMatch(e -> e.getName().equals("gen_ai.first_chunk")));
        assertTrue(server.getEventsList().stream().anyMatch(e -> e.getName().equals("gen_ai.first_chunk")));
        assertTrue(attempt.getEndTimeUnixNano() <= server.getEndTimeUnixNano(), "the answering attempt lasts until the stream ends");
        assertNotNull(attributes(attempt).get("gen_ai.usage.output_tokens"), "usage, estimated when not reported");
        assertEquals("chatcmpl-s1", attributes(attempt).get("gen_ai.response.id").getStringValue(), "the chunks' id");
        assertFalse(attributes(server).containsKey("gen_ai.usage.output_tokens"), "usage is on one span");
    }

    @Test
    void a_relayed_responses_stream_names_its_answer_by_the_response_id() throws Exception {
        startGateway("http://127.0.0.1:" + collector.getAddress().getPort());
        String events = "event: response.created\ndata: {\"type\":\"response.created\",\"sequence_number\":0,"
                + "\"response\":{\"id\":\"resp_traced\",\"object\":\"response\",\"status\":\"in_progress\",\"output\":[]}}\n\n"
                + "event: response.output_text.delta\ndata: {\"type\":\"response.output_text.delta\",\"sequence_number\":1,"
                + "\"item_id\":\"msg_1\",\"output_index\":0,\"content_index\":0,\"delta\":\"Hi\"}\n\n"
                + "event: response.completed\ndata: {\"type\":\"response.completed\",\"sequence_number\":2,"
                + "\"response\":{\"id\":\"resp_traced\",\"object\":\"response\",\"status\":\"completed\",\"output\":[],"
                + "\"usage\":{\"input_tokens\":5,\"output_tokens\":1,\"total_tokens\":6}}}\n\n";
        upstream.when(request().withPath("/v1/responses")).respond(response().withStatusCode(200)
                .withHeader("Content-Type", "text/event-stream").withBody(events));

        java.net.http.HttpResponse<String> response = gateway.post("/responses",
                "{\"model\":\"up/m\",\"stream\":true,\"input\":\"" + PROMPT + "\"}", TestGateway.ACCESS_KEY);
        assertEquals(200, response.statusCode(), response.body());
        assertEquals(events, response.body(), "relayed as it came");

        List<Span> spans = spans(2);
        Span attempt = spans.stream().filter(s -> s.getKind() == Span.SpanKind.SPAN_KIND_CLIENT).findFirst().orElseThrow();
        Span server = spans.stream().filter(s -> s.getKind() == Span.SpanKind.SPAN_KIND_SERVER).findFirst().orElseThrow();
        assertEquals("POST /v1/responses", server.getName());
        assertEquals("resp_traced", attributes(attempt).get("gen_ai.response.id").getStringValue());
        assertEquals(5, attributes(attempt).get("gen_ai.usage.input_tokens").getIntValue());
    }

    @Test
    void each_websocket_chat_is_a_trace_of_its_own_with_one_client_span_per_attempt() throws Exception {
        startGateway("  websocket: {}\n", "http://127.0.0.1:" + collector.getAddress().getPort(), "");
        upstream.when(request().withPath("/v1/chat/completions"), Times.once())
                .respond(response().withStatusCode(503).withBody("{\"error\":{\"message\":\"busy\"}}"));
        upstream.when(request().withPath("/v1/chat/completions")).respond(response().withStatusCode(200)
                .withHeader("Content-Type", "text/event-stream").withBody(
                        "data: {\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"a family secret\"},\"finish_reason\":null}]}\n\n"
                                + "data: {\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n"
                                + "data: {\"model\":\"m\",\"choices\":[],\"usage\":{\"prompt_tokens\":7,\"completion_tokens\":3,\"total_tokens\":10}}\n\n"
                                + "data: [DONE]\n\n"));

        try (WsTestClient client = WsTestClient.connect(gateway.port())) {
            for (int i = 0; i < 2; i++) { // the first chat is retried once, the second answered at once
                client.send("{\"type\":\"chat\",\"api_key\":\"" + TestGateway.ACCESS_KEY + "\",\"payload\":" + chat(true) + "}");
                List<String> frames = client.nextUntil(WsFrames.DONE);
                assertTrue(frames.toString().contains("a family secret"), frames.toString());
            }
        }

        // The upgrade (GET /v1/ws) is an HTTP request with its span; each chat then is a trace of its own.
        Map<String, List<Span>> traces = spans(6).stream().collect(Collectors.groupingBy(s -> hex(s.getTraceId())));
        List<Span> upgrade = traces.values().stream().filter(t -> t.stream().anyMatch(s -> s.getName().equals("GET /v1/ws")))
                .findFirst().orElseThrow();
        assertEquals(1, upgrade.size(), "the upgrade's trace holds no chat");
        traces.values().remove(upgrade);
        assertEquals(2, traces.size(), "one trace per chat: " + traces.values().stream()
                .map(t -> t.stream().map(x -> x.getName() + "/" + x.getKind()).toList()).toList());
        List<Integer> attemptsPerChat = new ArrayList<>();
        for (List<Span> trace : traces.values()) {
            List<Span> servers = trace.stream().filter(s -> s.getKind() == Span.SpanKind.SPAN_KIND_SERVER).toList();
            assertEquals(1, servers.size());
            Span server = servers.get(0);
            assertEquals("chat /v1/ws", server.getName());
            assertTrue(server.getParentSpanId().isEmpty(), "a chat starts its own trace");
            Map<String, AnyValue> chat = attributes(server);
            assertEquals("chat", chat.get("gen_ai.operation.name").getStringValue());
            assertEquals("up/m", chat.get("gen_ai.request.model").getStringValue());
            assertEquals("test-team", chat.get("llm_bridge.access_key.name").getStringValue());
            assertTrue(server.getEventsList().stream().anyMatch(e -> e.getName().equals("gen_ai.first_chunk")));

            List<Span> attempts = trace.stream().filter(s -> s.getKind() == Span.SpanKind.SPAN_KIND_CLIENT)
                    .sorted(java.util.Comparator.comparingLong(Span::getStartTimeUnixNano)).toList();
            attemptsPerChat.add(attempts.size());
            for (Span attempt : attempts) {
                assertEquals(hex(server.getSpanId()), hex(attempt.getParentSpanId()), "each attempt is a child of its chat");
                assertEquals("chat m", attempt.getName());
                assertEquals("up", attributes(attempt).get("gen_ai.provider.name").getStringValue());
                assertEquals(50, attributes(attempt).get("gen_ai.request.max_tokens").getIntValue());
            }
            Span answered = attempts.get(attempts.size() - 1);
            assertEquals("stop", attributes(answered).get("gen_ai.response.finish_reasons").getArrayValue().getValues(0).getStringValue());
            assertEquals(7, attributes(answered).get("gen_ai.usage.input_tokens").getIntValue());
            assertEquals(3, attributes(answered).get("gen_ai.usage.output_tokens").getIntValue());
            assertEquals("provider", attributes(answered).get("llm_bridge.usage.source").getStringValue());
            assertTrue(answered.getEventsList().stream().anyMatch(e -> e.getName().equals("gen_ai.first_chunk")));
            if (attempts.size() == 2) {
                assertEquals(503, attributes(attempts.get(0)).get("http.response.status_code").getIntValue());
                assertEquals(attributes(attempts.get(0)).get("error.type").getStringValue(),
                        attributes(answered).get("llm_bridge.attempt.after").getStringValue());
            }
        }
        attemptsPerChat.sort(null);
        assertEquals(List.of(1, 2), attemptsPerChat);

        String everything = traces.toString();
        assertFalse(everything.contains(PROMPT), "no prompt in any span");
        assertFalse(everything.contains("a family secret"), "no completion in any span");
        assertFalse(everything.contains(TestGateway.ACCESS_KEY), "no access key in any span");
        assertFalse(everything.contains(UPSTREAM_KEY), "no provider key in any span");
    }

    @Test
    void a_chat_no_attempt_answered_keeps_its_estimated_usage_on_the_request_span() throws Exception {
        startGateway("http://127.0.0.1:" + collector.getAddress().getPort());
        upstream.when(request().withPath("/v1/chat/completions"))
                .respond(response().withStatusCode(503).withBody("{\"error\":{\"message\":\"busy\"}}"));

        assertTrue(chatWithTraceparent(false).statusCode() >= 500);

        List<Span> spans = spans(4); // the request and its three attempts (retries: 2)
        Span server = spans.stream().filter(s -> s.getKind() == Span.SpanKind.SPAN_KIND_SERVER).findFirst().orElseThrow();
        Map<String, AnyValue> request = attributes(server);
        assertTrue(request.get("gen_ai.usage.input_tokens").getIntValue() > 0, "the prompt a failed call is charged, estimated");
        assertEquals("estimated", request.get("llm_bridge.usage.source").getStringValue());
        assertTrue(spans.stream().filter(s -> s.getKind() == Span.SpanKind.SPAN_KIND_CLIENT)
                .noneMatch(s -> attributes(s).containsKey("gen_ai.usage.input_tokens")), "and on no attempt");
    }

    @Test
    void the_export_goes_through_the_company_proxy_with_its_credentials() throws Exception {
        String password = "s3cr/t-tr4ce";
        ClientAndServer proxy = ClientAndServer.startClientAndServer(org.mockserver.configuration.Configuration.configuration()
                .proxyAuthenticationUsername("tracer").proxyAuthenticationPassword(password), 0);
        try {
            startGateway("http://127.0.0.1:" + collector.getAddress().getPort(), "  requires_proxy: true\nproxy:\n  http: \"http://tracer:"
                    + password.replace("/", "%2F") + "@127.0.0.1:" + proxy.getPort() + "\"\n");
            upstream.when(request().withPath("/v1/chat/completions")).respond(response().withStatusCode(200)
                    .withHeader("Content-Type", "application/json").withBody("{\"id\":\"chatcmpl-p\",\"object\":\"chat.completion\","
                            + "\"model\":\"m\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"hi\"},"
                            + "\"finish_reason\":\"stop\"}]}"));

            assertEquals(200, chatWithTraceparent(false).statusCode());

            assertEquals(2, spans(2).size(), "the spans reached the collector");
            HttpRequest[] carried = proxy.retrieveRecordedRequests(request().withPath("/v1/traces"));
            assertTrue(carried.length >= 1, "through the proxy, which demands its credentials");
            assertEquals(0, upstream.retrieveRecordedRequests(request().withPath("/v1/traces")).length);
        } finally {
            proxy.stop();
        }
    }

    @Test
    void a_dead_collector_changes_nothing_for_the_client() {
        startGateway("http://127.0.0.1:" + TestGateway.closedPort());
        upstream.when(request().withPath("/v1/chat/completions")).respond(response().withStatusCode(200)
                .withHeader("Content-Type", "application/json").withBody("{\"id\":\"c\",\"object\":\"chat.completion\",\"choices\":"
                        + "[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"still here\"},\"finish_reason\":\"stop\"}]}"));

        for (int i = 0; i < 20; i++) {
            java.net.http.HttpResponse<String> response = chatWithTraceparent(false);
            assertEquals(200, response.statusCode());
            assertTrue(response.body().contains("still here"));
        }
        long deadline = System.nanoTime() + GENEROUS.toNanos();
        while (droppedSpans("export_failed") == 0) {
            assertTrue(System.nanoTime() < deadline, "the failed exports' spans are counted");
            Thread.onSpinWait();
        }
    }

    @Test
    void a_collector_that_never_answers_fills_the_queue_and_the_spans_it_cannot_take_are_counted() throws IOException {
        // Takes the export's connection (the kernel's backlog) and never reads or answers it.
        try (java.net.ServerSocket silent = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            startGateway("http://127.0.0.1:" + silent.getLocalPort(), "  queue_size: 4\n");
            upstream.when(request().withPath("/v1/chat/completions")).respond(response().withStatusCode(200)
                    .withHeader("Content-Type", "application/json").withBody("{\"id\":\"c\",\"object\":\"chat.completion\",\"choices\":"
                            + "[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"answered\"},\"finish_reason\":\"stop\"}]}"));
            assertEquals(0, droppedSpans("queue_full"));

            // Two spans a request: the first four go into an export that hangs, the next four wait, the rest are dropped.
            int requests = 0;
            while (droppedSpans("queue_full") == 0) {
                assertTrue(requests < 200, "no span was dropped after " + requests + " requests");
                java.net.http.HttpResponse<String> response = chatWithTraceparent(false);
                assertEquals(200, response.statusCode());
                assertTrue(response.body().contains("answered"));
                requests++;
            }
            java.net.http.HttpResponse<String> after = chatWithTraceparent(false);
            assertEquals(200, after.statusCode(), "a full queue fails no request");
        }
    }

    @Test
    void a_malformed_traceparent_starts_a_new_trace_and_the_request_is_served() throws Exception {
        startGateway("http://127.0.0.1:" + collector.getAddress().getPort());
        upstream.when(request().withPath("/v1/chat/completions")).respond(response().withStatusCode(200)
                .withHeader("Content-Type", "application/json").withBody("{\"id\":\"c\",\"object\":\"chat.completion\",\"choices\":"
                        + "[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"ok\"},\"finish_reason\":\"stop\"}]}"));

        java.net.http.HttpResponse<String> response = TestGateway.send(java.net.http.HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + gateway.port() + "/v1/chat/completions"))
                .header("Authorization", "Bearer " + TestGateway.ACCESS_KEY).header("Content-Type", "application/json")
                .header("traceparent", "00-" + "z".repeat(4000) + "-01")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(chat(false))).build());

        assertEquals(200, response.statusCode());
        Span server = spans(2).stream().filter(s -> s.getKind() == Span.SpanKind.SPAN_KIND_SERVER).findFirst().orElseThrow();
        assertFalse(hex(server.getTraceId()).equals(CALLER_TRACE));
        assertTrue(server.getParentSpanId().isEmpty(), "a new trace");
    }
}

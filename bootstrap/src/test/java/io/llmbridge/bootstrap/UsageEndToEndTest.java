package io.llmbridge.bootstrap;

import io.llmbridge.adapter.out.tokenizer.JtokkitTokenCounter;
import io.llmbridge.adapter.support.json.PlainJson;
import io.llmbridge.application.port.out.ChatRecorder;
import io.llmbridge.domain.ChatRecord;
import io.llmbridge.domain.ChatRequest;
import io.llmbridge.domain.Outcome;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockserver.integration.ClientAndServer;
import org.mockserver.model.HttpRequest;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockserver.model.HttpRequest.request;
import static org.mockserver.model.HttpResponse.response;

/**
 * Usage through the wired gateway: what reaches the client, what goes upstream, and what the
 * ledger shows on {@code GET /v1/usage} to a user and to an admin. Streams are recorded when the
 * gateway closes them, after the client may already have everything, so tests wait for the
 * record on an observer before asking the ledger.
 */
class UsageEndToEndTest {
    private static final String USER_KEY = "user-key-0a1b2c9d";
    private static final String OTHER_KEY = "other-key-3d4e5f";
    private static final String ADMIN_KEY = "admin-key-6a7b8c";
    private static final String PATH = "/v1/chat/completions";
    private static final String PROMPT = "Say hello to the world";

    private static ClientAndServer upstream;
    private static DrippingUpstream dripping;
    private final BlockingQueue<ChatRecord> records = new LinkedBlockingQueue<>();
    private TestGateway gateway;

    @BeforeAll
    static void startUpstreams() throws IOException {
        upstream = ClientAndServer.startClientAndServer(0);
        dripping = new DrippingUpstream();
    }

    @AfterAll
    static void stopUpstreams() throws IOException {
        upstream.stop();
        dripping.close();
    }

    @BeforeEach
    void start() {
        upstream.reset();
        ChatRecorder observer = records::add;
        gateway = TestGateway.start("""
                  echo:
                    adapter: echo
                    models:
                      echo-1: {}
                  openai:
                    base_url: http://127.0.0.1:%1$d/v1
                    models:
                      gpt-4o: {timeout: 30}
                  plain:
                    base_url: http://127.0.0.1:%1$d/v1
                    stream_usage: false
                    models:
                      gpt-4o: {timeout: 30}
                  dripping:
                    base_url: http://127.0.0.1:%2$d/v1
                    models:
                      gpt-4o: {timeout: 60}
                """.formatted(upstream.getPort(), dripping.port()), "", Map.of(
                "ACCESS_API_KEYS", "{\"" + USER_KEY + "\":\"team-a\",\"" + OTHER_KEY + "\":\"team-b\","
                        + "\"" + ADMIN_KEY + "\":{\"name\":\"ops\",\"role\":\"admin\"}}",
                "OPENAI_API_KEY", "sk-a", "PLAIN_API_KEY", "sk-b", "DRIPPING_API_KEY", "sk-c"), List.of(observer));
    }

    @AfterEach
    void stop() {
        gateway.close();
    }

    private static String chat(String model, boolean stream, String extra) {
        return "{\"model\":\"" + model + "\",\"stream\":" + stream + extra
                + ",\"messages\":[{\"role\":\"user\",\"content\":\"" + PROMPT + "\"}]}";
    }

    private static String sseBody(boolean withUsage) {
        String chunk = "{\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"gpt-4o\",\"choices\":[%s]%s}";
        String body = "data: " + chunk.formatted("{\"index\":0,\"delta\":{\"content\":\"Hello\"},\"finish_reason\":null}", "") + "\n\n"
                + "data: " + chunk.formatted("{\"index\":0,\"delta\":{\"content\":\" world\"},\"finish_reason\":null}", "") + "\n\n"
                + "data: " + chunk.formatted("{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}", "") + "\n\n";
        if (withUsage) {
            body += "data: " + chunk.formatted("", ",\"usage\":{\"prompt_tokens\":11,\"completion_tokens\":2,\"total_tokens\":13}") + "\n\n";
        }
        return body + "data: [DONE]\n\n";
    }

    private static void upstreamStreams(boolean withUsage) {
        upstream.when(request().withPath(PATH)).respond(response().withStatusCode(200)
                .withHeader("Content-Type", "text/event-stream").withBody(sseBody(withUsage)));
    }

    private static Map<String, Object> sentUpstream() {
        HttpRequest[] sent = upstream.retrieveRecordedRequests(request().withPath(PATH));
        assertEquals(1, sent.length);
        return PlainJson.parseObject(new String(sent[0].getBody().getRawBytes(), StandardCharsets.UTF_8));
    }

    private ChatRecord nextRecord() throws InterruptedException {
        ChatRecord record = records.poll(60, TimeUnit.SECONDS);
        assertNotNull(record, "the request was recorded");
        return record;
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> usageOf(String accessKey) {
        HttpResponse<String> response = gateway.get("/usage", accessKey);
        assertEquals(200, response.statusCode(), response.body());
        return PlainJson.parseObject(response.body());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> totals(Map<String, Object> report, String keyName, String model) {
        for (Object key : (List<Object>) report.get("keys")) {
            Map<String, Object> entry = (Map<String, Object>) key;
            if (keyName.equals(entry.get("key_name"))) {
                for (Object line : (List<Object>) entry.get("models")) {
                    Map<String, Object> modelLine = (Map<String, Object>) line;
                    if (model.equals(modelLine.get("model"))) {
                        return (Map<String, Object>) modelLine.get("totals");
                    }
                }
            }
        }
        throw new AssertionError("no line for " + keyName + " × " + model + " in " + report);
    }

    private static long number(Map<String, Object> totals, String field) {
        return ((Number) totals.get(field)).longValue();
    }

    private static long promptTokensOf(String body) {
        return JtokkitTokenCounter.shared().promptTokens("gpt-4o", ChatRequest.from(PlainJson.parseObject(body)));
    }

    @Test
    void a_stream_is_accounted_with_the_providers_usage_without_showing_the_client_a_chunk_it_did_not_ask_for() throws Exception {
        upstreamStreams(true);

        HttpResponse<String> response = gateway.post("/chat/completions", chat("openai/gpt-4o", true, ""), USER_KEY);

        assertEquals(200, response.statusCode());
        assertTrue(response.body().contains("\" world\""), response.body());
        assertFalse(response.body().contains("usage"), "the usage chunk was the gateway's: " + response.body());
        assertTrue(response.body().endsWith("data: [DONE]\n\n"));
        assertEquals(Map.of("include_usage", true), sentUpstream().get("stream_options"));
        assertEquals(Outcome.SUCCESS, nextRecord().ending().outcome());
        Map<String, Object> totals = totals(usageOf(USER_KEY), "team-a", "openai/gpt-4o");
        assertEquals(11, number(totals, "prompt_tokens"));
        assertEquals(13, number(totals, "total_tokens"));
        assertEquals(1, number(totals, "reported_requests"));
        assertEquals(0, number(totals, "estimated_requests"));
    }

    @Test
    void a_client_that_asked_for_usage_gets_the_usage_chunk_once() throws Exception {
        upstreamStreams(true);

        HttpResponse<String> response = gateway.post("/chat/completions",
                chat("openai/gpt-4o", true, ",\"stream_options\":{\"include_usage\":true}"), USER_KEY);

        assertEquals(1, response.body().split("\"usage\"", -1).length - 1, response.body());
        assertTrue(response.body().contains("\"total_tokens\":13"));
        nextRecord();
    }

    @Test
    void a_provider_without_stream_usage_is_sent_no_stream_options_and_its_streams_are_estimated() throws Exception {
        upstreamStreams(false);
        String body = chat("plain/gpt-4o", true, "");

        HttpResponse<String> response = gateway.post("/chat/completions", body, USER_KEY);

        assertEquals(200, response.statusCode());
        assertFalse(sentUpstream().containsKey("stream_options"));
        assertEquals(Outcome.SUCCESS, nextRecord().ending().outcome());
        Map<String, Object> totals = totals(usageOf(USER_KEY), "team-a", "plain/gpt-4o");
        long prompt = promptTokensOf(body);
        assertEquals(prompt, number(totals, "prompt_tokens"));
        assertEquals(2, number(totals, "completion_tokens"), "\"Hello world\" is two o200k tokens");
        assertEquals(1, number(totals, "estimated_requests"));
        assertEquals(prompt + 2, number(totals, "estimated_tokens"));
    }

    @Test
    void a_non_streamed_answer_without_usage_carries_the_estimate_and_says_so() {
        upstream.when(request().withPath(PATH)).respond(response().withStatusCode(200).withBody(
                "{\"id\":\"c\",\"object\":\"chat.completion\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
                        + "\"content\":\"Hello world\"},\"finish_reason\":\"stop\"}]}"));
        String body = chat("openai/gpt-4o", false, "");

        HttpResponse<String> response = gateway.post("/chat/completions", body, USER_KEY);

        assertEquals("estimated", response.headers().firstValue("x-llmbridge-usage-source").orElseThrow());
        Map<String, Object> usage = (Map<String, Object>) PlainJson.parseObject(response.body()).get("usage");
        assertEquals(promptTokensOf(body), number(usage, "prompt_tokens"));
        assertEquals(2, number(usage, "completion_tokens"));
    }

    @Test
    void a_client_that_disconnects_mid_stream_is_recorded_as_cancelled_with_an_estimate_of_what_it_got() throws Exception {
        String body = chat("dripping/gpt-4o", true, "");
        try (Socket client = new Socket("127.0.0.1", gateway.port())) {
            client.setSoTimeout(60_000);
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            OutputStream out = client.getOutputStream();
            out.write(("POST " + PATH + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + USER_KEY
                    + "\r\nContent-Type: application/json\r\nContent-Length: " + bytes.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(bytes);
            out.flush();
            readUntil(client.getInputStream(), " world");
        }
        // The client is gone: the upstream goes on until the gateway, failing to write, hangs up on it.
        dripping.goOn.countDown();

        ChatRecord record = nextRecord();
        assertEquals(Outcome.CANCELLED, record.ending().outcome());
        Map<String, Object> totals = totals(usageOf(USER_KEY), "team-a", "dripping/gpt-4o");
        assertEquals(1, number(totals, "cancelled"));
        assertEquals(1, number(totals, "estimated_requests"));
        assertEquals(promptTokensOf(body), number(totals, "prompt_tokens"));
        assertTrue(number(totals, "completion_tokens") >= 2, "at least \"Hello world\" was delivered: " + totals);
        assertTrue(dripping.hungUpOn.await(60, TimeUnit.SECONDS), "the upstream connection was closed");
    }

    @Test
    @SuppressWarnings("unchecked")
    void a_user_sees_only_its_own_key_and_an_admin_sees_every_key() throws Exception {
        assertEquals(200, gateway.post("/chat/completions", chat("echo/echo-1", false, ""), USER_KEY).statusCode());
        assertEquals(200, gateway.post("/chat/completions", chat("echo/echo-1", false, ""), USER_KEY).statusCode());
        assertEquals(200, gateway.post("/chat/completions", chat("echo/echo-1", false, ""), OTHER_KEY).statusCode());
        assertEquals(404, gateway.post("/chat/completions", chat("echo/nope", false, ""), OTHER_KEY).statusCode());
        upstream.when(request().withPath(PATH)).respond(response().withStatusCode(500).withBody("{\"error\":{\"message\":\"down\"}}"));
        assertEquals(502, gateway.post("/chat/completions", chat("openai/gpt-4o", false, ""), USER_KEY).statusCode());

        Map<String, Object> own = usageOf(USER_KEY);
        assertEquals("own", own.get("scope"));
        assertTrue(own.get("since") instanceof String since && since.endsWith("Z"));
        List<Object> keys = (List<Object>) own.get("keys");
        assertEquals(1, keys.size(), "a user sees its own key only");
        Map<String, Object> teamA = (Map<String, Object>) keys.getFirst();
        assertEquals("team-a", teamA.get("key_name"));
        Map<String, Object> echo = totals(own, "team-a", "echo/echo-1");
        assertEquals(2, number(echo, "requests"));
        assertEquals(2 * 5, number(echo, "prompt_tokens"), "the echo counts words: 'Say hello to the world'");
        assertEquals(2, number(echo, "reported_requests"));
        Map<String, Object> failed = totals(own, "team-a", "openai/gpt-4o");
        assertEquals(1, number(failed, "errors"));
        assertEquals(1, number(failed, "estimated_requests"), "the prompt it sent is estimated");
        Map<String, Object> all = (Map<String, Object>) teamA.get("totals");
        assertEquals(3, number(all, "requests"));
        assertEquals(1, number(all, "errors"));

        Map<String, Object> admin = usageOf(ADMIN_KEY);
        assertEquals("all", admin.get("scope"));
        assertEquals(List.of("ops", "team-a", "team-b"),
                ((List<Object>) admin.get("keys")).stream().map(key -> ((Map<String, Object>) key).get("key_name")).toList());
        assertEquals(1, number(totals(admin, "team-b", "echo/echo-1"), "requests"));
        assertFalse(PlainJson.write(admin).contains(USER_KEY), "keys are named, never shown");
    }

    private static void readUntil(InputStream in, String text) throws IOException {
        StringBuilder seen = new StringBuilder();
        byte[] buffer = new byte[4096];
        while (seen.indexOf(text) < 0) {
            int read = in.read(buffer);
            if (read < 0) {
                throw new AssertionError("the stream ended before '" + text + "': " + seen);
            }
            seen.append(new String(buffer, 0, read, StandardCharsets.UTF_8));
        }
    }

    /**
     * An upstream that sends "Hello", " world", then waits for {@link #goOn} and keeps sending
     * until the gateway hangs up (or it has sent more than any client would wait for).
     */
    private static final class DrippingUpstream implements AutoCloseable {
        final CountDownLatch goOn = new CountDownLatch(1);
        final CountDownLatch hungUpOn = new CountDownLatch(1);
        private final ServerSocket server = new ServerSocket(0);

        DrippingUpstream() throws IOException {
            Thread.ofVirtual().start(this::serve);
        }

        int port() {
            return server.getLocalPort();
        }

        private void serve() {
            try (Socket socket = server.accept()) {
                InputStream in = socket.getInputStream();
                readUntil(in, "\r\n\r\n");
                OutputStream out = socket.getOutputStream();
                out.write("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n"
                        .getBytes(StandardCharsets.US_ASCII));
                send(out, "Hello");
                send(out, " world");
                goOn.await();
                for (int i = 0; i < 100_000; i++) {
                    send(out, " more");
                }
            } catch (IOException hungUp) {
                hungUpOn.countDown();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private static void send(OutputStream out, String content) throws IOException {
            String event = "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"" + content + "\"},\"finish_reason\":null}]}\n\n";
            byte[] bytes = event.getBytes(StandardCharsets.UTF_8);
            out.write((Integer.toHexString(bytes.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(bytes);
            out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }
}

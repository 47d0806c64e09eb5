package io.llmbridge.bootstrap;

import io.llmbridge.adapter.out.limits.LocalRedis;
import io.llmbridge.adapter.out.limits.TcpProxy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntSupplier;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two gateways sharing one real Redis (this machine's, at 127.0.0.1:6379) hold one fleet-wide
 * limit between them, and say what they do while Redis is away. Redis is reached through a relay
 * the test cuts and restores; every test has its own key prefix in Redis.
 */
class RedisLimitsEndToEndTest {
    private static final String ALICE_KEY = "alice-key-5d6e7f8a9b";
    private static final Map<String, String> KEYS = Map.of("ACCESS_API_KEYS", "{\"" + ALICE_KEY + "\":\"alice\"}");
    private static final String ECHO = "  echo:\n    adapter: echo\n    models:\n      echo-1: {}\n";
    private static final String HELLO = "{\"model\":\"echo/echo-1\",\"messages\":[{\"role\":\"user\",\"content\":\"hello\"}]}";
    private static final String SLOW_STREAM = "{\"model\":\"slow/m\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"go\"}]}";
    private static final Duration GENEROUS = Duration.ofSeconds(30);

    private final String prefix = "llmbridge-test:" + UUID.randomUUID();
    private final List<AutoCloseable> closing = new ArrayList<>();
    private TcpProxy redis;

    @BeforeAll
    static void redisListens() {
        LocalRedis.assumeListening("the shared limits tests");
    }

    @AfterEach
    void cleanUp() throws Exception {
        for (AutoCloseable resource : closing.reversed()) {
            resource.close();
        }
        LocalRedis.deleteKeys(prefix);
    }

    private TestGateway gateway(String providers, String limits, String onFailure, Map<String, String> environment)
            throws IOException {
        if (redis == null) {
            redis = new TcpProxy(LocalRedis.PORT);
            closing.add(redis);
        }
        TestGateway gateway = TestGateway.start(providers, "limits:\n  backend: redis\n  redis_url: redis://127.0.0.1:"
                + redis.port() + "\n  redis_key_prefix: \"" + prefix + "\"\n  on_backend_failure: " + onFailure + "\n"
                + limits, environment);
        closing.add(gateway);
        return gateway;
    }

    private static CompletableFuture<HttpResponse<String>> chatAsync(HttpClient client, TestGateway gateway) {
        return client.sendAsync(HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/chat/completions"))
                .header("Authorization", "Bearer " + ALICE_KEY).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(HELLO)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void two_gateways_never_admit_more_than_the_fleet_limit_in_total() throws IOException {
        TestGateway one = gateway(ECHO, "  keys: {alice: {rpm: 20}}\n", "closed", KEYS);
        TestGateway two = gateway(ECHO, "  keys: {alice: {rpm: 20}}\n", "closed", KEYS);
        HttpClient client = HttpClient.newHttpClient();
        List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
        long started = System.nanoTime();
        for (int i = 0; i < 60; i++) {
            calls.add(chatAsync(client, i % 2 == 0 ? one : two));
        }
        List<HttpResponse<String>> answers = calls.stream().map(CompletableFuture::join).toList();
        // rpm 20 admits a burst of 20, then one more every 3 s: a slow machine may see some refill.
        long refilled = Duration.ofNanos(System.nanoTime() - started).toSeconds() / 3;

        long admitted = answers.stream().filter(answer -> answer.statusCode() == 200).count();
        assertTrue(admitted >= 20 && admitted <= 20 + refilled, admitted + " admitted, " + refilled + " refilled");
        List<HttpResponse<String>> refused = answers.stream().filter(answer -> answer.statusCode() == 429).toList();
        assertEquals(60 - admitted, refused.size());
        assertTrue(refused.stream().allMatch(answer -> answer.headers().firstValue("Retry-After").isPresent()
                && answer.body().contains("rate_limit_exceeded")));
    }

    @Test
    void a_concurrency_limit_holds_across_both_gateways_with_streams_in_flight() throws Exception {
        SlowStreamUpstream slow = new SlowStreamUpstream();
        closing.add(slow);
        String providers = ECHO + "  slow:\n    base_url: http://127.0.0.1:%d/v1\n    models:\n      m: {timeout: 60}\n"
                .formatted(slow.port());
        Map<String, String> environment = Map.of("ACCESS_API_KEYS", KEYS.get("ACCESS_API_KEYS"),
                "SLOW_API_KEY", TestGateway.PROVIDER_KEY);
        TestGateway one = gateway(providers, "  keys: {alice: {concurrent: 2}}\n", "closed", environment);
        TestGateway two = gateway(providers, "  keys: {alice: {concurrent: 2}}\n", "closed", environment);

        InputStream first = one.streamBegun(SLOW_STREAM, ALICE_KEY);
        InputStream second = two.streamBegun(SLOW_STREAM, ALICE_KEY);
        HttpResponse<String> third = one.post("/chat/completions", HELLO, ALICE_KEY);
        assertEquals(429, third.statusCode(), third.body());
        assertTrue(third.body().contains("Concurrency limit reached for key alice"), third.body());
        assertEquals(429, two.post("/chat/completions", HELLO, ALICE_KEY).statusCode());

        first.close();
        second.close();
        slow.clientHasGone();
        awaitStatus(() -> one.post("/chat/completions", HELLO, ALICE_KEY).statusCode(), 200,
                "both slots are freed once the streams have ended");
    }

    @Test
    void without_redis_closed_refuses_and_open_admits_both_say_so_and_redis_back_is_exact_again() throws Exception {
        TestGateway closed = gateway(ECHO, "  keys: {alice: {rpm: 3}}\n", "closed", KEYS);
        TestGateway open = gateway(ECHO, "  keys: {alice: {rpm: 3}}\n", "open", KEYS);
        assertEquals(200, closed.post("/chat/completions", HELLO, ALICE_KEY).statusCode());

        redis.stop();
        awaitStatus(() -> closed.post("/chat/completions", HELLO, ALICE_KEY).statusCode(), 503,
                "with Redis away, the closed gateway refuses");
        HttpResponse<String> refused = closed.post("/chat/completions", HELLO, ALICE_KEY);
        assertTrue(refused.body().contains("quota_backend_unavailable"), refused.body());
        assertEquals(503, closed.getRoot("/observe/health/ready").statusCode(), "a closed gateway without Redis is not ready");

        assertEquals(200, open.post("/chat/completions", HELLO, ALICE_KEY).statusCode(), "the open one admits");
        HttpResponse<String> degraded = open.getRoot("/observe/health/ready");
        assertEquals(200, degraded.statusCode());
        assertTrue(degraded.body().contains("\"degraded\":true"), degraded.body());
        String metrics = open.getRoot("/observe/metrics").body();
        assertTrue(Pattern.compile("llmbridge_quota_decisions_without_backend_total\\{decision=\"admitted\"[^}]*} 1\\.0")
                .matcher(metrics).find(), metrics);

        redis.start();
        awaitStatus(() -> closed.getRoot("/observe/health/ready").statusCode(), 200, "Redis is reached again");
        // One admitted before the outage: two more fit the shared rpm of 3, then no more.
        assertEquals(200, closed.post("/chat/completions", HELLO, ALICE_KEY).statusCode());
        assertEquals(200, closed.post("/chat/completions", HELLO, ALICE_KEY).statusCode());
        assertEquals(429, closed.post("/chat/completions", HELLO, ALICE_KEY).statusCode());
    }

    private static void awaitStatus(IntSupplier status, int expected, String what) {
        long deadline = System.nanoTime() + GENEROUS.toNanos();
        int last;
        while ((last = status.getAsInt()) != expected) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + ": still " + last + " after " + GENEROUS);
            }
            Thread.onSpinWait();
        }
    }
}

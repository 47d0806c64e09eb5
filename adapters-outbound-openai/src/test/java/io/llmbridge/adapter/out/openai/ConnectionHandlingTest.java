package io.llmbridge.adapter.out.openai;

import io.llmbridge.adapter.support.json.PlainJson;
import io.llmbridge.application.port.out.ChatProvider;
import io.llmbridge.application.port.out.ProviderSettings;
import io.llmbridge.domain.ChatRequest;
import io.llmbridge.domain.ChatStream;
import io.llmbridge.domain.ModelRef;
import io.llmbridge.domain.ModelRoute;
import io.llmbridge.domain.ParamRules;
import io.llmbridge.domain.Secret;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConnectionHandlingTest {
    private static final ModelRoute ROUTE = new ModelRoute(new ModelRef("local", "m"), "m", null, Duration.ofSeconds(10), ParamRules.NONE);

    private static ChatProvider provider(int port) {
        return new OpenAiProviderFactory().create(new ProviderSettings("local", "http://127.0.0.1:" + port + "/v1",
                new Secret("k"), "LOCAL_API_KEY", Map.of()));
    }

    private static ChatRequest chat(boolean stream) {
        return ChatRequest.from(PlainJson.parseObject("{\"model\":\"local/m\",\"stream\":" + stream
                + ",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"));
    }

    @Test
    void consecutive_requests_reuse_one_kept_alive_connection() throws Exception {
        try (RawUpstream upstream = new RawUpstream(false)) {
            ChatProvider provider = provider(upstream.port());
            for (int i = 0; i < 5; i++) {
                provider.complete(ROUTE, chat(false));
            }
            assertEquals(1, upstream.connections());
        }
    }

    @Test
    void closing_a_stream_early_hangs_up_on_the_upstream_at_once() throws Exception {
        try (RawUpstream upstream = new RawUpstream(true)) {
            ChatStream stream = provider(upstream.port()).stream(ROUTE, chat(true));
            assertEquals("x", stream.next().orElseThrow().contentDelta());
            stream.close();
            assertTrue(upstream.clientClosedMidStream.await(5, TimeUnit.SECONDS), "the upstream saw the connection close");
        }
    }
}

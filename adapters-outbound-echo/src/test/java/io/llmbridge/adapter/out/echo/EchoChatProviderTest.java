package io.llmbridge.adapter.out.echo;

import io.llmbridge.adapter.support.json.PlainJson;
import io.llmbridge.domain.ChatChunk;
import io.llmbridge.domain.ChatRequest;
import io.llmbridge.domain.ChatResponse;
import io.llmbridge.domain.ChatStream;
import io.llmbridge.domain.ModelRef;
import io.llmbridge.domain.ModelRoute;
import io.llmbridge.domain.ParamRules;
import io.llmbridge.domain.Usage;
import io.llmbridge.domain.UsageSource;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EchoChatProviderTest {
    private static final ModelRoute ROUTE = new ModelRoute(new ModelRef("echo", "echo-1"), "echo-1", null, Duration.ofSeconds(5), ParamRules.NONE);
    private static final Usage WORDS = new Usage(3L, 3L, 6L, null, null, UsageSource.PROVIDER);

    private final EchoChatProvider echo = new EchoChatProvider(Clock.systemUTC());

    private static ChatRequest request(String extra) {
        return ChatRequest.from(PlainJson.parseObject("{\"model\":\"echo/echo-1\",\"stream\":true" + extra
                + ",\"messages\":[{\"role\":\"user\",\"content\":\"one two three\"}]}"));
    }

    private List<ChatChunk> drain(ChatRequest request) {
        List<ChatChunk> chunks = new ArrayList<>();
        try (ChatStream stream = echo.stream(ROUTE, request)) {
            Optional<ChatChunk> chunk;
            while ((chunk = stream.next()).isPresent()) {
                chunks.add(chunk.get());
            }
        }
        return chunks;
    }

    @Test
    void a_stream_reports_its_word_count_usage_last_and_keeps_it_from_a_client_that_did_not_ask() {
        List<ChatChunk> chunks = drain(request(""));
        ChatChunk last = chunks.getLast();
        assertEquals(WORDS, last.usage());
        assertFalse(last.forClient());
        assertTrue(chunks.subList(0, chunks.size() - 1).stream().allMatch(chunk -> chunk.forClient() && chunk.usage() == null));
    }

    @Test
    void a_client_that_asked_for_usage_gets_the_usage_chunk() {
        ChatChunk last = drain(request(",\"stream_options\":{\"include_usage\":true}")).getLast();
        assertTrue(last.forClient());
        assertEquals(WORDS, last.usage());
        assertTrue(last.json().contains("\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":3,\"total_tokens\":6}"));
    }

    @Test
    void an_answer_is_named_by_the_id_its_json_carries() {
        ChatResponse whole = echo.complete(ROUTE, request(""));
        assertEquals(PlainJson.parseObject(whole.json()).get("id"), whole.responseId());
        try (ChatStream stream = echo.stream(ROUTE, request(""))) {
            ChatChunk first = stream.next().orElseThrow();
            assertEquals(PlainJson.parseObject(first.json()).get("id"), stream.responseId());
        }
    }

    @Test
    void a_whole_answer_reports_the_same_usage() {
        assertEquals(WORDS, echo.complete(ROUTE, request("")).usage());
    }
}

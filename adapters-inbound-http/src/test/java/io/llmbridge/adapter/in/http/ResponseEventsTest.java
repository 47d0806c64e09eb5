package io.llmbridge.adapter.in.http;

import io.llmbridge.adapter.support.json.PlainJson;
import io.llmbridge.domain.BridgeException;
import io.llmbridge.domain.ChatChunk;
import io.llmbridge.domain.ErrorKind;
import io.llmbridge.domain.RequestContext;
import io.llmbridge.domain.Transport;
import io.llmbridge.domain.Usage;
import io.llmbridge.domain.UsageSource;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A chat stream retold as Responses events: their order, numbering and contents. */
class ResponseEventsTest {
    private final List<Map<String, Object>> events = new ArrayList<>();
    private final ResponseEvents translation = new ResponseEvents(
            ResponsesRequest.from("{\"model\":\"p/m\",\"input\":\"Hi\",\"stream\":true}".getBytes(StandardCharsets.UTF_8)),
            RequestContext.received(Transport.HTTP, RequestContext.CHAT_COMPLETION, null), events::add);

    private static ChatChunk text(String delta) {
        return new ChatChunk("{\"choices\":[{\"delta\":{\"content\":\"" + delta + "\"}}]}", delta, null, null);
    }

    private static ChatChunk call(String json) {
        return new ChatChunk("{\"choices\":[{\"delta\":{\"tool_calls\":[" + json + "]}}]}", null, null, null, null, "x", true);
    }

    private List<Object> types() {
        return events.stream().map(event -> event.get("type")).map(Object.class::cast).toList();
    }

    @Test
    void text_then_a_tool_call_is_the_documented_sequence_numbered_from_zero() {
        translation.start();
        translation.chunk(new ChatChunk("{}", null, null, null, "Hmm.", null, true));
        translation.chunk(text("Hel"));
        translation.chunk(text("lo"));
        translation.chunk(call("{\"index\":0,\"id\":\"call_1\",\"function\":{\"name\":\"f\",\"arguments\":\"{\\\"a\\\"\"}}"));
        translation.chunk(call("{\"index\":0,\"function\":{\"arguments\":\":1}\"}}"));
        translation.chunk(new ChatChunk("{\"choices\":[]}", null, "tool_calls", new Usage(3L, 4L, 7L, null, null, UsageSource.PROVIDER)));
        translation.finish();

        assertEquals(List.of("response.created", "response.in_progress",
                "response.output_item.added", "response.content_part.added", "response.reasoning_text.delta",
                "response.reasoning_text.done", "response.content_part.done", "response.output_item.done",
                "response.output_item.added", "response.content_part.added", "response.output_text.delta", "response.output_text.delta",
                "response.output_text.done", "response.content_part.done", "response.output_item.done",
                "response.output_item.added", "response.function_call_arguments.delta", "response.function_call_arguments.delta",
                "response.function_call_arguments.done", "response.output_item.done",
                "response.completed"), types());
        for (int i = 0; i < events.size(); i++) {
            assertEquals((long) i, events.get(i).get("sequence_number"));
        }
        assertEquals(PlainJson.parse("""
                {"type":"response.output_text.done","item_id":"%s","output_index":1,"content_index":0,"text":"Hello","logprobs":[]}"""
                .formatted(events.get(12).get("item_id"))), PlainJson.parse(PlainJson.write(withoutSequence(events.get(12)))));
        assertEquals("{\"a\":1}", events.get(18).get("arguments"));
        assertEquals("f", events.get(18).get("name"));
        Map<?, ?> response = (Map<?, ?>) events.getLast().get("response");
        assertEquals("completed", response.get("status"));
        assertEquals(3, ((List<?>) response.get("output")).size());
        assertEquals(7L, ((Map<?, ?>) response.get("usage")).get("total_tokens"));
    }

    @Test
    void a_stream_cut_by_the_token_limit_ends_incomplete() {
        translation.start();
        translation.chunk(text("One"));
        translation.chunk(new ChatChunk("{}", null, "length", null));
        translation.finish();
        Map<?, ?> response = (Map<?, ?>) events.getLast().get("response");
        assertEquals("response.incomplete", events.getLast().get("type"));
        assertEquals(Map.of("reason", "max_output_tokens"), response.get("incomplete_details"));
    }

    @Test
    void a_failure_after_the_start_ends_with_response_failed_and_what_had_come() {
        translation.start();
        translation.chunk(text("Half"));
        translation.fail(BridgeException.of(ErrorKind.UPSTREAM_ERROR, "Provider 'p' broke off.").build());
        assertEquals("response.failed", events.getLast().get("type"));
        Map<?, ?> response = (Map<?, ?>) events.getLast().get("response");
        assertEquals("failed", response.get("status"));
        assertEquals(Map.of("code", "server_error", "message", "Provider 'p' broke off."), response.get("error"));
        Map<?, ?> message = (Map<?, ?>) ((List<?>) response.get("output")).getFirst();
        assertEquals("in_progress", message.get("status"));
    }

    private static Map<String, Object> withoutSequence(Map<String, Object> event) {
        Map<String, Object> copy = new java.util.LinkedHashMap<>(event);
        copy.remove("sequence_number");
        return copy;
    }
}

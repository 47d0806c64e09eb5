package io.llmbridge.adapter.in.anthropic;

import io.llmbridge.adapter.support.json.PlainJson;
import io.llmbridge.domain.BridgeException;
import io.llmbridge.domain.ChatChunk;
import io.llmbridge.domain.ChatStream;
import io.llmbridge.domain.ErrorKind;
import io.llmbridge.domain.Usage;
import io.llmbridge.domain.UsageSource;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StreamTranslationTest {
    private static ChatChunk chunk(String delta, String finishReason, Usage usage) {
        String json = "{\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":" + delta
                + ",\"finish_reason\":" + (finishReason == null ? "null" : "\"" + finishReason + "\"") + "}]}";
        return new ChatChunk(json, null, finishReason, usage);
    }

    private static List<String> events(List<ChatChunk> chunks) {
        List<String> events = new ArrayList<>();
        StreamTranslation translation = new StreamTranslation((type, json) -> events.add(type + " " + PlainJson.write(json)));
        translation.start("msg_1", "a/b");
        chunks.forEach(translation::chunk);
        translation.end();
        return events;
    }

    @Test
    void reasoning_text_and_tool_calls_become_blocks_in_order() {
        Usage usage = new Usage(30L, 7L, 37L, null, 10L, UsageSource.PROVIDER);
        List<String> events = events(List.of(
                chunk("{\"role\":\"assistant\",\"reasoning_content\":\"Think\"}", null, null),
                chunk("{\"content\":\"Hi\"}", null, null),
                chunk("{\"tool_calls\":[{\"index\":0,\"id\":\"t1\",\"type\":\"function\",\"function\":{\"name\":\"w\",\"arguments\":\"{\\\"a\\\"\"}}]}", null, null),
                chunk("{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\":1}\"}}]}", null, null),
                chunk("{\"tool_calls\":[{\"index\":1,\"id\":\"t2\",\"type\":\"function\",\"function\":{\"name\":\"x\",\"arguments\":\"{}\"}}]}", null, null),
                chunk("{}", "tool_calls", null),
                new ChatChunk("{\"id\":\"c\",\"choices\":[],\"usage\":{}}", null, null, usage)));

        assertEquals(List.of(
                "message_start {\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"a/b\",\"content\":[],\"stop_reason\":null,\"stop_sequence\":null,\"usage\":{\"input_tokens\":0,\"cache_creation_input_tokens\":0,\"cache_read_input_tokens\":0,\"output_tokens\":0}}}",
                "content_block_start {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"thinking\",\"thinking\":\"\",\"signature\":\"\"}}",
                "content_block_delta {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"thinking_delta\",\"thinking\":\"Think\"}}",
                "content_block_stop {\"type\":\"content_block_stop\",\"index\":0}",
                "content_block_start {\"type\":\"content_block_start\",\"index\":1,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}",
                "content_block_delta {\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":\"text_delta\",\"text\":\"Hi\"}}",
                "content_block_stop {\"type\":\"content_block_stop\",\"index\":1}",
                "content_block_start {\"type\":\"content_block_start\",\"index\":2,\"content_block\":{\"type\":\"tool_use\",\"id\":\"t1\",\"name\":\"w\",\"input\":{}}}",
                "content_block_delta {\"type\":\"content_block_delta\",\"index\":2,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"{\\\"a\\\"\"}}",
                "content_block_delta {\"type\":\"content_block_delta\",\"index\":2,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\":1}\"}}",
                "content_block_stop {\"type\":\"content_block_stop\",\"index\":2}",
                "content_block_start {\"type\":\"content_block_start\",\"index\":3,\"content_block\":{\"type\":\"tool_use\",\"id\":\"t2\",\"name\":\"x\",\"input\":{}}}",
                "content_block_delta {\"type\":\"content_block_delta\",\"index\":3,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"{}\"}}",
                "content_block_stop {\"type\":\"content_block_stop\",\"index\":3}",
                "message_delta {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"tool_use\",\"stop_sequence\":null},\"usage\":{\"input_tokens\":20,\"cache_creation_input_tokens\":0,\"cache_read_input_tokens\":10,\"output_tokens\":7}}",
                "message_stop {\"type\":\"message_stop\"}"), events);
    }

    @Test
    void a_failure_mid_stream_ends_it_with_an_error_event_and_no_message_stop() throws IOException {
        Deque<Object> script = new ArrayDeque<>(List.of(chunk("{\"content\":\"partial\"}", null, null),
                BridgeException.of(ErrorKind.UPSTREAM_TIMEOUT, "The upstream went quiet.").build()));
        ChatStream stream = new ChatStream() {
            @Override
            public Optional<ChatChunk> next() {
                Object next = script.poll();
                if (next instanceof BridgeException e) {
                    throw e;
                }
                return Optional.ofNullable((ChatChunk) next);
            }

            @Override
            public void close() {
            }
        };
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        EventWriting.writeAll(stream, stream.next(), out, "msg_1", "a/b");
        String written = out.toString(StandardCharsets.UTF_8);

        assertTrue(written.startsWith("event: message_start\ndata: {"), written);
        assertTrue(written.contains("event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,"
                + "\"delta\":{\"type\":\"text_delta\",\"text\":\"partial\"}}\n\n"), written);
        assertTrue(written.endsWith("event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"api_error\","
                + "\"message\":\"The upstream went quiet.\"}}\n\n"), written);
        assertTrue(!written.contains("message_stop"), written);
    }
}

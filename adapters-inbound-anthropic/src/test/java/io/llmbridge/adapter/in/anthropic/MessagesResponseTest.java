package io.llmbridge.adapter.in.anthropic;

import io.llmbridge.domain.ChatResponse;
import io.llmbridge.domain.Usage;
import io.llmbridge.domain.UsageSource;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class MessagesResponseTest {
    @Test
    void a_completion_becomes_a_message_with_thinking_text_and_tool_use_blocks() {
        String completion = """
                {"id":"chatcmpl-1","object":"chat.completion","model":"deepseek-reasoner","choices":[{"index":0,
                 "message":{"role":"assistant","content":"Let me check.","reasoning_content":"The user wants weather.",
                 "tool_calls":[{"id":"call_1","type":"function","function":{"name":"weather","arguments":"{\\"city\\":\\"Oslo\\"}"}}]},
                 "finish_reason":"tool_calls"}]}""";
        Usage usage = new Usage(100L, 20L, 120L, null, 60L, UsageSource.PROVIDER);

        String message = MessagesResponse.json(new ChatResponse(completion, usage, "tool_calls", null), "msg_1", "deepseek/deepseek-reasoner");

        assertEquals("""
                {"id":"msg_1","type":"message","role":"assistant","model":"deepseek/deepseek-reasoner","content":[\
                {"type":"thinking","thinking":"The user wants weather.","signature":""},\
                {"type":"text","text":"Let me check."},\
                {"type":"tool_use","id":"call_1","name":"weather","input":{"city":"Oslo"}}],\
                "stop_reason":"tool_use","stop_sequence":null,\
                "usage":{"input_tokens":40,"cache_creation_input_tokens":0,"cache_read_input_tokens":60,"output_tokens":20}}""",
                message);
    }

    @Test
    void finish_reasons_map_to_stop_reasons() {
        assertEquals(Map.of("stop", "end_turn", "length", "max_tokens", "tool_calls", "tool_use", "content_filter", "refusal"),
                Map.of("stop", MessagesUsage.stopReason("stop"), "length", MessagesUsage.stopReason("length"),
                        "tool_calls", MessagesUsage.stopReason("tool_calls"), "content_filter", MessagesUsage.stopReason("content_filter")));
        assertEquals("end_turn", MessagesUsage.stopReason(null));
    }

    @Test
    void arguments_that_are_not_a_json_object_leave_the_input_empty() {
        assertEquals(Map.of(), MessagesResponse.input("{\"city\":"));
        assertEquals(Map.of(), MessagesResponse.input("[1]"));
        assertEquals(Map.of(), MessagesResponse.input(null));
    }
}

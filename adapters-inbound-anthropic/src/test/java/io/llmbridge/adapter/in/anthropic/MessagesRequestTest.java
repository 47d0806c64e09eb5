package io.llmbridge.adapter.in.anthropic;

import io.llmbridge.adapter.support.json.PlainJson;
import io.llmbridge.domain.BridgeException;
import io.llmbridge.domain.ErrorKind;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MessagesRequestTest {
    private static Map<String, Object> chat(String messagesRequest) {
        return MessagesRequest.chatBody(PlainJson.parseObject(messagesRequest), true);
    }

    private static String refusal(String messagesRequest) {
        BridgeException e = assertThrows(BridgeException.class, () -> MessagesRequest.toChat(PlainJson.parseObject(messagesRequest)));
        assertEquals(ErrorKind.INVALID_REQUEST, e.kind());
        return e.getMessage();
    }

    @Test
    void sampling_fields_map_to_their_chat_counterparts() {
        Map<String, Object> chat = chat("""
                {"model":"openai/gpt-4o","max_tokens":300,"temperature":0.5,"top_p":0.9,"top_k":40,
                 "stop_sequences":["END","STOP"],"metadata":{"user_id":"u-1"},"stream":true,
                 "messages":[{"role":"user","content":"hi"}]}""");
        assertEquals("""
                {"model":"openai/gpt-4o","messages":[{"role":"user","content":"hi"}],"max_tokens":300,"temperature":0.5,\
                "top_p":0.9,"stop":["END","STOP"],"stream":true,"stream_options":{"include_usage":true},"user":"u-1"}""",
                PlainJson.write(chat));
    }

    @Test
    void a_system_prompt_of_blocks_becomes_one_system_message() {
        Map<String, Object> chat = chat("""
                {"model":"a/b","max_tokens":5,"system":[{"type":"text","text":"Be brief."},
                 {"type":"text","text":"Be kind.","cache_control":{"type":"ephemeral","ttl":"1h"}}],
                 "messages":[{"role":"user","content":"hi"}]}""");
        assertEquals(Map.of("role", "system", "content", "Be brief.\nBe kind."), ((List<?>) chat.get("messages")).getFirst());
    }

    @Test
    void images_become_image_parts_by_data_url_or_url() {
        Map<String, Object> chat = chat("""
                {"model":"a/b","max_tokens":5,"messages":[{"role":"user","content":[
                 {"type":"text","text":"What is it?"},
                 {"type":"image","source":{"type":"base64","media_type":"image/png","data":"iVBORw0"}},
                 {"type":"image","source":{"type":"url","url":"https://example.com/cat.jpg"}}]}]}""");
        assertEquals("""
                [{"role":"user","content":[{"type":"text","text":"What is it?"},\
                {"type":"image_url","image_url":{"url":"data:image/png;base64,iVBORw0"}},\
                {"type":"image_url","image_url":{"url":"https://example.com/cat.jpg"}}]}]""", PlainJson.write(chat.get("messages")));
    }

    @Test
    void tool_use_and_tool_results_become_tool_calls_and_tool_messages_in_order() {
        Map<String, Object> chat = chat("""
                {"model":"a/b","max_tokens":5,"messages":[
                 {"role":"user","content":"Weather?"},
                 {"role":"assistant","content":[{"type":"thinking","thinking":"hmm","signature":"abc"},
                  {"type":"text","text":"Checking."},
                  {"type":"tool_use","id":"t1","name":"weather","input":{"city":"Oslo"}},
                  {"type":"tool_use","id":"t2","name":"time","input":{}}]},
                 {"role":"user","content":[{"type":"tool_result","tool_use_id":"t1","content":[{"type":"text","text":"rain"}]},
                  {"type":"tool_result","tool_use_id":"t2","content":"noon","is_error":false},
                  {"type":"text","text":"So?"}]}]}""");
        assertEquals("""
                [{"role":"user","content":"Weather?"},\
                {"role":"assistant","content":"Checking.","tool_calls":[\
                {"id":"t1","type":"function","function":{"name":"weather","arguments":"{\\"city\\":\\"Oslo\\"}"}},\
                {"id":"t2","type":"function","function":{"name":"time","arguments":"{}"}}]},\
                {"role":"tool","content":"rain","tool_call_id":"t1"},\
                {"role":"tool","content":"noon","tool_call_id":"t2"},\
                {"role":"user","content":[{"type":"text","text":"So?"}]}]""", PlainJson.write(chat.get("messages")));
    }

    @Test
    void tools_and_each_tool_choice_map_to_function_tools() {
        String tools = """
                "tools":[{"name":"weather","description":"Weather in a city","input_schema":{"type":"object","properties":{"city":{"type":"string"}}}}]""";
        Map<String, Object> chat = chat("{\"model\":\"a/b\",\"max_tokens\":5,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]," + tools
                + ",\"tool_choice\":{\"type\":\"tool\",\"name\":\"weather\",\"disable_parallel_tool_use\":true}}");
        assertEquals("""
                [{"type":"function","function":{"name":"weather","description":"Weather in a city",\
                "parameters":{"type":"object","properties":{"city":{"type":"string"}}}}}]""", PlainJson.write(chat.get("tools")));
        assertEquals("{\"type\":\"function\",\"function\":{\"name\":\"weather\"}}", PlainJson.write(chat.get("tool_choice")));
        assertEquals(false, chat.get("parallel_tool_calls"));
        for (var choice : Map.of("auto", "auto", "any", "required", "none", "none").entrySet()) {
            Map<String, Object> other = chat("{\"model\":\"a/b\",\"max_tokens\":5,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],"
                    + tools + ",\"tool_choice\":{\"type\":\"" + choice.getKey() + "\"}}");
            assertEquals(choice.getValue(), other.get("tool_choice"));
        }
    }

    @Test
    void a_thinking_budget_becomes_a_reasoning_effort() {
        for (var budget : Map.of(1024, "low", 10000, "medium", 32000, "high").entrySet()) {
            Map<String, Object> chat = chat("{\"model\":\"a/b\",\"max_tokens\":40000,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],"
                    + "\"thinking\":{\"type\":\"enabled\",\"budget_tokens\":" + budget.getKey() + "}}");
            assertEquals(budget.getValue(), chat.get("reasoning_effort"));
        }
        assertFalse(chat("{\"model\":\"a/b\",\"max_tokens\":5,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],"
                + "\"thinking\":{\"type\":\"disabled\"}}").containsKey("reasoning_effort"));
    }

    @Test
    void what_the_chat_shape_cannot_carry_is_refused_not_dropped() {
        assertTrue(refusal("{\"model\":\"a/b\",\"max_tokens\":5,\"messages\":[{\"role\":\"user\",\"content\":["
                + "{\"type\":\"document\",\"source\":{\"type\":\"base64\",\"media_type\":\"application/pdf\",\"data\":\"x\"}}]}]}")
                .contains("messages.0.content.0.source.type"));
        assertTrue(refusal("{\"model\":\"a/b\",\"max_tokens\":5,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],"
                + "\"tools\":[{\"type\":\"web_search_20250305\",\"name\":\"web_search\"}]}").contains("web_search_20250305"));
        assertTrue(refusal("{\"model\":\"a/b\",\"max_tokens\":5,\"messages\":[{\"role\":\"user\",\"content\":["
                + "{\"type\":\"search_result\"}]}]}").contains("search_result"));
    }

    @Test
    void missing_and_mistyped_fields_are_named() {
        assertTrue(refusal("{\"model\":\"a/b\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}").contains("max_tokens"));
        assertTrue(refusal("{\"max_tokens\":5,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}").contains("model"));
        assertTrue(refusal("{\"model\":\"a/b\",\"max_tokens\":5,\"messages\":[]}").contains("messages"));
        assertTrue(refusal("{\"model\":\"a/b\",\"max_tokens\":5,\"messages\":[{\"role\":\"user\",\"content\":7}]}")
                .contains("messages.0.content must be an array"));
        assertTrue(refusal("{\"model\":\"a/b\",\"max_tokens\":5,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"system\":{}}")
                .contains("system must be an array"));
        assertTrue(refusal("{\"model\":\"a/b\",\"max_tokens\":0,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}")
                .contains("max_tokens"));
    }

    @Test
    void counting_needs_no_max_tokens() {
        assertEquals("a/b", MessagesRequest.forCounting(PlainJson.parseObject(
                "{\"model\":\"a/b\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}")).model());
    }
}

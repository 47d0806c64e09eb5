package io.llmbridge.adapter.in.http;

import io.llmbridge.adapter.support.json.PlainJson;
import io.llmbridge.domain.BridgeException;
import io.llmbridge.domain.ChatResponse;
import io.llmbridge.domain.RequestContext;
import io.llmbridge.domain.Transport;
import io.llmbridge.domain.Usage;
import io.llmbridge.domain.UsageSource;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Responses requests into chat requests and chat answers into Response objects, field by field. */
class ResponsesTranslationTest {
    private static final RequestContext CONTEXT = new RequestContext("req_0123456789abcdef01234567", Transport.HTTP,
            RequestContext.CHAT_COMPLETION, null, Instant.ofEpochSecond(1_700_000_000), 0);

    private static ResponsesRequest request(String json) {
        return ResponsesRequest.from(json.getBytes(StandardCharsets.UTF_8));
    }

    private static Map<String, Object> chat(String json) {
        return request(json).chat().body();
    }

    private static BridgeException refused(String json) {
        return assertThrows(BridgeException.class, () -> request(json));
    }

    @Test
    void a_string_input_and_instructions_become_a_system_and_a_user_message() {
        Map<String, Object> chat = chat("{\"model\":\"p/m\",\"instructions\":\"Be brief.\",\"input\":\"Hi\"}");
        assertEquals(PlainJson.parse("""
                {"model":"p/m","messages":[{"role":"system","content":"Be brief."},{"role":"user","content":"Hi"}]}"""), chat);
    }

    @Test
    void every_setting_is_carried_under_its_chat_name() {
        Map<String, Object> chat = chat("""
                {"model":"p/m","input":"Hi","max_output_tokens":300,"temperature":0.5,"top_p":0.9,"parallel_tool_calls":false,
                 "reasoning":{"effort":"low","summary":"auto"},"user":"u1","store":false,"metadata":{"k":"v"},
                 "include":["reasoning.encrypted_content"],"truncation":"auto","stream":true,
                 "text":{"format":{"type":"json_schema","name":"answer","schema":{"type":"object"},"strict":true},"verbosity":"low"},
                 "tool_choice":{"type":"function","name":"f"},
                 "tools":[{"type":"function","name":"f","description":"d","parameters":{"type":"object"},"strict":false}]}""");
        assertEquals(300L, chat.get("max_completion_tokens"));
        assertEquals("0.5", chat.get("temperature").toString());
        assertEquals("0.9", chat.get("top_p").toString());
        assertEquals(false, chat.get("parallel_tool_calls"));
        assertEquals("low", chat.get("reasoning_effort"));
        assertEquals("u1", chat.get("user"));
        assertEquals("low", chat.get("verbosity"));
        assertEquals(true, chat.get("stream"));
        assertEquals(Map.of("include_usage", true), chat.get("stream_options"));
        assertEquals(PlainJson.parse("""
                {"type":"json_schema","json_schema":{"name":"answer","schema":{"type":"object"},"strict":true}}"""),
                chat.get("response_format"));
        assertEquals(PlainJson.parse("{\"type\":\"function\",\"function\":{\"name\":\"f\"}}"), chat.get("tool_choice"));
        assertEquals(PlainJson.parse("""
                [{"type":"function","function":{"name":"f","description":"d","parameters":{"type":"object"},"strict":false}}]"""),
                chat.get("tools"));
        for (String responsesOnly : new String[]{"input", "instructions", "store", "metadata", "include", "truncation", "reasoning", "text"}) {
            assertFalse(chat.containsKey(responsesOnly), responsesOnly + " is not a chat field");
        }
    }

    @Test
    void items_become_chat_turns_with_calls_on_the_assistant_message_and_outputs_as_tool_messages() {
        Map<String, Object> chat = chat("""
                {"model":"p/m","input":[
                 {"type":"message","role":"developer","content":[{"type":"input_text","text":"Rules"}]},
                 {"role":"user","content":[{"type":"input_text","text":"Look:"},
                                           {"type":"input_image","image_url":"data:image/png;base64,AAAA","detail":"low"}]},
                 {"type":"reasoning","id":"rs_1","summary":[],"encrypted_content":"opaque"},
                 {"type":"message","role":"assistant","content":[{"type":"output_text","text":"Checking."}]},
                 {"type":"function_call","call_id":"c1","name":"f","arguments":"{}"},
                 {"type":"function_call","call_id":"c2","name":"g","arguments":"{\\"a\\":1}"},
                 {"type":"function_call_output","call_id":"c1","output":"one"},
                 {"type":"function_call_output","call_id":"c2","output":[{"type":"input_text","text":"two"}]}]}""");
        assertEquals(PlainJson.parse("""
                [{"role":"system","content":"Rules"},
                 {"role":"user","content":[{"type":"text","text":"Look:"},
                                           {"type":"image_url","image_url":{"url":"data:image/png;base64,AAAA","detail":"low"}}]},
                 {"role":"assistant","content":"Checking.","tool_calls":[
                   {"id":"c1","type":"function","function":{"name":"f","arguments":"{}"}},
                   {"id":"c2","type":"function","function":{"name":"g","arguments":"{\\"a\\":1}"}}]},
                 {"role":"tool","content":"one","tool_call_id":"c1"},
                 {"role":"tool","content":"two","tool_call_id":"c2"}]"""), chat.get("messages"));
    }

    @Test
    void the_settings_a_response_repeats_say_what_was_asked_and_that_nothing_is_stored() {
        Map<String, Object> settings = request("{\"model\":\"p/m\",\"input\":\"Hi\",\"store\":true,\"max_output_tokens\":9}").settings();
        assertEquals(false, settings.get("store"));
        assertEquals(9L, settings.get("max_output_tokens"));
        assertEquals("auto", settings.get("tool_choice"));
        assertEquals(Map.of("format", Map.of("type", "text")), settings.get("text"));
        assertEquals(Map.of(), settings.get("metadata"));
    }

    @Test
    void what_cannot_be_carried_faithfully_is_refused_naming_the_field() {
        assertEquals("input", refused("{\"model\":\"p/m\"}").param());
        assertEquals("input", refused("{\"model\":\"p/m\",\"input\":42}").param());
        assertEquals("input", refused("{\"model\":\"p/m\",\"input\":[]}").param());
        assertEquals("model", refused("{\"input\":\"Hi\"}").param());
        assertEquals("previous_response_id", refused("{\"model\":\"p/m\",\"input\":\"Hi\",\"previous_response_id\":\"resp_1\"}").param());
        assertEquals("conversation", refused("{\"model\":\"p/m\",\"input\":\"Hi\",\"conversation\":\"conv_1\"}").param());
        assertEquals("input[0].type", refused("{\"model\":\"p/m\",\"input\":[{\"type\":\"computer_call\"}]}").param());
        assertEquals("input[0]", refused("{\"model\":\"p/m\",\"input\":[\"Hi\"]}").param());
        assertEquals("input[0].content[0].type",
                refused("{\"model\":\"p/m\",\"input\":[{\"role\":\"user\",\"content\":[{\"type\":\"input_file\",\"file_id\":\"f\"}]}]}").param());
        assertEquals("input[0].content[0].image_url",
                refused("{\"model\":\"p/m\",\"input\":[{\"role\":\"user\",\"content\":[{\"type\":\"input_image\",\"file_id\":\"f\"}]}]}").param());
        assertEquals("input[0].call_id", refused("{\"model\":\"p/m\",\"input\":[{\"type\":\"function_call_output\",\"output\":\"x\"}]}").param());
        BridgeException webSearch = refused("{\"model\":\"p/m\",\"input\":\"Hi\",\"tools\":[{\"type\":\"web_search\"}]}");
        assertEquals("tools[0].type", webSearch.param());
        assertTrue(webSearch.getMessage().contains("'web_search'"), webSearch.getMessage());
        assertEquals("max_output_tokens", refused("{\"model\":\"p/m\",\"input\":\"Hi\",\"max_output_tokens\":0}").param());
        assertEquals("temperature", refused("{\"model\":\"p/m\",\"input\":\"Hi\",\"temperature\":\"hot\"}").param());
        assertEquals("stream", refused("{\"model\":\"p/m\",\"input\":\"Hi\",\"stream\":\"yes\"}").param());
        assertEquals("text.format.type", refused("{\"model\":\"p/m\",\"input\":\"Hi\",\"text\":{\"format\":{\"type\":\"xml\"}}}").param());
        assertEquals("tool_choice", refused("{\"model\":\"p/m\",\"input\":\"Hi\",\"tool_choice\":\"sometimes\"}").param());
        assertNull(refused("[1]").param());
        assertNull(refused("{\"model\":").param());
    }

    @Test
    void a_chat_answer_becomes_a_response_with_reasoning_text_and_calls_in_order() {
        ResponsesRequest request = request("{\"model\":\"p/m\",\"input\":\"Hi\",\"metadata\":{\"k\":\"v\"}}");
        ChatResponse answer = new ChatResponse("""
                {"id":"chatcmpl-1","object":"chat.completion","created":1,"model":"m","choices":[{"index":0,
                 "message":{"role":"assistant","content":"Sure.","reasoning_content":"Think.",
                  "tool_calls":[{"id":"call_1","type":"function","function":{"name":"f","arguments":"{}"}}]},
                 "finish_reason":"tool_calls"}]}""",
                new Usage(10L, 5L, 15L, 2L, 4L, UsageSource.PROVIDER), "tool_calls", null);

        Map<String, Object> response = ResponsesAnswer.json(answer, request, CONTEXT);

        assertEquals(PlainJson.parse("""
                {"id":"resp_0123456789abcdef01234567","object":"response","created_at":1700000000,"status":"completed",
                 "error":null,"incomplete_details":null,"model":"p/m","output":[
                  {"id":"rs_0123456789abcdef01234567_0","type":"reasoning","status":"completed","summary":[],
                   "content":[{"type":"reasoning_text","text":"Think."}]},
                  {"id":"msg_0123456789abcdef01234567_1","type":"message","status":"completed","role":"assistant",
                   "content":[{"type":"output_text","text":"Sure.","annotations":[],"logprobs":[]}]},
                  {"id":"fc_0123456789abcdef01234567_2","type":"function_call","status":"completed","call_id":"call_1",
                   "name":"f","arguments":"{}"}],
                 "instructions":null,"max_output_tokens":null,"parallel_tool_calls":true,"previous_response_id":null,
                 "reasoning":{"effort":null,"summary":null},"store":false,"temperature":null,
                 "text":{"format":{"type":"text"}},"tool_choice":"auto","tools":[],"top_p":null,"truncation":"disabled",
                 "user":null,"metadata":{"k":"v"},
                 "usage":{"input_tokens":10,"input_tokens_details":{"cached_tokens":4},"output_tokens":5,
                  "output_tokens_details":{"reasoning_tokens":2},"total_tokens":15}}"""),
                PlainJson.parse(PlainJson.write(response)));
    }

    @Test
    void an_answer_cut_by_the_token_limit_is_incomplete_and_says_so() {
        ChatResponse answer = new ChatResponse("""
                {"choices":[{"index":0,"message":{"role":"assistant","content":"One two"},"finish_reason":"length"}]}""",
                null, "length", null);
        Map<String, Object> response = ResponsesAnswer.json(answer, request("{\"model\":\"p/m\",\"input\":\"Hi\"}"), CONTEXT);
        assertEquals("incomplete", response.get("status"));
        assertEquals(Map.of("reason", "max_output_tokens"), response.get("incomplete_details"));
        assertNull(response.get("usage"));
    }
}

package io.llmbridge.adapter.out.openai;

import io.llmbridge.domain.Usage;
import io.llmbridge.domain.UsageSource;
import jakarta.json.JsonException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OpenAiJsonTest {

    @Test
    void reads_the_first_choices_delta_content_and_finish_reason_of_a_chunk() {
        OpenAiJson.Fields fields = OpenAiJson.read("""
                {"id":"c1","object":"chat.completion.chunk","choices":[
                  {"index":0,"delta":{"role":"assistant","content":"Hi","tool_calls":[{"a":[1,{}]}]},"logprobs":null,"finish_reason":null},
                  {"index":1,"delta":{"content":"other"},"finish_reason":"length"}],"usage":null}""");
        assertEquals(new OpenAiJson.Fields(false, null, "Hi", null), fields);
        assertEquals("stop", OpenAiJson.read("{\"choices\":[{\"delta\":{},\"finish_reason\":\"stop\"}]}").finishReason());
    }

    @Test
    void reads_the_usage_of_a_completion_with_its_details() {
        OpenAiJson.Fields fields = OpenAiJson.read("""
                {"choices":[{"message":{"role":"assistant","content":"x"},"finish_reason":"stop"}],
                 "usage":{"prompt_tokens":61,"completion_tokens":38,"total_tokens":99,
                   "prompt_tokens_details":{"cached_tokens":5,"audio_tokens":0},
                   "completion_tokens_details":{"reasoning_tokens":7}},"system_fingerprint":"fp"}""");
        assertEquals("stop", fields.finishReason());
        assertNull(fields.contentDelta());
        assertEquals(new Usage(61L, 38L, 99L, 7L, 5L, UsageSource.PROVIDER), fields.usage());
    }

    @Test
    void leaves_missing_or_odd_values_null() {
        assertEquals(new Usage(3L, null, null, null, null, UsageSource.PROVIDER),
                OpenAiJson.read("{\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":\"many\",\"prompt_tokens_details\":null}}").usage());
        assertEquals(new OpenAiJson.Fields(false, null, null, null), OpenAiJson.read("{\"choices\":[]}"));
        assertEquals(new OpenAiJson.Fields(false, null, null, null), OpenAiJson.read("{\"choices\":[[1],{\"finish_reason\":\"stop\"}]}"));
        assertEquals(new OpenAiJson.Fields(false, null, null, null), OpenAiJson.read("{\"choices\":[{\"delta\":{\"content\":[1]},\"finish_reason\":1}]}"));
    }

    @Test
    void notices_an_error_member() {
        assertTrue(OpenAiJson.read("{\"error\":{\"message\":\"overloaded\",\"code\":529}}").error());
        assertFalse(OpenAiJson.read("{\"errors\":1}").error());
    }

    @Test
    void refuses_anything_but_one_whole_json_object() {
        for (String text : new String[] {"[1]", "\"text\"", "", "{\"a\":1", "{\"a\":}", "{\"a\":[1}", "{} {}", "{\"choices\":[{\"delta\":{]}]}"}) {
            assertThrows(JsonException.class, () -> OpenAiJson.read(text), text);
        }
    }
}

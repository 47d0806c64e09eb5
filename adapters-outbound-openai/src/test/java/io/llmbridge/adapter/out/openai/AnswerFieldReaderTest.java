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

class AnswerFieldReaderTest {

    @Test
    void a_chunk_gives_the_text_of_all_its_choices_and_the_first_finish_reason() {
        AnswerFieldReader.Fields fields = AnswerFieldReader.chunk("{\"id\":\"c\",\"choices\":["
                + "{\"index\":0,\"delta\":{\"content\":\"Hel\",\"reasoning_content\":\"think\",\"reasoning\":\"other\"},\"finish_reason\":\"stop\"},"
                + "{\"index\":1,\"delta\":{\"content\":\"lo\",\"reasoning\":\"more\",\"tool_calls\":[{\"index\":0,"
                + "\"function\":{\"arguments\":\"{\\\"a\\\":1}\",\"name\":\"f\"}}]},\"finish_reason\":\"length\"}]}", false);
        assertEquals("Hello", fields.content());
        assertEquals("thinkmore", fields.reasoning(), "reasoning_content wins over reasoning in one message");
        assertEquals("f{\"a\":1}", fields.toolCalls(), "a function's name, then its arguments");
        assertEquals("stop", fields.finishReason());
        assertFalse(fields.error());
        assertFalse(fields.usageOnly());
    }

    @Test
    void an_id_is_read_when_asked_for_and_a_whole_answer_always_gives_it() {
        String chunk = "{\"id\":\"chatcmpl-7\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"a\"}}]}";
        assertEquals("chatcmpl-7", AnswerFieldReader.chunk(chunk, true).id());
        assertNull(AnswerFieldReader.chunk(chunk, false).id(), "a later chunk's id is not copied out");
        assertNull(AnswerFieldReader.chunk("{\"id\":7,\"choices\":[]}", true).id(), "an id that is not a string is none");
        assertEquals("chatcmpl-8", AnswerFieldReader.completion("{\"choices\":[],\"id\":\"chatcmpl-8\"}").id());
    }

    @Test
    void the_usage_chunk_is_recognised_and_a_reported_zero_stays_a_zero() {
        AnswerFieldReader.Fields fields = AnswerFieldReader.chunk("{\"choices\":[],\"usage\":{\"prompt_tokens\":0,\"completion_tokens\":3,"
                + "\"total_tokens\":3,\"completion_tokens_details\":{\"reasoning_tokens\":1},\"prompt_tokens_details\":{\"cached_tokens\":0}}}", false);
        assertTrue(fields.usageOnly());
        assertEquals(new Usage(0L, 3L, 3L, 1L, 0L, UsageSource.PROVIDER), fields.usage());
        assertNull(fields.content());
    }

    @Test
    void a_whole_answer_reads_its_message_and_an_error_event_is_flagged() {
        AnswerFieldReader.Fields completion = AnswerFieldReader.completion("{\"choices\":[{\"message\":{\"role\":\"assistant\",\"content\":null,"
                + "\"function_call\":{\"name\":\"g\",\"arguments\":\"{}\"}},\"finish_reason\":\"function_call\"}]}");
        assertEquals("g{}", completion.generated().toolCalls());
        assertEquals("", completion.generated().content());
        assertTrue(AnswerFieldReader.chunk("{\"error\":{\"message\":\"boom\"}}", false).error());
    }

    @Test
    void malformed_json_is_refused() {
        assertThrows(JsonException.class, () -> AnswerFieldReader.chunk("{\"choices\":[{\"delta\":", false));
        assertThrows(JsonException.class, () -> AnswerFieldReader.chunk("[1]", false));
        assertThrows(JsonException.class, () -> AnswerFieldReader.chunk("{} {}", false));
    }
}

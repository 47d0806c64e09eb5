package io.llmbridge.adapter.out.openai;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The Response's id, as the relay reads it from a whole body or from the events as they pass. */
class ResponsesFieldsTest {
    private static final String CREATED = "{\"type\":\"response.created\",\"sequence_number\":0,\"response\":{\"id\":\"resp_1\","
            + "\"object\":\"response\",\"status\":\"in_progress\",\"output\":[],\"usage\":null}}";
    private static final String DELTA = "{\"type\":\"response.output_text.delta\",\"sequence_number\":4,\"item_id\":\"msg_1\","
            + "\"delta\":\"say \\\"response.created\\\" twice\"}";
    private static final String COMPLETED = "{\"type\":\"response.completed\",\"sequence_number\":8,\"response\":{\"id\":\"resp_2\","
            + "\"status\":\"completed\",\"output\":[],\"usage\":{\"input_tokens\":3,\"output_tokens\":1}}}";

    @Test
    void a_stream_is_named_by_its_first_event_so_a_stream_cut_short_has_its_id() {
        ResponsesFields fields = new ResponsesFields();
        fields.event(CREATED);
        assertEquals("resp_1", fields.responseId());
        fields.event(COMPLETED);
        assertEquals("resp_1", fields.responseId(), "the first id stays");
    }

    @Test
    void without_response_created_the_terminal_event_names_it() {
        ResponsesFields fields = new ResponsesFields();
        fields.event(DELTA);
        assertNull(fields.responseId(), "a text that mentions the event's name is no event");
        fields.event("not json \"response.created\"");
        assertNull(fields.responseId());
        fields.event(COMPLETED);
        assertEquals("resp_2", fields.responseId());
    }

    @Test
    void a_whole_response_gives_its_id() {
        ResponsesFields fields = ResponsesFields.of("{\"id\":\"resp_3\",\"object\":\"response\",\"status\":\"completed\",\"output\":[]}"
                .getBytes(StandardCharsets.UTF_8));
        assertEquals("resp_3", fields.responseId());
        assertEquals("stop", fields.finishReason());
    }
}

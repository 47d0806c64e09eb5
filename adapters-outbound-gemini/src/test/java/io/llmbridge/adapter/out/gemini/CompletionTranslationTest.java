package io.llmbridge.adapter.out.gemini;

import io.llmbridge.adapter.support.json.PlainJson;
import io.llmbridge.domain.BridgeException;
import io.llmbridge.domain.ChatResponse;
import io.llmbridge.domain.ErrorKind;
import io.llmbridge.domain.Usage;
import io.llmbridge.domain.UsageSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.LinkedHashMap;
import java.util.Map;

import static io.llmbridge.adapter.out.gemini.Fixtures.assertSameJson;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Whole answers, each scenario a folder of fixtures: what the client sends, what Gemini must
 * receive, what Gemini answers (shaped as Google's reference documents it), what the client must get.
 */
class CompletionTranslationTest {
    @RegisterExtension
    static final GeminiMock gemini = new GeminiMock();

    @Test
    void translates_a_plain_text_exchange() {
        ChatResponse response = roundTrip("plain-text");
        assertEquals(new Usage(6L, 3L, 9L, 0L, 0L, UsageSource.PROVIDER), response.usage());
        assertEquals("stop", response.finishReason());
        assertEquals("mKdDaOvnE5yNz7IPkdnNuQk", response.upstreamRequestId());
        assertEquals("mKdDaOvnE5yNz7IPkdnNuQk", response.responseId(), "Gemini's own id names the answer");
    }

    @Test
    void an_answer_without_a_response_id_is_named_by_the_id_the_client_gets() {
        Map<String, Object> answer = new LinkedHashMap<>(Fixtures.json("plain-text/gemini-response.json"));
        answer.remove("responseId");
        ChatResponse response = ResponseTranslator.translate(answer, "gemini-2.5-flash", 1L,
                new GeminiFailures("gemini", "GEMINI_API_KEY", null));
        assertTrue(response.responseId().startsWith("chatcmpl-"), response.responseId());
        assertEquals(PlainJson.parseObject(response.json()).get("id"), response.responseId());
    }

    @Test
    void sends_system_and_developer_messages_as_the_system_instruction_and_merges_consecutive_user_turns() {
        roundTrip("multi-turn-with-system");
    }

    @Test
    void translates_every_generation_setting_and_each_candidate_into_its_own_choice() {
        roundTrip("several-candidates");
    }

    @Test
    void sends_images_audio_and_files_inline_or_by_url_with_a_guessed_mime_type() {
        roundTrip("image-input");
    }

    @Test
    void converts_tool_schemas_for_gemini_and_answers_a_function_call_as_tool_calls() {
        roundTrip("function-call");
    }

    @Test
    void gives_several_function_calls_in_one_answer_distinct_ids_in_order() {
        roundTrip("function-calls-several");
    }

    @Test
    void sends_earlier_tool_calls_and_their_results_back_as_function_calls_and_responses() {
        roundTrip("tool-results");
    }

    @Test
    void asks_for_json_output_in_json_mode() {
        roundTrip("json-mode");
    }

    @Test
    void sends_a_json_schema_as_the_response_schema_keeping_its_property_order() {
        roundTrip("json-schema");
    }

    @Test
    void maps_reasoning_effort_to_a_thinking_budget_and_thoughts_to_reasoning_content() {
        ChatResponse response = roundTrip("thinking");
        assertEquals(new Usage(10L, 128L, 138L, 120L, 4L, UsageSource.PROVIDER), response.usage());
    }

    @Test
    void reports_log_probabilities_the_way_openai_does() {
        roundTrip("logprobs");
    }

    @Test
    void reports_an_answer_stopped_for_safety_as_content_filter() {
        ChatResponse response = roundTrip("safety-finish");
        assertEquals("content_filter", response.finishReason());
    }

    @Test
    void tells_the_client_stop_but_keeps_geminis_own_reason_when_openai_has_no_word_for_it() {
        ChatResponse response = roundTrip("malformed-function-call");
        assertEquals("MALFORMED_FUNCTION_CALL", response.finishReason());
    }

    @Test
    void refuses_a_prompt_gemini_blocked_with_a_content_filter_error_naming_the_reason() {
        gemini.answer("prompt-blocked/gemini-response.json");
        BridgeException error = assertThrows(BridgeException.class,
                () -> gemini.provider().complete(GeminiMock.route(), Fixtures.request("plain-text/openai-request.json")));
        assertEquals(ErrorKind.INVALID_REQUEST, error.kind());
        assertEquals("content_filter", error.code());
        assertEquals(400, error.upstreamStatus());
        assertTrue(error.getMessage().contains("SAFETY"), error.getMessage());
    }

    private static ChatResponse roundTrip(String scenario) {
        gemini.answer(scenario + "/gemini-response.json");
        ChatResponse response = gemini.provider().complete(GeminiMock.route(), Fixtures.request(scenario + "/openai-request.json"));
        assertSameJson(Fixtures.json(scenario + "/gemini-request.json"), gemini.receivedBody());
        assertSameJson(Fixtures.json(scenario + "/openai-response.json"), PlainJson.parseObject(response.json()));
        return response;
    }
}

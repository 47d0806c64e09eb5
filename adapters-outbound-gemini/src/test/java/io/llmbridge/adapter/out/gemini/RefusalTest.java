package io.llmbridge.adapter.out.gemini;

import io.llmbridge.adapter.support.json.PlainJson;
import io.llmbridge.domain.BridgeException;
import io.llmbridge.domain.ChatRequest;
import io.llmbridge.domain.ErrorKind;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** What cannot be said to Gemini is refused with a 400 naming the field, before any call is made. */
class RefusalTest {
    private static final String USER = "{\"role\":\"user\",\"content\":\"Hi\"}";
    private static final String TOOL = "{\"type\":\"function\",\"function\":{\"name\":\"f\",\"parameters\":%s}}";

    @RegisterExtension
    static final GeminiMock gemini = new GeminiMock();

    static Stream<Arguments> untranslatable() {
        return Stream.of(
                arguments("an unknown parameter", "\"logit_bias\":{\"50256\":-100}", "logit_bias"),
                arguments("a parameter OpenAI has and Gemini lacks", "\"audio\":{\"voice\":\"alloy\",\"format\":\"wav\"}", "audio"),
                arguments("one call per answer", "\"parallel_tool_calls\":false", "parallel_tool_calls"),
                arguments("audio output", "\"modalities\":[\"text\",\"audio\"]", "modalities"),
                arguments("an unknown reasoning effort", "\"reasoning_effort\":\"extreme\"", "reasoning_effort"),
                arguments("an unknown response format", "\"response_format\":{\"type\":\"xml\"}", "response_format.type"),
                arguments("a tool that is not a function", "\"tools\":[{\"type\":\"web_search\"}]", "tools[0].type"),
                arguments("a schema keyword Gemini lacks", "\"tools\":[" + TOOL.formatted(
                        "{\"type\":\"object\",\"properties\":{\"a\":{\"allOf\":[{\"type\":\"string\"}]}}}") + "]",
                        "tools[0].function.parameters.properties.a.allOf"),
                arguments("a recursive schema", "\"tools\":[" + TOOL.formatted(
                        "{\"type\":\"object\",\"properties\":{\"node\":{\"$ref\":\"#/$defs/Node\"}},"
                                + "\"$defs\":{\"Node\":{\"type\":\"object\",\"properties\":{\"next\":{\"$ref\":\"#/$defs/Node\"}}}}}") + "]",
                        "tools[0].function.parameters.properties.node.properties.next.$ref"),
                arguments("a remote schema reference", "\"tools\":[" + TOOL.formatted(
                        "{\"type\":\"object\",\"properties\":{\"a\":{\"$ref\":\"https://example.com/a.json\"}}}") + "]",
                        "tools[0].function.parameters.properties.a.$ref"),
                arguments("allowed tools Gemini may skip", "\"tools\":[" + TOOL.formatted("{\"type\":\"object\"}") + "],"
                        + "\"tool_choice\":{\"type\":\"allowed_tools\",\"allowed_tools\":{\"mode\":\"auto\",\"tools\":[]}}",
                        "tool_choice.allowed_tools.mode"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("untranslatable")
    void refuses_a_request_field_gemini_cannot_honour(String what, String field, String param) {
        assertRefused("{\"model\":\"gemini/gemini-2.5-flash\",\"messages\":[" + USER + "]," + field + "}", param);
    }

    static Stream<Arguments> untranslatableMessages() {
        return Stream.of(
                arguments("an image from another scheme",
                        "{\"role\":\"user\",\"content\":[{\"type\":\"image_url\",\"image_url\":{\"url\":\"ftp://example.com/a.png\"}}]}",
                        "messages[0].content[0].image_url.url"),
                arguments("a file stored at OpenAI",
                        "{\"role\":\"user\",\"content\":[{\"type\":\"file\",\"file\":{\"file_id\":\"file-abc123\"}}]}",
                        "messages[0].content[0].file.file_id"),
                arguments("a data URL that is not base64",
                        "{\"role\":\"user\",\"content\":[{\"type\":\"image_url\",\"image_url\":{\"url\":\"data:image/png,%89PNG\"}}]}",
                        "messages[0].content[0].image_url.url"),
                arguments("audio Gemini does not read",
                        "{\"role\":\"user\",\"content\":[{\"type\":\"input_audio\",\"input_audio\":{\"data\":\"AAAA\",\"format\":\"opus\"}}]}",
                        "messages[0].content[0].input_audio.format"),
                arguments("an image in a system message",
                        "{\"role\":\"system\",\"content\":[{\"type\":\"image_url\",\"image_url\":{\"url\":\"https://example.com/a.png\"}}]}",
                        "messages[0].content[0].type"),
                arguments("arguments that are not a JSON object",
                        "{\"role\":\"assistant\",\"tool_calls\":[{\"id\":\"c1\",\"type\":\"function\",\"function\":{\"name\":\"f\",\"arguments\":\"[1,2]\"}}]}",
                        "messages[0].tool_calls[0].function.arguments"),
                arguments("a tool result for no known call",
                        "{\"role\":\"tool\",\"tool_call_id\":\"call_unknown\",\"content\":\"42\"}",
                        "messages[0].tool_call_id"),
                arguments("a message field Gemini has no place for",
                        "{\"role\":\"assistant\",\"content\":\"Hi\",\"audio\":{\"id\":\"audio_abc\"}}",
                        "messages[0].audio"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("untranslatableMessages")
    void refuses_message_content_gemini_cannot_take(String what, String message, String param) {
        assertRefused("{\"model\":\"gemini/gemini-2.5-flash\",\"messages\":[" + message + "," + USER + "]}", param);
    }

    private static void assertRefused(String body, String param) {
        ChatRequest request = ChatRequest.from(PlainJson.parseObject(body));
        BridgeException error = assertThrows(BridgeException.class, () -> gemini.provider().complete(GeminiMock.route(), request));
        assertEquals(ErrorKind.INVALID_REQUEST, error.kind());
        assertEquals(param, error.param(), error.getMessage());
        assertTrue(error.getMessage().contains(param), error.getMessage());
        assertEquals(0, gemini.requestCount(), "nothing is sent to Gemini");
    }
}

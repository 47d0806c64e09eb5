package io.llmbridge.adapter.out.tokenizer;

import com.knuddels.jtokkit.api.EncodingType;
import io.llmbridge.domain.ChatRequest;
import io.llmbridge.domain.GeneratedText;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Counts checked against the numbers OpenAI publishes in its cookbook, "How to count tokens with
 * tiktoken", which were confirmed there against the API's own {@code usage.prompt_tokens}.
 */
class JtokkitTokenCounterTest {
    private final JtokkitTokenCounter counter = JtokkitTokenCounter.shared();

    /** The cookbook's example conversation (section 6). */
    private static final List<Map<String, Object>> COOKBOOK_MESSAGES = List.of(
            message("system", null, "You are a helpful, pattern-following assistant that translates corporate jargon into plain English."),
            message("system", "example_user", "New synergies will help drive top-line growth."),
            message("system", "example_assistant", "Things working well together will increase revenue."),
            message("system", "example_user", "Let's circle back when we have more bandwidth to touch base on opportunities for increased leverage."),
            message("system", "example_assistant", "Let's talk later when we're less busy about how to do better."),
            message("user", null, "This late pivot means we don't have time to boil the ocean for the client deliverable."));

    /** The cookbook's tool example (section 7). */
    private static final Map<String, Object> WEATHER_TOOL = Map.of("type", "function", "function", ordered(
            "name", "get_current_weather",
            "description", "Get the current weather in a given location",
            "parameters", ordered(
                    "type", "object",
                    "properties", ordered(
                            "location", ordered("type", "string", "description", "The city and state, e.g. San Francisco, CA"),
                            "unit", ordered("type", "string", "description", "The unit of temperature to return",
                                    "enum", List.of("celsius", "fahrenheit"))),
                    "required", List.of("location"))));

    private static Map<String, Object> message(String role, String name, Object content) {
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("role", role);
        if (name != null) {
            message.put("name", name);
        }
        message.put("content", content);
        return message;
    }

    private static Map<String, Object> ordered(Object... pairs) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put((String) pairs[i], pairs[i + 1]);
        }
        return map;
    }

    private static ChatRequest request(List<Map<String, Object>> messages, Object... more) {
        Map<String, Object> body = ordered(more);
        body.put("model", "m");
        body.put("messages", messages);
        return ChatRequest.from(body);
    }

    @ParameterizedTest
    @CsvSource({"gpt-3.5-turbo, 129", "gpt-4-0613, 129", "gpt-4, 129", "gpt-4o, 124", "gpt-4o-mini, 124",
            "gpt-3.5-turbo-0301, 127"})
    void counts_the_cookbook_conversation_as_the_api_did(String model, long expected) {
        assertEquals(expected, counter.promptTokens(model, request(COOKBOOK_MESSAGES)));
    }

    @ParameterizedTest
    @CsvSource({"gpt-3.5-turbo, 105", "gpt-4, 105", "gpt-4o, 101", "gpt-4o-mini, 101"})
    void counts_the_cookbook_tool_definitions_as_the_api_did(String model, long expected) {
        List<Map<String, Object>> messages = List.of(
                message("system", null, "You are a helpful assistant that can answer to questions about the weather."),
                message("user", null, "What's the weather like in San Francisco?"));
        assertEquals(expected, counter.promptTokens(model, request(messages, "tools", List.of(WEATHER_TOOL))));
    }

    @Test
    void legacy_functions_cost_what_the_same_tools_cost() {
        List<Map<String, Object>> messages = List.of(message("user", null, "What's the weather like in San Francisco?"));
        assertEquals(counter.promptTokens("gpt-4o", request(messages, "tools", List.of(WEATHER_TOOL))),
                counter.promptTokens("gpt-4o", request(messages, "functions", List.of(WEATHER_TOOL.get("function")))));
    }

    @Test
    void an_assistant_tool_call_in_the_history_costs_its_name_arguments_and_framing() {
        Map<String, Object> plain = message("assistant", null, null);
        Map<String, Object> calling = message("assistant", null, null);
        calling.put("tool_calls", List.of(ordered("id", "call_1", "type", "function",
                "function", ordered("name", "get_current_weather", "arguments", "{\"location\":\"Paris\"}"))));
        long difference = counter.promptTokens("gpt-4o", request(List.of(calling)))
                - counter.promptTokens("gpt-4o", request(List.of(plain)));
        long nameAndArguments = counter.completionTokens("gpt-4o", new GeneratedText("get_current_weather", null, null))
                + counter.completionTokens("gpt-4o", new GeneratedText("{\"location\":\"Paris\"}", null, null));
        assertEquals(nameAndArguments + PromptTokens.TOKENS_PER_TOOL_CALL, difference);
    }

    @ParameterizedTest
    @CsvSource({
            // OpenAI's worked examples: 1024² high → 4 tiles; 2048×4096 high → 768×1536, 6 tiles; low is flat.
            "1024, 1024, high, 765",
            "2048, 4096, high, 1105",
            "4096, 8192, low, 85",
            "2048, 4096, auto, 1105",
            "512, 512, high, 255",
            "1000, 100, high, 425",
            "100, 3000, high, 765"})
    void images_cost_what_the_tile_rule_says(int width, int height, String detail, long expected) {
        assertEquals(expected, ImageTokens.count(detail, new ImageSize(width, height)));
    }

    @Test
    void an_inline_image_is_counted_from_its_real_size_and_a_remote_one_by_the_documented_constant() {
        String inline = "data:image/png;base64," + java.util.Base64.getEncoder().encodeToString(ImageSizeTest.pngHeader(2048, 4096));
        assertEquals(1105, imageCost(inline, "high"));
        assertEquals(85, imageCost(inline, "low"));
        assertEquals(ImageTokens.UNKNOWN_SIZE, imageCost("https://example.com/cat.png", "high"));
        assertEquals(765, ImageTokens.UNKNOWN_SIZE);
    }

    /** What adding one image part to a user message costs. */
    private long imageCost(String url, String detail) {
        Map<String, Object> text = ordered("type", "text", "text", "What is in this image?");
        List<Object> withImage = new ArrayList<>(List.of(text, ordered("type", "image_url", "image_url", ordered("url", url, "detail", detail))));
        return counter.promptTokens("gpt-4o", request(List.of(message("user", null, withImage))))
                - counter.promptTokens("gpt-4o", request(List.of(message("user", null, List.of(text)))));
    }

    @Test
    void text_parts_count_like_the_same_text_as_a_string() {
        Map<String, Object> parts = message("user", null, List.of(ordered("type", "text", "text", "Hello world")));
        assertEquals(counter.promptTokens("gpt-4o", request(List.of(message("user", null, "Hello world")))),
                counter.promptTokens("gpt-4o", request(List.of(parts))));
    }

    @Test
    void completion_tokens_add_content_reasoning_and_tool_calls() {
        assertEquals(2, counter.completionTokens("gpt-4o", new GeneratedText("Hello world", null, null)));
        long each = counter.completionTokens("gpt-4o", new GeneratedText("Hello world", null, null));
        assertEquals(3 * each, counter.completionTokens("gpt-4o", new GeneratedText("Hello world", "Hello world", "Hello world")));
        assertEquals(0, counter.completionTokens("gpt-4o", GeneratedText.NONE));
    }

    @Test
    void text_that_spells_a_special_token_is_counted_as_text() {
        assertTrue(counter.completionTokens("gpt-4", new GeneratedText("a <|endoftext|> b", null, null)) > 3);
    }

    @ParameterizedTest
    @CsvSource({"gpt-4o, O200K_BASE", "gpt-4o-mini-2024-07-18, O200K_BASE", "gpt-4.1, O200K_BASE", "gpt-5-mini, O200K_BASE",
            "o1, O200K_BASE", "o3-mini, O200K_BASE", "o4-mini, O200K_BASE", "chatgpt-4o-latest, O200K_BASE",
            "openai/gpt-4o, O200K_BASE", "ft:gpt-4o-mini:acme::abc, O200K_BASE", "GPT-4O, O200K_BASE",
            "gpt-4, CL100K_BASE", "gpt-4-turbo, CL100K_BASE", "gpt-3.5-turbo, CL100K_BASE", "deepseek-chat, CL100K_BASE",
            "meta-llama/llama-3-70b, CL100K_BASE", "qwen2.5:7b, CL100K_BASE", "omni-moderation, CL100K_BASE"})
    void the_encoding_follows_the_model_family(String model, String encoding) {
        assertEquals(encoding, ModelFamily.of(model).encoding().name());
    }

    @Test
    void loads_an_encoding_only_when_an_estimate_needs_it_and_only_that_one() {
        JtokkitTokenCounter fresh = new JtokkitTokenCounter();
        assertEquals(Set.of(), fresh.loadedEncodings(), "nothing is loaded before the first estimate");

        assertEquals(1, fresh.completionTokens("gpt-4o", new GeneratedText("Hello", null, null)));
        assertEquals(Set.of(EncodingType.O200K_BASE), fresh.loadedEncodings());

        assertEquals(1, fresh.completionTokens("deepseek-chat", new GeneratedText("Hello", null, null)));
        assertEquals(Set.of(EncodingType.O200K_BASE, EncodingType.CL100K_BASE), fresh.loadedEncodings());
    }
}

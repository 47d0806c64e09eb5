package io.llmbridge.adapter.out.gemini;

import io.llmbridge.domain.ChatRequest;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An OpenAI chat request → a Gemini {@code GenerateContentRequest}. Every field the client sent
 * is either translated ({@link #RULES}), known to be harmless to leave out ({@link #IGNORED}),
 * or refused with a 400 naming it: nothing is dropped silently. JSON null counts as absent.
 */
final class RequestTranslator {
    /**
     * Fields with no effect on what Gemini generates: the model and stream flag choose the URL,
     * {@code messages} are translated on their own, the rest are OpenAI's bookkeeping (end-user
     * ids, storage, cache keys) that Gemini has no place for.
     */
    private static final Set<String> IGNORED = Set.of("model", "messages", "stream", "stream_options", "user", "store",
            "metadata", "prompt_cache_key", "safety_identifier");

    /** One translated field: its value, validated, written into the Gemini request. */
    private interface Rule {
        void apply(Object value, GeminiRequest target, ChatRequest request);
    }

    private static final Map<String, Rule> RULES = Map.ofEntries(
            Map.entry("temperature", (v, t, r) -> t.generation("temperature", number("temperature", v))),
            Map.entry("top_p", (v, t, r) -> t.generation("topP", number("top_p", v))),
            // ChatRequest already picked max_completion_tokens over the legacy max_tokens.
            Map.entry("max_tokens", (v, t, r) -> t.generation("maxOutputTokens", r.maxTokens())),
            Map.entry("max_completion_tokens", (v, t, r) -> t.generation("maxOutputTokens", r.maxTokens())),
            Map.entry("stop", (v, t, r) -> t.generation("stopSequences", stopSequences(v))),
            Map.entry("n", (v, t, r) -> t.generation("candidateCount", integer("n", v))),
            Map.entry("seed", (v, t, r) -> t.generation("seed", integer("seed", v))),
            Map.entry("presence_penalty", (v, t, r) -> t.generation("presencePenalty", number("presence_penalty", v))),
            Map.entry("frequency_penalty", (v, t, r) -> t.generation("frequencyPenalty", number("frequency_penalty", v))),
            Map.entry("logprobs", (v, t, r) -> {
                if (bool("logprobs", v)) {
                    t.generation("responseLogprobs", true);
                }
            }),
            Map.entry("top_logprobs", (v, t, r) -> t.generation("logprobs", integer("top_logprobs", v))),
            Map.entry("response_format", (v, t, r) -> ResponseFormat.apply(v, t)),
            Map.entry("reasoning_effort", (v, t, r) -> t.generation("thinkingConfig", Thinking.config(v))),
            Map.entry("tools", (v, t, r) -> t.tools(ToolTranslator.tools(v))),
            Map.entry("tool_choice", (v, t, r) -> t.toolConfig(ToolTranslator.toolConfig(v))),
            Map.entry("parallel_tool_calls", (v, t, r) -> {
                if (!bool("parallel_tool_calls", v)) {
                    throw Refusals.untranslatable("parallel_tool_calls", "Gemini cannot be limited to one function call per answer.");
                }
            }),
            Map.entry("modalities", (v, t, r) -> {
                if (!List.of("text").equals(v)) {
                    throw Refusals.untranslatable("modalities", "through this gateway Gemini answers with text only.");
                }
            }));

    private RequestTranslator() {
    }

    static Map<String, Object> translate(ChatRequest request) {
        GeminiRequest target = new GeminiRequest(MessageTranslator.translate(request.messages()));
        request.body().forEach((field, value) -> {
            if (value == null || IGNORED.contains(field)) {
                return;
            }
            Rule rule = RULES.get(field);
            if (rule == null) {
                throw Refusals.untranslatable(field, "Gemini has no equivalent of this OpenAI parameter.");
            }
            rule.apply(value, target, request);
        });
        return target.toJson();
    }

    private static Object number(String field, Object value) {
        if (!(value instanceof Number)) {
            throw Refusals.invalid(field, "a number", value);
        }
        return value;
    }

    private static Object integer(String field, Object value) {
        if (!(value instanceof Number number) || number.doubleValue() != Math.rint(number.doubleValue())) {
            throw Refusals.invalid(field, "an integer", value);
        }
        return number.longValue();
    }

    private static boolean bool(String field, Object value) {
        if (!(value instanceof Boolean flag)) {
            throw Refusals.invalid(field, "a boolean", value);
        }
        return flag;
    }

    private static List<?> stopSequences(Object value) {
        List<?> stops = value instanceof String one ? List.of(one) : (List<?>) value;
        if (!stops.stream().allMatch(String.class::isInstance)) {
            throw Refusals.invalid("stop", "a string or an array of strings", value);
        }
        return stops;
    }

    /** The request being built, its parts in the order of Google's reference. */
    static final class GeminiRequest {
        private final MessageTranslator.Conversation conversation;
        private final Map<String, Object> generationConfig = new LinkedHashMap<>();
        private List<Object> tools;
        private Map<String, Object> toolConfig;

        GeminiRequest(MessageTranslator.Conversation conversation) {
            this.conversation = conversation;
        }

        void generation(String field, Object value) {
            generationConfig.put(field, value);
        }

        void tools(List<Object> tools) {
            this.tools = tools;
        }

        void toolConfig(Map<String, Object> toolConfig) {
            this.toolConfig = toolConfig;
        }

        Map<String, Object> toJson() {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("contents", conversation.contents());
            putIfPresent(json, "tools", tools);
            putIfPresent(json, "toolConfig", toolConfig);
            putIfPresent(json, "systemInstruction", conversation.systemInstruction());
            if (!generationConfig.isEmpty()) {
                json.put("generationConfig", generationConfig);
            }
            return json;
        }

        private static void putIfPresent(Map<String, Object> json, String field, Object value) {
            if (value != null) {
                json.put(field, value);
            }
        }
    }
}

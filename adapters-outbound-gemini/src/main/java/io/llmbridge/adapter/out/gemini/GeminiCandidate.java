package io.llmbridge.adapter.out.gemini;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What one Gemini candidate (or one streamed piece of it) says: its answer text, its thoughts
 * ({@code thought: true} parts), the functions it calls, its log probabilities and how it ended.
 * Text and thoughts are null when there were none; other part kinds (code execution, images)
 * cannot arise from what this adapter asks and are not read.
 */
record GeminiCandidate(int index, String text, String thoughts, List<FunctionCall> calls,
                       Map<String, Object> logprobsResult, String finishReason) {

    record FunctionCall(String name, Map<String, Object> args) {
    }

    /** @param position where the candidate stands in the list, for when Gemini omits index 0 */
    static GeminiCandidate read(Object value, int position) {
        Map<String, Object> candidate = Values.object(value);
        StringBuilder text = null;
        StringBuilder thoughts = null;
        List<FunctionCall> calls = new ArrayList<>();
        for (Object item : Values.list(Values.object(candidate, "content"), "parts")) {
            Map<String, Object> part = Values.object(item);
            // Gemini may close a stream with an empty text part that only carries a thought signature.
            String partText = Values.string(part, "text");
            boolean hasText = partText != null && !partText.isEmpty();
            if (hasText && Values.isTrue(part, "thought")) {
                thoughts = (thoughts == null ? new StringBuilder() : thoughts).append(partText);
            } else if (hasText) {
                text = (text == null ? new StringBuilder() : text).append(partText);
            }
            Map<String, Object> call = Values.object(part, "functionCall");
            if (call != null) {
                Map<String, Object> args = Values.object(call, "args");
                calls.add(new FunctionCall(Values.string(call, "name"), args == null ? Map.of() : args));
            }
        }
        int index = candidate != null && candidate.get("index") instanceof Number n ? n.intValue() : position;
        return new GeminiCandidate(index, text == null ? null : text.toString(), thoughts == null ? null : thoughts.toString(),
                List.copyOf(calls), Values.object(candidate, "logprobsResult"), Values.string(candidate, "finishReason"));
    }
}

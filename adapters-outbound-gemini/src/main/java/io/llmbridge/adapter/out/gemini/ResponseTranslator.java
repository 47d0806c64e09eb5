package io.llmbridge.adapter.out.gemini;

import io.llmbridge.adapter.support.json.PlainJson;
import io.llmbridge.domain.ChatResponse;
import io.llmbridge.domain.GeneratedText;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A Gemini {@code GenerateContentResponse} → an OpenAI {@code chat.completion}. */
final class ResponseTranslator {
    private ResponseTranslator() {
    }

    /**
     * @param fallbackModel what {@code model} says when Gemini does not name its model version
     * @param created       the answer's time, seconds since the epoch
     */
    static ChatResponse translate(Map<String, Object> response, String fallbackModel, long created, GeminiFailures failures) {
        failures.requireNotBlocked(response);
        List<GeminiCandidate> candidates = candidates(response);
        if (candidates.isEmpty()) {
            throw failures.invalidResponse("answered without any candidate");
        }
        String responseId = Values.string(response, "responseId");
        String id = CompletionIds.completion(responseId);
        String model = Values.string(response, "modelVersion");
        Map<String, Object> completion = OpenAiShapes.envelope(id, "chat.completion", created, model != null ? model : fallbackModel);
        List<Object> choices = new ArrayList<>();
        Finish first = null;
        for (GeminiCandidate candidate : candidates) {
            Finish finish = Finish.of(candidate.finishReason() == null ? "STOP" : candidate.finishReason(), !candidate.calls().isEmpty());
            first = first == null ? finish : first;
            choices.add(choice(id, candidate, finish));
        }
        completion.put("choices", choices);
        UsageTranslation usage = UsageTranslation.of(Values.object(response, "usageMetadata"));
        if (usage != null) {
            completion.put("usage", usage.json());
        }
        return new ChatResponse(PlainJson.write(completion), usage == null ? null : usage.usage(), first.recorded(), responseId,
                CompletionIds.answer(responseId, id), GeneratedText.NONE);
    }

    static List<GeminiCandidate> candidates(Map<String, Object> response) {
        List<?> list = Values.list(response, "candidates");
        List<GeminiCandidate> candidates = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            candidates.add(GeminiCandidate.read(list.get(i), i));
        }
        candidates.sort(Comparator.comparingInt(GeminiCandidate::index));
        return candidates;
    }

    private static Map<String, Object> choice(String id, GeminiCandidate candidate, Finish finish) {
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("role", "assistant");
        message.put("content", candidate.text());
        if (candidate.thoughts() != null) {
            message.put("reasoning_content", candidate.thoughts());
        }
        if (!candidate.calls().isEmpty()) {
            message.put("tool_calls", OpenAiShapes.toolCalls(id, candidate, 0, false));
        }
        message.put("refusal", null);
        Map<String, Object> choice = new LinkedHashMap<>();
        choice.put("index", candidate.index());
        choice.put("message", message);
        choice.put("logprobs", OpenAiShapes.logprobs(candidate.logprobsResult()));
        choice.put("finish_reason", finish.openAi());
        return choice;
    }
}

package io.llmbridge.adapter.out.gemini;

import io.llmbridge.adapter.support.json.PlainJson;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The pieces of OpenAI's response JSON that whole answers and chunks share. */
final class OpenAiShapes {
    private OpenAiShapes() {
    }

    static Map<String, Object> envelope(String id, String object, long created, String model) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", id);
        json.put("object", object);
        json.put("created", created);
        json.put("model", model);
        return json;
    }

    /**
     * @param firstNumber how many calls of this candidate came before (streams number them across chunks)
     * @param indexed     whether each entry carries its {@code index}, as stream deltas must
     */
    static List<Object> toolCalls(String completionId, GeminiCandidate candidate, int firstNumber, boolean indexed) {
        List<Object> calls = new ArrayList<>();
        for (int i = 0; i < candidate.calls().size(); i++) {
            GeminiCandidate.FunctionCall call = candidate.calls().get(i);
            int number = firstNumber + i;
            Map<String, Object> function = new LinkedHashMap<>();
            function.put("name", call.name());
            function.put("arguments", PlainJson.write(call.args()));
            Map<String, Object> json = new LinkedHashMap<>();
            if (indexed) {
                json.put("index", number);
            }
            json.put("id", CompletionIds.toolCall(completionId, candidate.index(), number));
            json.put("type", "function");
            json.put("function", function);
            calls.add(json);
        }
        return calls;
    }

    /** Gemini's {@code logprobsResult} → OpenAI's {@code logprobs}; null stays null. */
    static Map<String, Object> logprobs(Map<String, Object> logprobsResult) {
        if (logprobsResult == null) {
            return null;
        }
        List<?> chosen = Values.list(logprobsResult, "chosenCandidates");
        List<?> top = Values.list(logprobsResult, "topCandidates");
        List<Object> content = new ArrayList<>();
        for (int step = 0; step < chosen.size(); step++) {
            Map<String, Object> token = tokenLogprob(Values.object(chosen.get(step)));
            List<Object> alternatives = new ArrayList<>();
            if (step < top.size()) {
                Values.list(Values.object(top.get(step)), "candidates")
                        .forEach(alternative -> alternatives.add(tokenLogprob(Values.object(alternative))));
            }
            token.put("top_logprobs", alternatives);
            content.add(token);
        }
        Map<String, Object> logprobs = new LinkedHashMap<>();
        logprobs.put("content", content);
        logprobs.put("refusal", null);
        return logprobs;
    }

    private static Map<String, Object> tokenLogprob(Map<String, Object> candidate) {
        String token = Values.string(candidate, "token");
        List<Object> bytes = new ArrayList<>();
        for (byte b : (token == null ? "" : token).getBytes(StandardCharsets.UTF_8)) {
            bytes.add((long) (b & 0xff));
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("token", token == null ? "" : token);
        json.put("logprob", candidate != null && candidate.get("logProbability") instanceof Number n ? n : 0L);
        json.put("bytes", bytes);
        return json;
    }
}

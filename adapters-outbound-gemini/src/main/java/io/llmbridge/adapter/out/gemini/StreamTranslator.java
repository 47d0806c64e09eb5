package io.llmbridge.adapter.out.gemini;

import io.llmbridge.adapter.support.http.TranslatedStream;
import io.llmbridge.adapter.support.json.PlainJson;
import io.llmbridge.domain.ChatChunk;
import io.llmbridge.domain.Usage;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Gemini's streamed {@code GenerateContentResponse}s → OpenAI {@code chat.completion.chunk}s.
 * Each candidate's first chunk carries the role; its function calls are numbered across the
 * whole stream (0, 1, 2…), each call whole in one delta. Finish chunks wait for the end of the
 * upstream stream, because Gemini repeats its usage on every event and only the last one counts:
 * that usage goes on the last chunk, or on a chunk of its own when the client asked for it.
 */
final class StreamTranslator implements TranslatedStream.Translator {
    private static final String OBJECT = "chat.completion.chunk";

    private final String fallbackModel;
    private final long created;
    private final boolean includeUsage;
    private final GeminiFailures failures;
    private final Map<Integer, CandidateState> candidates = new TreeMap<>();
    private String id;
    private String responseId;
    private String model;
    private UsageTranslation usage;

    /** What the stream has said of one candidate so far. */
    private static final class CandidateState {
        int calls;
        Finish finish;
    }

    StreamTranslator(String fallbackModel, long created, boolean includeUsage, GeminiFailures failures) {
        this.fallbackModel = fallbackModel;
        this.created = created;
        this.includeUsage = includeUsage;
        this.failures = failures;
    }

    @Override
    public List<ChatChunk> onData(String data) {
        Map<String, Object> event;
        try {
            event = PlainJson.parseObject(data);
        } catch (RuntimeException e) {
            throw failures.brokenStream("sent an event that is not a JSON object");
        }
        if (event.get("error") != null) {
            throw failures.inStream(event);
        }
        return onEvent(event);
    }

    List<ChatChunk> onEvent(Map<String, Object> event) {
        failures.requireNotBlocked(event);
        if (id == null) {
            responseId = Values.string(event, "responseId");
            id = CompletionIds.completion(responseId);
            String version = Values.string(event, "modelVersion");
            model = version != null ? version : fallbackModel;
        }
        UsageTranslation reported = UsageTranslation.of(Values.object(event, "usageMetadata"));
        usage = reported != null ? reported : usage;
        List<ChatChunk> chunks = new ArrayList<>();
        for (GeminiCandidate candidate : ResponseTranslator.candidates(event)) {
            ChatChunk chunk = delta(candidate);
            if (chunk != null) {
                chunks.add(chunk);
            }
        }
        return chunks;
    }

    private ChatChunk delta(GeminiCandidate candidate) {
        CandidateState state = candidates.get(candidate.index());
        Map<String, Object> delta = new LinkedHashMap<>();
        if (state == null) {
            state = new CandidateState();
            candidates.put(candidate.index(), state);
            delta.put("role", "assistant");
            delta.put("content", candidate.text() == null ? "" : candidate.text());
        } else if (candidate.text() != null) {
            delta.put("content", candidate.text());
        }
        if (candidate.thoughts() != null) {
            delta.put("reasoning_content", candidate.thoughts());
        }
        if (!candidate.calls().isEmpty()) {
            delta.put("tool_calls", OpenAiShapes.toolCalls(id, candidate, state.calls, true));
            state.calls += candidate.calls().size();
        }
        if (candidate.finishReason() != null) {
            state.finish = Finish.of(candidate.finishReason(), state.calls > 0);
        }
        Map<String, Object> logprobs = OpenAiShapes.logprobs(candidate.logprobsResult());
        if (delta.isEmpty() && logprobs == null) {
            return null;
        }
        return chunk(candidate.index(), delta, logprobs, null, candidate.text());
    }

    /** Gemini's {@code responseId}, once the first event has come; may be null. */
    @Override
    public String upstreamRequestId() {
        return responseId;
    }

    /** Gemini's {@code responseId}, or the chunks' id when it gave none; null before the first event. */
    @Override
    public String responseId() {
        return id == null ? null : CompletionIds.answer(responseId, id);
    }

    /** The finish chunks and the usage chunk; a stream that ends with no candidate finished was cut off. */
    @Override
    public List<ChatChunk> onEnd() {
        if (candidates.isEmpty() || candidates.values().stream().anyMatch(state -> state.finish == null)) {
            throw failures.brokenStream("closed the stream before it finished");
        }
        List<ChatChunk> chunks = new ArrayList<>();
        candidates.forEach((index, state) -> chunks.add(chunk(index, Map.of(), null, state.finish, null)));
        Usage total = usage == null ? null : usage.usage();
        if (includeUsage && usage != null) {
            Map<String, Object> json = OpenAiShapes.envelope(id, OBJECT, created, model);
            json.put("choices", List.of());
            json.put("usage", usage.json());
            chunks.add(new ChatChunk(PlainJson.write(json), null, null, total));
        } else if (total != null) {
            // The client did not ask to see usage; the gateway still accounts what Gemini reported.
            ChatChunk last = chunks.removeLast();
            chunks.add(new ChatChunk(last.json(), last.contentDelta(), last.finishReason(), total));
        }
        return chunks;
    }

    private ChatChunk chunk(int index, Map<String, Object> delta, Map<String, Object> logprobs, Finish finish, String content) {
        Map<String, Object> choice = new LinkedHashMap<>();
        choice.put("index", index);
        choice.put("delta", delta);
        choice.put("logprobs", logprobs);
        choice.put("finish_reason", finish == null ? null : finish.openAi());
        Map<String, Object> json = OpenAiShapes.envelope(id, OBJECT, created, model);
        json.put("choices", List.of(choice));
        if (includeUsage) {
            json.put("usage", null); // as OpenAI does: every chunk but the last says it has none
        }
        return new ChatChunk(PlainJson.write(json), content, finish == null ? null : finish.recorded(), null);
    }
}

package io.llmbridge.adapter.out.echo;

import io.llmbridge.adapter.support.json.PlainJson;
import io.llmbridge.application.port.out.provider.ChatProvider;
import io.llmbridge.application.port.out.provider.EmbeddingProvider;
import io.llmbridge.domain.ChatChunk;
import io.llmbridge.domain.ChatMessage;
import io.llmbridge.domain.ChatRequest;
import io.llmbridge.domain.ChatResponse;
import io.llmbridge.domain.ChatStream;
import io.llmbridge.domain.EmbeddingRequest;
import io.llmbridge.domain.Embeddings;
import io.llmbridge.domain.GeneratedText;
import io.llmbridge.domain.ModelRoute;
import io.llmbridge.domain.Usage;
import io.llmbridge.domain.UsageSource;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Repeats the last user message. Its "tokenizer" is whitespace: one word is one token, which is
 * what its usage reports, and {@code max_tokens} cuts the answer after that many words. Like an
 * OpenAI upstream the gateway asked for usage, a stream always ends with a usage chunk, kept
 * from the client unless it asked for usage ({@code stream_options.include_usage}).
 */
final class EchoChatProvider implements ChatProvider, EmbeddingProvider {
    private final Clock clock;

    EchoChatProvider(Clock clock) {
        this.clock = clock;
    }

    @Override
    public ChatResponse complete(ModelRoute route, ChatRequest request, Duration timeout) {
        Answer answer = answer(route, request);
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("role", "assistant");
        String text = String.join(" ", answer.words);
        message.put("content", text);
        message.put("refusal", null);
        Map<String, Object> choice = new LinkedHashMap<>();
        choice.put("index", 0);
        choice.put("message", message);
        choice.put("logprobs", null);
        choice.put("finish_reason", answer.finishReason);
        Map<String, Object> completion = envelope(answer, "chat.completion");
        completion.put("choices", List.of(choice));
        completion.put("usage", usageJson(answer.usage));
        return new ChatResponse(PlainJson.write(completion), answer.usage, answer.finishReason, null, answer.id,
                new GeneratedText(text, null, null));
    }

    @Override
    public Embeddings embed(ModelRoute route, EmbeddingRequest request, Duration timeout) {
        return EchoEmbeddings.embed(route.upstreamModel(), request);
    }

    @Override
    public ChatStream stream(ModelRoute route, ChatRequest request) {
        Answer answer = answer(route, request);
        boolean includeUsage = request.body().get("stream_options") instanceof Map<?, ?> options
                && Boolean.TRUE.equals(options.get("include_usage"));
        List<ChatChunk> chunks = new ArrayList<>();
        Map<String, Object> opening = new LinkedHashMap<>();
        opening.put("role", "assistant");
        opening.put("content", "");
        chunks.add(chunk(answer, opening, null, null));
        for (int i = 0; i < answer.words.size(); i++) {
            String word = i == 0 ? answer.words.get(i) : " " + answer.words.get(i);
            chunks.add(chunk(answer, Map.of("content", word), null, word));
        }
        chunks.add(chunk(answer, Map.of(), answer.finishReason, null));
        Map<String, Object> usageJson = envelope(answer, "chat.completion.chunk");
        usageJson.put("choices", List.of());
        usageJson.put("usage", usageJson(answer.usage));
        ChatChunk usageChunk = new ChatChunk(PlainJson.write(usageJson), null, null, answer.usage);
        chunks.add(includeUsage ? usageChunk : usageChunk.notForClient());
        Iterator<ChatChunk> iterator = chunks.iterator();
        return new ChatStream() {
            @Override
            public Optional<ChatChunk> next() {
                return iterator.hasNext() ? Optional.of(iterator.next()) : Optional.empty();
            }

            @Override
            public String responseId() {
                return answer.id;
            }

            @Override
            public void close() {
                // nothing held
            }
        };
    }

    private ChatChunk chunk(Answer answer, Map<String, Object> delta, String finishReason, String content) {
        Map<String, Object> choice = new LinkedHashMap<>();
        choice.put("index", 0);
        choice.put("delta", delta);
        choice.put("logprobs", null);
        choice.put("finish_reason", finishReason);
        Map<String, Object> chunk = envelope(answer, "chat.completion.chunk");
        chunk.put("choices", List.of(choice));
        return new ChatChunk(PlainJson.write(chunk), content, finishReason, null);
    }

    private Map<String, Object> envelope(Answer answer, String object) {
        Map<String, Object> envelope = new LinkedHashMap<>();
        envelope.put("id", answer.id);
        envelope.put("object", object);
        envelope.put("created", answer.created);
        envelope.put("model", answer.model);
        envelope.put("system_fingerprint", "echo");
        return envelope;
    }

    private Answer answer(ModelRoute route, ChatRequest request) {
        List<ChatMessage> messages = request.messages();
        String lastUserText = "";
        long promptWords = 0;
        for (ChatMessage message : messages) {
            String text = message.text();
            promptWords += words(text).size();
            if ("user".equals(message.role())) {
                lastUserText = text;
            }
        }
        List<String> words = words(lastUserText);
        String finishReason = "stop";
        if (request.maxTokens() != null && words.size() > request.maxTokens()) {
            words = words.subList(0, request.maxTokens().intValue());
            finishReason = "length";
        }
        Usage usage = new Usage(promptWords, (long) words.size(), promptWords + words.size(), null, null, UsageSource.PROVIDER);
        return new Answer("chatcmpl-echo-" + UUID.randomUUID(), clock.instant().getEpochSecond(),
                route.upstreamModel(), words, finishReason, usage);
    }

    private static List<String> words(String text) {
        String trimmed = text.strip();
        return trimmed.isEmpty() ? List.of() : Arrays.asList(trimmed.split("\\s+"));
    }

    private static Map<String, Object> usageJson(Usage usage) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("prompt_tokens", usage.promptTokens());
        json.put("completion_tokens", usage.completionTokens());
        json.put("total_tokens", usage.totalTokens());
        return json;
    }

    private record Answer(String id, long created, String model, List<String> words, String finishReason, Usage usage) {
    }
}

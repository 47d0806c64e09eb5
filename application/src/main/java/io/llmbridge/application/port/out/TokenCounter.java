package io.llmbridge.application.port.out;

import io.llmbridge.domain.ChatRequest;
import io.llmbridge.domain.GeneratedText;

/**
 * Counts tokens the way a model family's tokenizer does, offline: how the gateway estimates
 * usage when a provider reports none.
 */
public interface TokenCounter {
    /**
     * The prompt tokens of a request as the model receives it: the messages with their
     * formatting overhead, tool definitions and images.
     *
     * @param model the upstream model id, which selects the encoding
     */
    long promptTokens(String model, ChatRequest request);

    /** The completion tokens of generated text: content, reasoning and tool calls. */
    long completionTokens(String model, GeneratedText output);
}

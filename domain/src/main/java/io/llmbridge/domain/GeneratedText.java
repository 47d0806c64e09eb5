package io.llmbridge.domain;

/**
 * Text a model generated, by kind: what completion tokens are counted from when a provider
 * reports no usage. {@code toolCalls} holds the function names and arguments it produced.
 * Never null: absent text is empty.
 */
public record GeneratedText(String content, String reasoning, String toolCalls) {
    public static final GeneratedText NONE = new GeneratedText("", "", "");

    public GeneratedText {
        content = content == null ? "" : content;
        reasoning = reasoning == null ? "" : reasoning;
        toolCalls = toolCalls == null ? "" : toolCalls;
    }

    public boolean isEmpty() {
        return content.isEmpty() && reasoning.isEmpty() && toolCalls.isEmpty();
    }
}

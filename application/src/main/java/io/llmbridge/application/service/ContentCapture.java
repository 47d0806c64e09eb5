package io.llmbridge.application.service;

import io.llmbridge.domain.ChatContent;
import io.llmbridge.domain.ChatMessage;
import io.llmbridge.domain.ChatRequest;

/**
 * Whether prompt and completion text go into each {@link io.llmbridge.domain.ChatRecord}, and how
 * much of each. Off by default: then no text is kept at all, not even briefly for a stream.
 *
 * @param maxChars the most characters kept of the prompt and of the completion; 0 keeps none
 */
public record ContentCapture(int maxChars) {
    public static final ContentCapture OFF = new ContentCapture(0);

    public ContentCapture {
        if (maxChars < 0) {
            throw new IllegalArgumentException("maxChars must not be negative");
        }
    }

    boolean enabled() {
        return maxChars > 0;
    }

    /** The request's prompt and the answer's text (null or empty when there was none); null when capture is off. */
    ChatContent of(ChatRequest request, String completion) {
        if (!enabled()) {
            return null;
        }
        BoundedText prompt = new BoundedText(maxChars);
        for (ChatMessage message : request.messages()) {
            if (!prompt.isEmpty()) {
                prompt.append("\n");
            }
            prompt.append(message.role()).append(": ").append(message.text());
        }
        boolean answered = completion != null && !completion.isEmpty();
        return new ChatContent(prompt.toString(), answered ? new BoundedText(maxChars).append(completion).toString() : null);
    }
}

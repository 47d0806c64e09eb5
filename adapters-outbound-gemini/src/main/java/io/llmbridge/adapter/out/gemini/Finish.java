package io.llmbridge.adapter.out.gemini;

import java.util.Set;

/**
 * How a candidate ended, for the client ({@code openAi}) and for the gateway's own records
 * ({@code recorded}): where OpenAI has no word for Gemini's reason, the client reads
 * {@code stop} and the records keep Gemini's reason, so nothing is lost for the audit.
 */
record Finish(String openAi, String recorded) {
    private static final Set<String> FILTERED = Set.of("SAFETY", "RECITATION", "BLOCKLIST", "PROHIBITED_CONTENT",
            "SPII", "IMAGE_SAFETY", "IMAGE_PROHIBITED_CONTENT", "IMAGE_RECITATION");

    /** Null while Gemini has not finished the candidate. */
    static Finish of(String geminiReason, boolean calledFunction) {
        if (geminiReason == null) {
            return null;
        }
        if ("STOP".equals(geminiReason)) {
            return same(calledFunction ? "tool_calls" : "stop");
        }
        if ("MAX_TOKENS".equals(geminiReason)) {
            return same("length");
        }
        if (FILTERED.contains(geminiReason)) {
            return same("content_filter");
        }
        return new Finish("stop", geminiReason);
    }

    private static Finish same(String reason) {
        return new Finish(reason, reason);
    }
}

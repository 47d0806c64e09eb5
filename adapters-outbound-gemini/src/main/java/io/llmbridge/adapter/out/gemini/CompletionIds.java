package io.llmbridge.adapter.out.gemini;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.UUID;

/**
 * OpenAI-style ids. A completion's id comes from Gemini's {@code responseId} when there is one;
 * a tool call's id is derived from the completion id and the call's place, so it is the same in
 * every chunk that mentions the call and unique across answers.
 */
final class CompletionIds {
    private CompletionIds() {
    }

    static String completion(String responseId) {
        return "chatcmpl-" + (given(responseId) ? responseId : UUID.randomUUID().toString().replace("-", ""));
    }

    /** The answer's id as recorded: Gemini's {@code responseId}, or the completion id the gateway made when it gave none. */
    static String answer(String responseId, String completionId) {
        return given(responseId) ? responseId : completionId;
    }

    private static boolean given(String responseId) {
        return responseId != null && !responseId.isBlank();
    }

    static String toolCall(String completionId, int candidate, int call) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((completionId + "/" + candidate + "/" + call).getBytes(StandardCharsets.UTF_8));
            return "call_" + HexFormat.of().formatHex(digest, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

package io.llmbridge.bootstrap;

/** {@code chat.completion.chunk} JSON as an OpenAI upstream writes it, for test upstreams. */
final class OpenAiChunks {
    private OpenAiChunks() {
    }

    /** @param finishReason null while the answer goes on */
    static String content(String text, String finishReason) {
        String delta = text.isEmpty() ? "{}" : "{\"content\":\"" + text + "\"}";
        return "{\"id\":\"chatcmpl-test\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,\"model\":\"gpt-test\","
                + "\"choices\":[{\"index\":0,\"delta\":" + delta + ",\"finish_reason\":"
                + (finishReason == null ? "null" : "\"" + finishReason + "\"") + "}]}";
    }
}
